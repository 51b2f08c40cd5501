/*
 * validate: check every plan file (or those named) against the schemas
 * and the cross-file rules; print every finding, sorted, in gcc's format.
 * Used by hand, in CI, as a pre-commit hook (--staged) and on a server.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "diag.h"
#include "repo.h"
#include "source.h"
#include "xalloc.h"

static const char usage[] =
	N_("usage: plan validate [-C DIR] [--rev REV | --staged] "
	"[--as-of DATE]\n"
	"                     [--format text|json] [-q] [FILE...]");

static const char help[] =
	N_("Check the plan's files: YAML syntax, the schemas in schema/, and "
	"the\n"
	"rules across files (ids, units, categories, status and progress).\n"
	"\n"
	"  -C, --repo DIR     the plan's top directory (default: .)\n"
	"      --rev REV      check the plan as committed at REV (no "
	"checkout)\n"
	"      --staged       check what is staged for the next commit "
	"(index)\n"
	"      --as-of DATE   check the plan as it stood at the end of DATE:\n"
	"                     the newest commit of the first-parent line of\n"
	"                     --rev (default HEAD) made on or before it\n"
	"      --format FMT   text (default) or json\n"
	"  -q, --quiet        no closing count line\n"
	"  -h, --help         this text\n"
	"      --lang LANG    zh or en (default: the locale's language,\n"
	"                     else the plan's language:, else en)\n"
	"      --version      the version\n"
	"\n"
	"FILE... limits the report to those files (the whole plan is still\n"
	"read, to check references between files).\n"
	"\n"
	"Exit status: 0 valid, 1 findings, 2 usage or environment error.\n"
	"\n"
	"Examples:\n"
	"  plan validate                     check the plan in this directory\n"
	"  plan validate tasks/18.yaml       only report on task 18\n"
	"  plan validate --staged            what a pre-commit hook runs\n"
	"  plan validate --rev HEAD~3        the plan as it was three commits "
	"ago\n"
	"  plan validate --format json       findings for other programs\n");

struct validate_opts {
	struct plan_source src;
	const char *as_of;
	int json, quiet;
	char **files;
	int n_files;
};

static int parse_opts(struct validate_opts *o, int argc, char **argv)
{
	enum { OPT_REV = CLI_OPT_FIRST, OPT_STAGED, OPT_FORMAT, OPT_AS_OF };
	static const struct option longs[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "rev", required_argument, NULL, OPT_REV },
		{ "as-of", required_argument, NULL, OPT_AS_OF },
		{ "staged", no_argument, NULL, OPT_STAGED },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_LONG_OPTIONS
	};
	int c;

	while ((c = getopt_long(argc, argv, ":C:qh", longs, NULL)) != -1) {
		switch (c) {
		case 'C': o->src.dir = optarg; break;
		case OPT_REV: o->src.rev = optarg; break;
		case OPT_AS_OF:
			if (cli_date(&o->as_of, usage, "--as-of", optarg))
				return EXIT_TROUBLE;
			break;
		case OPT_STAGED: o->src.staged = 1; break;
		case 'q': o->quiet = 1; break;
		case OPT_FORMAT:
			if (cli_text_or_json(&o->json, usage, optarg))
				return EXIT_TROUBLE;
			break;
		default:
			if (cli_option(c, usage, help, argv))
				return EXIT_TROUBLE;
			break;
		}
	}
	if (o->as_of && o->src.staged)
		return diag_usage(usage, _("--as-of and --staged exclude each "
					   "other"));
	if (o->src.rev && o->src.staged)
		return diag_usage(usage, _("--rev and --staged exclude each other"));
	o->files = argv + optind;
	o->n_files = argc - optind;
	return 0;
}

/*
 * A FILE argument as a path from the plan's top: prefix is the way from
 * the top down to the current directory ("tasks/" when validate runs in
 * tasks/).  "./tasks//07.yaml" -> "tasks/07.yaml", "../plan.yaml" from
 * tasks/ -> "plan.yaml".
 */
