/*
 * export: write the plan back as the table it was published as, so that
 * the office can hand out the plan in its familiar form and so that import
 * and export can be checked against each other.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "outfile.h"
#include "repo.h"
#include "seed.h"
#include "source.h"
#include "xalloc.h"

static const char usage[] =
	N_("usage: plan export [-C DIR] [--rev REV] [--as-of DATE] [--format "
	"table]\n"
	"                   [-o FILE]");

static const char help[] =
	N_("Write the plan as a table in its published form: a header row, "
	"one\n"
	"row per task (\"N. \" and the content, the target, the units text),\n"
	"and the numbered category (一、二、…) on the first row of each\n"
	"category.\n"
	"\n"
	"  -C, --repo DIR     the plan's top directory (default: .)\n"
	"      --rev REV      the plan as committed at REV (no checkout)\n"
	"      --as-of DATE   the plan as it stood at the end of DATE (the\n"
	"                     newest first-parent commit made on or before)\n"
	"      --format FMT   table (the only format, and the default)\n"
	"  -o, --output FILE  write to FILE (replaced at once when complete)\n"
	"                     instead of standard output\n"
	"  -h, --help         this text\n"
	"      --lang LANG    zh or en (default: the locale's language,\n"
	"                     else the plan's language:, else en)\n"
	"      --version      the version\n"
	"\n"
	"Exit status: 0 written, 1 the plan has errors (see validate; nothing\n"
	"written), 2 usage or environment error.\n"
	"\n"
	"Examples:\n"
	"  plan export                       the plan in this directory, to "
	"stdout\n"
	"  plan export -o plan.txt           the same, into plan.txt\n"
	"  plan export --rev v1.0 -o old.txt the plan as tagged v1.0\n");

struct export_opts {
	struct plan_source src;
	const char *output, *as_of;
};

static int parse_opts(struct export_opts *o, int argc, char **argv)
{
	enum { OPT_REV = CLI_OPT_FIRST, OPT_FORMAT, OPT_AS_OF };
	static const struct option longs[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "rev", required_argument, NULL, OPT_REV },
		{ "as-of", required_argument, NULL, OPT_AS_OF },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		CLI_LONG_OPTIONS
	};
	int c;

	while ((c = getopt_long(argc, argv, ":C:o:h", longs, NULL)) != -1) {
		switch (c) {
		case 'C': o->src.dir = optarg; break;
		case 'o': o->output = optarg; break;
		case OPT_REV: o->src.rev = optarg; break;
		case OPT_AS_OF:
			if (cli_date(&o->as_of, usage, "--as-of", optarg))
				return EXIT_TROUBLE;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "table"))
				return diag_usage(usage, _("unknown format '%s' "
						     "(table)"), optarg);
			break;
		default:
			if (cli_option(c, usage, help, argv))
				return EXIT_TROUBLE;
			break;
		}
	}
	if (optind < argc)
		return diag_usage(usage, _("unexpected argument '%s'"),
				  argv[optind]);
	return 0;
}

/* the plan's tasks (sorted by id) as table rows in the plan's categories */
static void plan_table(struct seed_table *t, const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->categories.n; i++)
		seed_table_category(t, p->categories.v[i]);
	for (i = 0; i < p->n_tasks; i++) {
		const struct task *k = p->tasks[i];

		seed_table_add(t, k->id, seed_table_category(t, k->category),
			       k->content, k->target, k->units_text);
	}
}

/* write text to path whole or not at all */
static int write_atomic(const char *path, const char *text, size_t len)
{
	struct outfile o;

	if (outfile_open(&o, path))
		return -1;
	if (fwrite(text, 1, len, o.f) != len) {
		diag_fail(_("cannot write '%s': %s"), path, strerror(errno));
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o);
}

int main(int argc, char **argv)
{
	struct export_opts o = { 0 };
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct seed_table t = { 0 };
	struct sbuf out = { 0 };
	struct plan *p = NULL;
	struct plan_point pt;
	int ret;

	diag_set_program("export");
	if ((ret = parse_opts(&o, argc, argv)))
		return ret;
	repo_init();
	ret = EXIT_TROUBLE;
	/* --as-of: the commit of that day, as summary reads it */
	if (o.as_of && source_settle(&o.src, &pt, o.as_of, NULL))
		goto done;
	if (source_read(&fs, &o.src) || source_load(&p, &o.src, &fs, &d))
		goto done;
	if (d.errors) {
		/* a plan with errors may miss tasks: no partial table */
		diag_sort(&d);
		diag_print_text(stderr, &d);
		ret = diag_refuse(ngettext("the plan has %zu error; fix it "
					   "first (see validate)",
					   "the plan has %zu errors; fix them "
					   "first (see validate)", d.errors),
				  d.errors);
		goto done;
	}
	plan_table(&t, p);
	seed_format(&out, &t);
	if (o.output) {
		if (!write_atomic(o.output, out.s, out.len))
			ret = EXIT_CLEAN;
	} else {
		fwrite(out.s, 1, out.len, stdout);
		ret = EXIT_CLEAN;
	}
done:
	sbuf_release(&out);
	seed_table_release(&t);
	plan_free(p);
	diag_release(&d);
	fileset_release(&fs);
	source_close(&o.src);
	repo_shutdown();
	return diag_finish(ret);
}
