/* i18n: see i18n.h. */
#include "i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PLAN_LOCALEDIR
#define PLAN_LOCALEDIR "/usr/local/share/locale"
#endif

static enum i18n_lang lang = I18N_EN;
static int chosen;	/* by --lang or the locale: the plan does not override */
/* LANGUAGE as the caller set it (apply changes it), for i18n_child_env */
static char *caller_language;
static int caller_saved;

/* "zh_CN.UTF-8" -> zh; "en_US" -> en; "C", "" or anything else -> -1 */
static int lang_of(const char *s)
{
	if (!s)
		return -1;
	if (!strncmp(s, "zh", 2) && (!s[2] || strchr("_.@:", s[2])))
		return I18N_ZH;
	if (!strncmp(s, "en", 2) && (!s[2] || strchr("_.@:", s[2])))
		return I18N_EN;
	return -1;
}

static int has_catalogue(const char *dir)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/zh_CN/LC_MESSAGES/plan.mo", dir)
	    >= (int)sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

static void bind_catalogue(void)
{
	static const char *const rel[] = {
		"/../locale", "/../share/locale", "/../../share/locale"
	};
	const char *env = getenv("PLAN_LOCALEDIR");
	char exe[PATH_MAX], dir[PATH_MAX];
	ssize_t n;
	size_t i;

	if (env && *env && has_catalogue(env)) {
		bindtextdomain("plan", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			if (snprintf(dir, sizeof(dir), "%s%s", exe, rel[i]) <
				    (int)sizeof(dir) && has_catalogue(dir)) {
				bindtextdomain("plan", dir);
				return;
			}
		}
	}
	bindtextdomain("plan", PLAN_LOCALEDIR);
}

/*
 * gettext reads LANGUAGE only when the locale of LC_MESSAGES is not "C",
 * and converts translations to LC_CTYPE's character set (ASCII under
 * LANG=C, which turns Chinese into question marks).  The tools write
 * UTF-8 whatever the locale, so both are moved to C.UTF-8 when needed.
 */
static void apply(void)
{
	const char *m = setlocale(LC_MESSAGES, NULL);

	if (lang == I18N_ZH) {
		if (!m || !strcmp(m, "C") || !strcmp(m, "POSIX"))
			setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", "zh_CN", 1);
	} else {
		setenv("LANGUAGE", "en", 1);
	}
	/* a new textdomain call drops gettext's cache of translations */
	textdomain("plan");
}

void i18n_init(void)
{
	static const char *const vars[] = {
		"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"
	};
	size_t i;
	int l;

	lang = I18N_EN;
	chosen = 0;
	if (!caller_saved) {
		const char *v = getenv("LANGUAGE");

		caller_language = v ? strdup(v) : NULL;
		caller_saved = 1;
	}
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	bind_catalogue();
	bind_textdomain_codeset("plan", "UTF-8");
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (!v || !*v)
			continue;
		if ((l = lang_of(v)) >= 0) {
			lang = (enum i18n_lang)l;
			chosen = 1;
		}
		break;
	}
	apply();
}

int i18n_set(const char *arg)
{
	int l = lang_of(arg);

	if (l < 0)
		return -1;
	lang = (enum i18n_lang)l;
	chosen = 1;
	apply();
	return 0;
}

void i18n_plan_default(const char *plan_lang)
{
	int l = lang_of(plan_lang);

	if (chosen || l < 0 || (enum i18n_lang)l == lang)
		return;
	lang = (enum i18n_lang)l;
	apply();
}

enum i18n_lang i18n_lang(void)
{
	return lang;
}

void i18n_child_env(void)
{
	if (!caller_saved)
		return;
	if (caller_language)
		setenv("LANGUAGE", caller_language, 1);
	else
		unsetenv("LANGUAGE");
}
