/* cli: see cli.h. */
#include "cli.h"
#include "date.h"
#include "diag.h"
#include "i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The option getopt_long just refused: a long one is the argument itself;
 * a short one may sit inside a cluster ("-qZ"), where only optopt names it.
 */
static const char *option_name(int c, char **argv)
{
	static char name[3];
	const char *arg = argv[optind - 1];

	/* unknown long options leave optopt 0, long-only ones their code;
	 * a long option with a short twin (--repo, -C) only lacks a value
	 * as the last argument read, so only then is that argument it */
	if (optopt <= 0 || optopt > 127 ||
	    (c == ':' && !strncmp(arg, "--", 2)))
		return arg;
	name[0] = '-';
	name[1] = (char)optopt;
	return name;
}

/*
 * --help answers at once, so a --lang after it ("summary --help --lang
 * zh") is applied first; a bad one is left to the loop, which never gets
 * there, and English is kept.
 */
static void lang_ahead(char **argv)
{
	int i;

	for (i = optind; argv[i] && strcmp(argv[i], "--"); i++) {
		if (!strncmp(argv[i], "--lang=", 7))
			i18n_set(argv[i] + 7);
		else if (!strcmp(argv[i], "--lang") && argv[i + 1])
			i18n_set(argv[++i]);
	}
}

int cli_option(int c, const char *usage, const char *help, char **argv)
{
	switch (c) {
	case 'h':
		lang_ahead(argv);
		printf("%s\n\n%s", _(usage), _(help));
		exit(diag_finish(EXIT_CLEAN));
	case CLI_OPT_VERSION:
		printf("%s %s\n", diag_program(), PLAN_VERSION);
		exit(diag_finish(EXIT_CLEAN));
	case CLI_OPT_LANG:
		if (!i18n_set(optarg))
			return 0;
		return diag_usage(usage, _("unknown language '%s' (zh or en)"),
				  optarg);
	case ':':
		return diag_usage(usage, _("option '%s' needs a value"),
				  option_name(c, argv));
	default:
		return diag_usage(usage, _("unknown option '%s'"),
				  option_name(c, argv));
	}
}

int cli_text_or_json(int *json, const char *usage, const char *arg)
{
	if (strcmp(arg, "text") && strcmp(arg, "json")) {
		diag_usage(usage, _("unknown format '%s' (text or json)"), arg);
		return -1;
	}
	*json = !strcmp(arg, "json");
	return 0;
}

int cli_date(const char **out, const char *usage, const char *opt,
	     const char *arg)
{
	if (strlen(arg) != 10 || !date_valid(arg)) {
		/* TRANSLATORS: "--as-of '2010-6-30' is not a date ..." */
		diag_usage(usage, _("%s '%s' is not a date YYYY-MM-DD"), opt,
			   arg);
		return -1;
	}
	*out = arg;
	return 0;
}

int cli_color_when(const char *when)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (when && !strcmp(when, "always"))
		return 1;
	if (when && !strcmp(when, "never"))
		return 0;
	if (when && strcmp(when, "auto"))
		return -1;
	return isatty(STDOUT_FILENO) && !(nc && *nc) &&
	       !(term && !strcmp(term, "dumb"));
}

int cli_color(int *color, const char *usage, const char *when, int json)
{
	if ((*color = cli_color_when(when)) < 0) {
		diag_usage(usage, _("unknown --color '%s' (auto, always or "
			   "never)"), when);
		return -1;
	}
	if (json)
		*color = 0;
	return 0;
}
