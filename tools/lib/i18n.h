/*
 * i18n: the language a tool speaks, and the gettext macros every message a
 * person reads goes through (STYLE.md, "Messages in two languages").
 *
 * The language is, in this order: --lang zh|en; the locale (LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG) when it names zh or en; the plan's own
 * `language:` in plan.yaml; English.  A git server's hook runs under
 * LANG=C, so a Chinese plan still answers in Chinese there.  Translations
 * are always written as UTF-8, whatever the locale's character set.
 *
 * The catalogue (plan.mo) is looked up beside the program, so the build
 * tree works without installing: $PLAN_LOCALEDIR, then BIN/../locale (the
 * build tree), BIN/../share/locale and BIN/../../share/locale (installed
 * under PREFIX/bin or PREFIX/libexec/plan), then the compiled-in
 * PLAN_LOCALEDIR.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define _(s) gettext(s)
/* marks a string for the catalogue where gettext cannot run (a static
 * initialiser); _() translates it where it is used */
#define N_(s) s
/* the same with a context (msgctxt) for a word that has several
 * translations; gettext of it returns the whole string when it is not
 * translated, so the reader skips to the text after the \004 */
#define P_(ctx, s) ctx "\004" s

enum i18n_lang { I18N_EN, I18N_ZH };

/* Set up the locale and the catalogue; the language from the locale. */
void i18n_init(void);

/* --lang ARG ("zh", "en", or a locale name such as zh_CN.UTF-8): 0, or -1
 * when it names neither language. */
int i18n_set(const char *arg);

/* The plan's `language:` (NULL when it has none): used only when neither
 * --lang nor the locale chose. */
void i18n_plan_default(const char *lang);

enum i18n_lang i18n_lang(void);

/*
 * Put LANGUAGE back as the caller had it, before running another of the
 * tools (plan runs its commands): gettext is steered through LANGUAGE
 * here, and the command must choose its language again by itself (its
 * --lang, the locale, its plan's language:).
 */
void i18n_child_env(void);

#endif
