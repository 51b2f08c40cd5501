/*
 * Unit tests of cli.c, the option handling every tool shares: the exact
 * words of a missing value and of an unknown option, --help and
 * --version (which exit, so they run in a child process) including a
 * stdout that cannot be written, --format text|json and --color WHEN.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitfix.h"
#include "cli.h"
#include "diag.h"
#include "xalloc.h"

static const char usage[] = "usage: tool [--format text|json]";
static const char help[] = "Do the thing.\n";

/* the file's text (up to 1 KiB, enough for a message); caller frees */
static char *slurp(FILE *f)
{
	char buf[1024];
	size_t got;

	rewind(f);
	got = fread(buf, 1, sizeof(buf) - 1, f);
	buf[got] = '\0';
	fclose(f);
	return xstrdup(buf);
}

/*
 * Run cli_option(c) in a child whose stdout is out (a file), as getopt_long
 * would have left it after argv[1]; returns the child's exit status, or
 * -1 when it did not exit (cli_option returned, or a crash).
 */
static int option_in_child(int c, int out)
{
	char *argv[] = { "tool", "--x", NULL };
	pid_t pid;
	int st;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out, 1);
		optind = 2;
		cli_option(c, usage, help, argv);
		_exit(99);
	}
	assert_true(waitpid(pid, &st, 0) == pid);
	return WIFEXITED(st) && WEXITSTATUS(st) != 99 ? WEXITSTATUS(st) : -1;
}

static void help_and_version(void **state)
{
	FILE *f = tmpfile();
	char *text;

	(void)state;
	assert_non_null(f);
	assert_int_equal(option_in_child('h', fileno(f)), EXIT_CLEAN);
	assert_int_equal(option_in_child(CLI_OPT_VERSION, fileno(f)),
			 EXIT_CLEAN);
	text = slurp(f);
	assert_string_equal(text, "usage: tool [--format text|json]\n\n"
			    "Do the thing.\ntool " PLAN_VERSION "\n");
	free(text);
}

/* a failed write of --help is a failure, not a silent exit 0 */
static void help_to_full_disk(void **state)
{
	int full = open("/dev/full", O_WRONLY);

	(void)state;
	if (full < 0)
		skip();
	gitfix_err_begin();
	assert_int_equal(option_in_child('h', full), EXIT_TROUBLE);
	free(gitfix_err_end());
	close(full);
}

/* the arguments as getopt_long reads them, and the words of the error */
static const struct {
	char *before, *arg;
	const char *err;
} usage_errors[] = {
	{ NULL, "--format", "tool: option '--format' needs a value\n" },
	{ NULL, "-C", "tool: option '-C' needs a value\n" },
	{ NULL, "--repo", "tool: option '--repo' needs a value\n" },
	{ NULL, "-Z", "tool: unknown option '-Z'\n" },
	{ NULL, "-qZ", "tool: unknown option '-Z'\n" },
	{ NULL, "-Zq", "tool: unknown option '-Z'\n" },
	{ NULL, "--frobnicate", "tool: unknown option '--frobnicate'\n" },
	{ NULL, "--frobnicate=1", "tool: unknown option '--frobnicate=1'\n" },
	/* the option before is no part of the error */
	{ "--format=text", "-Zq", "tool: unknown option '-Z'\n" },
	{ "--repo=x", "-Z", "tool: unknown option '-Z'\n" },
	{ "--format=text", "--repo", "tool: option '--repo' needs a value\n" },
	{ "-q", "-C", "tool: option '-C' needs a value\n" },
};

static void usage_error(void **state)
{
	static const struct option longs[] = {
		{ "format", required_argument, NULL, CLI_OPT_FIRST },
		{ "repo", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	char *argv[4], *err, *want;
	size_t i;
	int argc, c, ret;

	(void)state;
	for (i = 0; i < sizeof(usage_errors) / sizeof(*usage_errors); i++) {
		argc = 0;
		argv[argc++] = "tool";
		if (usage_errors[i].before)
			argv[argc++] = usage_errors[i].before;
		argv[argc++] = usage_errors[i].arg;
		argv[argc] = NULL;
		optind = 0;	/* glibc: start afresh */
		opterr = 0;
		while ((c = getopt_long(argc, argv, ":qC:", longs, NULL)) ==
		       'q' || c == CLI_OPT_FIRST || c == 'C')
			;
		gitfix_err_begin();
		ret = cli_option(c, usage, help, argv);
		err = gitfix_err_end();
		want = xasprintf("%s%s\nsee 'plan tool --help'\n",
				 usage_errors[i].err, usage);
		assert_int_equal(ret, EXIT_TROUBLE);
		assert_string_equal(err, want);
		free(err);
		free(want);
	}
}

static void text_or_json(void **state)
{
	int json = -7;
	char *err;

	(void)state;
	assert_int_equal(cli_text_or_json(&json, usage, "json"), 0);
	assert_int_equal(json, 1);
	/* the last --format wins */
	assert_int_equal(cli_text_or_json(&json, usage, "text"), 0);
	assert_int_equal(json, 0);
	gitfix_err_begin();
	assert_int_equal(cli_text_or_json(&json, usage, "JSON"), -1);
	err = gitfix_err_end();
	assert_string_equal(err, "tool: unknown format 'JSON' (text or json)\n"
			    "usage: tool [--format text|json]\n"
			    "see 'plan tool --help'\n");
	free(err);
}

static void color(void **state)
{
	int c = -7;
	char *err;

	(void)state;
	assert_int_equal(cli_color(&c, usage, "always", 0), 0);
	assert_int_equal(c, 1);
	assert_int_equal(cli_color(&c, usage, "never", 0), 0);
	assert_int_equal(c, 0);
	/* JSON has no colours, whatever --color says */
	assert_int_equal(cli_color(&c, usage, "always", 1), 0);
	assert_int_equal(c, 0);
	gitfix_err_begin();
	assert_int_equal(cli_color(&c, usage, "sometimes", 1), -1);
	err = gitfix_err_end();
	assert_string_equal(err, "tool: unknown --color 'sometimes' (auto, "
			    "always or never)\n"
			    "usage: tool [--format text|json]\n"
			    "see 'plan tool --help'\n");
	free(err);
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(cli_color_when("auto"), 0);
	assert_int_equal(cli_color_when("always"), 1);
	assert_int_equal(cli_color_when("never"), 0);
	assert_int_equal(cli_color_when("sometimes"), -1);
	unsetenv("NO_COLOR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help_and_version),
		cmocka_unit_test(help_to_full_disk),
		cmocka_unit_test(usage_error),
		cmocka_unit_test(text_or_json),
		cmocka_unit_test(color),
	};

	diag_set_program("tool");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
