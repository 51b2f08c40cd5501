/*
 * i18n: the gettext macros every message a person reads goes through, so
 * that a message catalogue can translate it (STYLE.md, "Messages in two
 * languages").  Until a tool binds its text domain, gettext returns the
 * message as written.  Strings in static tables are marked with N_() and
 * translated with _() where they are used.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
