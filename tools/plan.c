/*
 * plan: the one command a user types, with the tools as subcommands, in
 * the manner of git: `plan validate`, `plan summary --as-of 2010-06-30`.
 * The subcommands stay small programs of their own; plan finds them in
 * $PLAN_EXEC_PATH, else in ../libexec/plan beside its own binary (where
 * `make install` puts them), else beside it (the build tree), and runs
 * them with the rest of the arguments.  Installed as git-plan too, it
 * makes `git plan ...` work.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "xalloc.h"

static const char usage[] = N_("usage: plan [--version] [--help] COMMAND "
	"[ARGS]");

static const struct command {
	const char *name, *what;
} commands[] = {
	{ "init", N_("start a new plan repository (from a table, or empty)") },
	{ "validate", N_("check every file of the plan: file, line, fix") },
	{ "summary", N_("the progress report, the period report, the year") },
	{ "diff", N_("what changed between two versions, field by field") },
	{ "log", N_("who changed which task's field from what to what") },
	{ "audit", N_("prove from history that every change was allowed") },
	{ "import", N_("read a plan table in the published form") },
	{ "export", N_("write the plan back as such a table") },
};

#define N_COMMANDS (sizeof(commands) / sizeof(*commands))

static void print_help(void)
{
	size_t i;

	printf("%s\n\n", _(usage));
	printf("%s", _("A work plan kept as YAML files in git, checked and "
		       "reported on:\n\n"));
	for (i = 0; i < N_COMMANDS; i++)
		printf("  %-10s %s\n", commands[i].name, _(commands[i].what));
	printf("\n%s", _("'plan help COMMAND', 'plan COMMAND --help' or 'man "
			 "plan-COMMAND' tells more; the files are described in "
			 "plan-format(5).\n\nExit status: that of the command; "
			 "2 for an unknown command.\n"));
}

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* the directory of this program, from /proc/self/exe; "" if unknown */
static void own_dir(char out[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", out, PATH_MAX - 1);
	char *slash;

	out[n > 0 ? n : 0] = '\0';
	slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
	else
		out[0] = '\0';
}

/* run subcommand name with args; returns only when it cannot be run */
static int run(const char *name, char **args)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	const char *env = getenv("PLAN_EXEC_PATH");
	const char *where[3];
	size_t i, n = 0;

	own_dir(dir);
	if (env && *env)
		where[n++] = env;
	where[n++] = "/../libexec/plan";
	where[n++] = "";
	for (i = 0; i < n; i++) {
		if (where[i] == env)
			snprintf(path, sizeof(path), "%s/%s", env, name);
		else
			snprintf(path, sizeof(path), "%s%s/%s", dir, where[i],
				 name);
		if (access(path, X_OK))
			continue;
		args[0] = path;
		i18n_child_env();
		execv(path, args);
		return diag_fail(_("cannot run '%s': %s"), path,
				 strerror(errno));
	}
	return diag_fail(_("the command '%s' is not installed beside plan "
			   "(looked in %s/../libexec/plan and %s)"), name,
			 dir, dir);
}

int main(int argc, char **argv)
{
	const char *name;

	diag_set_program("plan");

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help();
		return argc < 2 ? EXIT_TROUBLE : EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("plan %s\n", PLAN_VERSION);
		return EXIT_CLEAN;
	}
	name = argv[1];
	if (!strcmp(name, "help")) {
		static char help_opt[] = "--help";
		char *args[3] = { NULL, help_opt, NULL };

		if (argc < 3) {
			print_help();
			return EXIT_CLEAN;
		}
		if (!find(argv[2]))
			return diag_usage(usage, _("'%s' is not a plan "
					  "command (plan --help lists them)"),
					  argv[2]);
		return diag_finish(run(argv[2], args) ? EXIT_TROUBLE : 0);
	}
	if (!find(name))
		return diag_usage(usage, _("'%s' is not a plan command (plan "
				  "--help lists them)"), name);
	return diag_finish(run(name, argv + 1) ? EXIT_TROUBLE : 0);
}
