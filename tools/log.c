/*
 * log: the plan's audit trail.  Every commit that changed a task, field
 * by field: who changed what, when, from which value to which.  Read
 * straight from the git object store; the output streams, so a long
 * history costs time, not memory.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "logfmt.h"
#include "logrun.h"
#include "repo.h"
#include "xalloc.h"

static const char usage[] =
	N_("usage: plan log [-C DIR] [--since DATE] [--until DATE] "
	"[--author PAT]\n"
	"                [--unit UNIT] [--field NAME] [--reverse]\n"
	"                [--format text|json] [--color=WHEN] [REVISION-RANGE] "
	"[TASK...]");

static const char help[] =
	N_("Show every change of a task's fields, commit by commit, newest\n"
	"first: commit, date (the author's, with its offset), author, task,\n"
	"field, old -> new value.  Merge commits are compared with their\n"
	"first parent.\n"
	"\n"
	"  -C, --repo DIR      the repository (default: the one around .)\n"
	"      --since DATE    only commits authored at or after DATE\n"
	"      --until DATE    only commits authored at or before DATE (a\n"
	"                      bare date includes that whole day)\n"
	"      --author PAT    only commits whose \"Name <email>\" matches\n"
	"                      the extended regular expression PAT, in any\n"
	"                      case\n"
	"      --unit UNIT     only tasks the unit (its id, name or alias)\n"
	"                      leads, cooperates on or implements (a group\n"
	"                      stands for its members)\n"
	"      --field NAME    only this field, its prefix (indicators) or\n"
	"                      last part (actual)\n"
	"      --reverse       oldest first\n"
	"      --format FMT    text (default) or json (one array)\n"
	"      --color WHEN    auto (default), always or never\n"
	"  -h, --help          this text\n"
	"      --lang LANG     zh or en (default: the locale's language,\n"
	"                      else the plan's language:, else en)\n"
	"      --version       the version\n"
	"\n"
	"DATE is YYYY-MM-DD, optionally with THH:MM[:SS] and Z or +HH:MM.\n"
	"REVISION-RANGE is A..B or a revision (default: HEAD).  TASK is a\n"
	"task number or file (18, tasks/18.yaml); the first argument that is\n"
	"neither is the range.  A task file that does not load shows as a\n"
	"change to or from \"(invalid: ...)\".  See docs/history.md.\n"
	"\n"
	"A filter that matches nothing says so on stderr.  Exit status: 0\n"
	"done, 2 usage or environment error (bad range, an unknown unit,\n"
	"field or task, history cut by a shallow clone: the output then\n"
	"stops at the cut).\n"
	"\n"
	"Examples:\n"
	"  plan log 18                          who moved task 18, and when\n"
	"  plan log --field progress --since 2010-04-01 --until 2010-06-30\n"
	"  plan log --unit jmw v2010-03..v2010-04\n"
	"                                       the department's tasks in "
	"April\n"
	"  plan log --author '@fgw\\.' --format json\n");

struct log_cli {
	const char *dir;
	struct log_opts o;
	int *tasks;
};

static int parse_opts(struct log_cli *cli, int argc, char **argv)
{
	enum { OPT_SINCE = CLI_OPT_FIRST, OPT_UNTIL, OPT_AUTHOR, OPT_UNIT,
	       OPT_FIELD, OPT_REVERSE, OPT_FORMAT, OPT_COLOR };
	static const struct option longs[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "field", required_argument, NULL, OPT_FIELD },
		{ "reverse", no_argument, NULL, OPT_REVERSE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "color", required_argument, NULL, OPT_COLOR },
		CLI_LONG_OPTIONS
	};
	struct log_opts *o = &cli->o;
	const char *color = NULL;
	int c, i, id;

	while ((c = getopt_long(argc, argv, ":C:h", longs, NULL)) != -1) {
		switch (c) {
		case 'C': cli->dir = optarg; break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (logfmt_parse_date(c == OPT_SINCE ? &o->walk.since :
					      &o->walk.until, optarg,
					      c == OPT_UNTIL))
				return diag_usage(usage, _("bad date '%s' "
						  "(expected YYYY-MM-DD, "
						  "optionally with THH:MM[:SS] "
						  "and a zone)"), optarg);
			break;
		case OPT_AUTHOR: o->author = optarg; break;
		case OPT_UNIT: o->unit = optarg; break;
		case OPT_FIELD: o->field = optarg; break;
		case OPT_REVERSE: o->walk.reverse = 1; break;
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
	cli->tasks = xcalloc((size_t)(argc - optind) + 1, sizeof(int));
	for (i = optind; i < argc; i++) {
		if ((id = logfmt_task_arg(argv[i])) >= 0)
			cli->tasks[o->n_tasks++] = id;
		else if (!o->walk.range && o->n_tasks == 0)
			o->walk.range = argv[i];
		else
			return diag_usage(usage, _("'%s' is not a task (a number "
					  "or tasks/NN.yaml); the range comes "
					  "first"), argv[i]);
	}
	o->tasks = cli->tasks;
	return 0;
}

int main(int argc, char **argv)
{
	struct log_cli cli = { 0 };
	struct plan_source src = { 0 };
	int ret;

	diag_set_program("log");
	if ((ret = parse_opts(&cli, argc, argv)))
		goto out;
	repo_init();
	ret = EXIT_TROUBLE;
	src.dir = cli.dir;
	if (log_run(stdout, &src, &cli.o))
		goto done;
	ret = EXIT_CLEAN;
done:
	source_close(&src);
	repo_shutdown();
out:
	free(cli.tasks);
	return diag_finish(ret);
}