static char *normal_path(const char *prefix, const char *arg)
{
	char *joined = xasprintf("%s%s", arg[0] == '/' ? "" : prefix, arg);
	char *parts[256], *save = NULL, *t;
	struct sbuf b = { 0 };
	size_t n = 0, i;

	for (t = strtok_r(joined, "/", &save); t; t = strtok_r(NULL, "/",
								&save)) {
		if (!strcmp(t, "."))
			continue;
		if (!strcmp(t, "..") && n && strcmp(parts[n - 1], ".."))
			n--;
		else if (n < sizeof(parts) / sizeof(parts[0]))
			parts[n++] = t;
	}
	for (i = 0; i < n; i++)
		sbuf_printf(&b, "%s%s", i ? "/" : "", parts[i]);
	free(joined);
	return b.s ? sbuf_take(&b) : xstrdup("");
}

/* keep only findings about the named files */
static int filter(struct diag_list *d, const struct fileset *fs,
		  const char *prefix, char **files, int n)
{
	struct diag_list kept = { 0 };
	char **norm = xcalloc((size_t)n, sizeof(*norm));
	size_t i;
	int j, ret = 0;

	for (j = 0; j < n; j++) {
		norm[j] = normal_path(prefix, files[j]);
		if (fileset_find(fs, norm[j]))
			continue;
		if (access(files[j], F_OK))
			ret = diag_fail(_("'%s': no such file"), files[j]);
		else
			ret = diag_fail(_("'%s' is not a plan file (expected "
					  "plan.yaml, tasks/NN.yaml or "
					  "units/ID.yaml)"), files[j]);
		goto done;
	}
	for (i = 0; i < d->n; i++) {
		struct diag *g = &d->v[i];

		for (j = 0; j < n; j++)
			if (!strcmp(g->file, norm[j]))
				break;
		if (j < n)
			diag_add(&kept, g->file, g->line, g->col, g->severity,
				 g->rule, "%s", g->message);
	}
	diag_release(d);
	*d = kept;
done:
	for (j = 0; j < n; j++)
		free(norm[j]);
	free(norm);
	return ret;
}

int main(int argc, char **argv)
{
	struct validate_opts o = { 0 };
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct plan *p = NULL, *head = NULL;
	char *top = NULL, *prefix = NULL;
	struct plan_point pt;
	int ret;

	diag_set_program("validate");
	if ((ret = parse_opts(&o, argc, argv)))
		return ret;
	repo_init();
	ret = EXIT_TROUBLE;
	/* from a subdirectory, as git finds its repository */
	if (!o.src.dir && !o.src.rev && !o.src.staged) {
		source_find_top(&top, &prefix);
		o.src.dir = top;
	}
	/* --as-of: the commit of that day, as summary reads it */
	if (o.as_of && source_settle(&o.src, &pt, o.as_of, NULL))
		goto done;
	if (source_read(&fs, &o.src) || source_load(&p, &o.src, &fs, &d))
		goto done;
	/* what a commit would record against what HEAD holds: a report
	 * whose as_of was forgotten is worth a warning before it lands */
	if (o.src.staged) {
		if (source_head(&head, &o.src, &fs))
			goto done;
		plan_check_update(head, p, &d);
	}
	if (o.n_files && filter(&d, &fs, prefix ? prefix : "", o.files,
				o.n_files))
		goto done;
	diag_sort(&d);
	if (o.json) {
		diag_print_json(stdout, &d);
	} else {
		diag_print_text(stdout, &d);
		if (!o.quiet && d.n)
			diag_print_count(stdout, &d);
		else if (!o.quiet)
			printf(_("ok: %zu tasks, %zu units, no problems\n"),
			       p->n_tasks, p->n_units);
	}
	ret = d.errors ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	free(top);
	free(prefix);
	plan_free(p);
	plan_free(head);
	diag_release(&d);
	fileset_release(&fs);
	source_close(&o.src);
	repo_shutdown();
	return diag_finish(ret);
}
