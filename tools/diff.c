/*
 * diff: what changed in the plan between two versions, in the plan's own
 * terms: per task, the fields that differ, old and new, with the changed
 * span of a text marked.  Comments and formatting are no change.  The
 * versions are those git diff would compare; git itself calls this as an
 * external diff or textconv (see .gitattributes and docs/history.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "logfmt.h"
#include "plandiff.h"
#include "repo.h"
#include "xalloc.h"

static const char usage[] =
	N_("usage: plan diff [-C DIR] [--staged] [--format text|json] "
	"[--exit-code]\n"
	"                 [--color=WHEN] [REV1 [REV2]] [TASK...]\n"
	"   or: plan diff [-C DIR] --git-external PATH OLD-FILE OLD-HEX "
	"OLD-MODE\n"
	"                 NEW-FILE NEW-HEX NEW-MODE\n"
	"   or: plan diff [-C DIR] --textconv FILE");

static const char help[] =
	N_("Compare two versions of the plan field by field: status, "
	"progress,\n"
	"as_of, note, each indicator (matched by name), units, deadline and\n"
	"the texts; tasks added, removed or renamed; units and plan.yaml.\n"
	"\n"
	"  no REV        HEAD against the working tree\n"
	"  REV1          REV1 against the working tree\n"
	"  REV1 REV2     REV1 against REV2\n"
	"  --staged      HEAD (or REV1) against the index: what a commit\n"
	"                would record\n"
	"\n"
	"  -C, --repo DIR     the plan's top directory (default: .)\n"
	"      --staged       the new side is the index\n"
	"      --format FMT   text (default) or json\n"
	"      --exit-code    exit 1 when there are differences\n"
	"      --color WHEN   auto (default), always or never\n"
	"      --git-external git's external diff (7 or 9 arguments)\n"
	"      --textconv     git's textconv: FILE as one line per field\n"
	"  -h, --help         this text\n"
	"      --lang LANG    zh or en (default: the locale's language,\n"
	"                     else the plan's language:, else en)\n"
	"      --version      the version\n"
	"\n"
	"TASK is a task number or file (18, tasks/18.yaml); other arguments\n"
	"are revisions.  A version that is not a valid plan is not compared:\n"
	"its findings are printed on stderr.  See docs/history.md.\n"
	"\n"
	"Exit status: 0 done (with --exit-code: no differences), 1\n"
	"differences (with --exit-code) or a side not valid, 2 usage or\n"
	"environment error.\n"
	"\n"
	"Examples:\n"
	"  plan diff                        what is not committed yet\n"
	"  plan diff --staged               what the next commit records\n"
	"  plan diff v2010-03 v2010-04 18   task 18 between two monthly "
	"bulletins\n"
	"  plan diff HEAD~1 HEAD --format json\n");

struct diff_cli {
	struct diff_opts o;
	int exit_code, git_external, textconv;
	int *tasks;
	char **args;
	int n_args;
};

static int parse_opts(struct diff_cli *cli, int argc, char **argv)
{
	enum { OPT_STAGED = CLI_OPT_FIRST, OPT_FORMAT, OPT_EXIT_CODE,
	       OPT_COLOR, OPT_EXTERNAL, OPT_TEXTCONV };
	static const struct option longs[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "staged", no_argument, NULL, OPT_STAGED },
		{ "cached", no_argument, NULL, OPT_STAGED },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "exit-code", no_argument, NULL, OPT_EXIT_CODE },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "git-external", no_argument, NULL, OPT_EXTERNAL },
		{ "textconv", no_argument, NULL, OPT_TEXTCONV },
		CLI_LONG_OPTIONS
	};
	struct diff_opts *o = &cli->o;
	const char *color = NULL;
	int c, i, id;

	while ((c = getopt_long(argc, argv, ":C:h", longs, NULL)) != -1) {
		switch (c) {
		case 'C': o->dir = optarg; break;
		case OPT_STAGED: o->staged = 1; break;
		case OPT_EXIT_CODE: cli->exit_code = 1; break;
		case OPT_EXTERNAL: cli->git_external = 1; break;
		case OPT_TEXTCONV: cli->textconv = 1; break;
		case OPT_FORMAT:
			if (cli_text_or_json(&o->json, usage, optarg))
				return EXIT_TROUBLE;
			break;
		case OPT_COLOR: color = optarg; break;
		default:
			if (cli_option(c, usage, help, argv))
				return EXIT_TROUBLE;
			break;
		}
	}
	if (cli_color(&o->color, usage, color, o->json))
		return EXIT_TROUBLE;
	cli->args = argv + optind;
	cli->n_args = argc - optind;
	if (cli->git_external || cli->textconv) {
		if (cli->git_external && cli->textconv)
			return diag_usage(usage, _("--git-external and "
					     "--textconv exclude each other"));
		if (cli->textconv && cli->n_args != 1)
			return diag_usage(usage, _("--textconv takes one file"));
		return 0;
	}
	cli->tasks = xcalloc((size_t)cli->n_args + 1, sizeof(int));
	for (i = 0; i < cli->n_args; i++) {
		const char *a = cli->args[i];

		if ((id = logfmt_task_arg(a)) >= 0)
			cli->tasks[o->n_tasks++] = id;
		else if (o->n_tasks)
			return diag_usage(usage, _("'%s' is not a task (a number "
					  "or tasks/NN.yaml); revisions come "
					  "first"), a);
		else if (!o->rev1)
			o->rev1 = a;
		else if (!o->rev2)
			o->rev2 = a;
		else
			return diag_usage(usage, _("'%s': two revisions at most"),
					  a);
	}
	if (o->staged && o->rev2)
		return diag_usage(usage, _("--staged compares with the index: "
				     "give one revision at most"));
	o->tasks = cli->tasks;
	return 0;
}

int main(int argc, char **argv)
{
	struct diff_cli cli = { 0 };
	struct diff_result res;
	const char *dir;
	int ret;

	diag_set_program("diff");
	if ((ret = parse_opts(&cli, argc, argv)))
		goto out;
	dir = cli.o.dir ? cli.o.dir : ".";
	repo_init();
	ret = EXIT_TROUBLE;
	if (cli.git_external) {
		if (!diff_git_external(stdout, dir, cli.args, cli.n_args,
				       cli.o.color))
			ret = EXIT_CLEAN;
	} else if (cli.textconv) {
		if (!diff_textconv(stdout, dir, cli.args[0]))
			ret = EXIT_CLEAN;
	} else if (!diff_run(&res, stdout, &cli.o)) {
		ret = res.invalid || (cli.exit_code && res.changes) ?
			EXIT_FINDINGS : EXIT_CLEAN;
	}
	repo_shutdown();
out:
	free(cli.tasks);
	return diag_finish(ret);
}
