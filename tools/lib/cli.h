/*
 * cli: the option handling the tools share, so that every tool answers
 * --help, --version, a missing value, an unknown option, --format
 * text|json and --color WHEN with the same words and exit codes.  A
 * tool's getopt_long loop handles its own options and passes every other
 * value getopt_long returns to cli_option().
 *
 * Ownership: nothing is allocated; the strings passed in are borrowed.
 */
#ifndef CLI_H
#define CLI_H

/*
 * The getopt_long value of --version, for the tool's table; a tool
 * numbers its own long-only options from CLI_OPT_FIRST, above every
 * short option's character.
 */
enum { CLI_OPT_VERSION = 256, CLI_OPT_LANG, CLI_OPT_FIRST };

/* the options every tool takes, closing its table of long options */
#define CLI_LONG_OPTIONS \
	{ "help", no_argument, NULL, 'h' }, \
	{ "lang", required_argument, NULL, CLI_OPT_LANG }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }, \
	{ NULL, 0, NULL, 0 }

/*
 * What getopt_long returned as c when the tool does not handle it: 'h'
 * prints "USAGE\n\nHELP" to stdout and exits 0 (2 when stdout cannot be
 * written, see diag_finish); CLI_OPT_VERSION prints "PROG VERSION" and
 * exits the same way; CLI_OPT_LANG (--lang zh|en) sets the language of
 * messages from here on (i18n_set), or is a usage error; ':' (an option without its value) and anything
 * else (an unknown option) are usage errors naming the option (a long
 * one as given, a short one alone, also from inside "-qZ").
 * Returns EXIT_TROUBLE after the usage error.
 */
int cli_option(int c, const char *usage, const char *help, char **argv);

/*
 * --format text|json: *json is 1 for "json", 0 for "text".  Returns 0,
 * or -1 after the usage error for any other arg.
 */
int cli_text_or_json(int *json, const char *usage, const char *arg);

/*
 * A date option (--as-of, --today): *out is arg when it is a real day
 * written YYYY-MM-DD; otherwise -1 after the usage error naming opt.
 */
int cli_date(const char **out, const char *usage, const char *opt,
	     const char *arg);

/*
 * --color=WHEN: "always" 1, "never" 0, "auto" (or NULL) 1 when stdout is
 * a terminal, NO_COLOR is unset or empty and TERM is not "dumb"; -1 for
 * any other WHEN.  An explicit "always" wins over NO_COLOR, as
 * no-color.org asks of command-line flags.
 */
int cli_color_when(const char *when);

/*
 * --color WHEN (NULL when not given) as cli_color_when reads it; *color is
 * 0 whatever WHEN says when json is set, JSON having no colours.  Returns
 * 0, or -1 after the usage error for an unknown WHEN.
 */
int cli_color(int *color, const char *usage, const char *when, int json);

#endif
