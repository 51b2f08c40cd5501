/*
 * summary: the plan office's progress report (totals, categories, units,
 * indicators, what needs attention, every task) on the plan of the working
 * tree or of any commit, as text, Markdown, CSV, JSON or one HTML page.
 * The numbers come from report.c, the formats from render*.c; this file
 * reads the options, the plan and the history, and writes the result.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "render.h"
#include "repo.h"
#include "i18n.h"
#include "period.h"
#include "report.h"
#include "series.h"
#include "source.h"
#include "xalloc.h"

static const char usage[] =
	N_("usage: plan summary [-C DIR] [--rev REV] "
	"[--as-of DATE | --today DATE]\n"
	"                    [--since DATE|REV] [--series month|quarter|week]\n"
	"                    [--by category|unit|status]\n"
	"                    [--format text|md|csv|json|html] [--lang zh|en] "
	"[-o FILE]");

static const char help[] =
	N_("Print the plan office's progress report: totals by status,\n"
	"progress by category and by unit, the quantitative targets, the\n"
	"tasks that need attention (at risk, overdue, not updated for more\n"
	"than 31 days) and every task.  An invalid plan is refused with\n"
	"validate's findings.\n"
	"\n"
	"  -C, --repo DIR     the plan's top directory (default: .)\n"
	"      --rev REV      the plan as committed at REV (no checkout)\n"
	"      --as-of DATE   the plan as it stood at the end of DATE\n"
	"                     (YYYY-MM-DD): the newest commit of the\n"
	"                     branch's first-parent line made on or before\n"
	"                     it, measured against DATE\n"
	"      --today DATE   the day to measure against (default: the\n"
	"                     system's date; with --rev, the day REV was\n"
	"                     committed); alone, when HEAD is newer, it\n"
	"                     means --as-of DATE and says so\n"
	"      --since WHEN   the period report (月报, 季报): also what\n"
	"                     changed from the start of day WHEN (a date)\n"
	"                     or since revision WHEN to the report's day:\n"
	"                     tasks done, started, at risk, back on track,\n"
	"                     progress moved, indicator values reported,\n"
	"                     deadlines passed, plan changes, and the units\n"
	"                     that reported nothing (督办)\n"
	"      --series STEP  the year point by point, one point per month,\n"
	"                     quarter or week and the report's day, from\n"
	"                     git history: as data (csv, json, text, md),\n"
	"                     or as the charts of the html report (which\n"
	"                     draws monthly points without it); with\n"
	"                     --since, from the end of the day before it\n"
	"      --by WHAT      category, unit (every role) or status: that\n"
	"                     table instead of categories and lead units;\n"
	"                     with csv, the grouped table instead of one row\n"
	"                     per task\n"
	"      --format FMT   text (default), md, csv, json or html\n"
	"      --lang LANG    zh or en (default: the locale's language,\n"
	"                     else the plan's language:, else en)\n"
	"  -o, --output FILE  write to FILE (replaced whole, never half\n"
	"                     written)\n"
	"  -h, --help         this text\n"
	"      --version      the version\n"
	"\n"
	"Colour is used on a terminal unless NO_COLOR is set.  The rules\n"
	"behind the numbers are in docs/summary.md.\n"
	"\n"
	"Exit status: 0 report written, 1 the plan has errors, 2 usage or\n"
	"environment error.\n"
	"\n"
	"Examples:\n"
	"  plan summary                              the report on this plan\n"
	"  plan summary --as-of 2010-06-30           as it stood at the half "
	"year\n"
	"  plan summary --since 2010-06-01 --as-of 2010-06-30\n"
	"                                            June's bulletin\n"
	"  plan summary --series month --format csv  the year month by month\n"
	"  plan summary --rev v2010-q1               the plan as tagged for "
	"Q1\n"
	"  plan summary --by unit                    every unit, in every "
	"role\n"
	"  plan summary --format html -o report.html a page to mail or print\n"
	"  plan summary --format csv -o tasks.csv    every task, for Excel or "
	"WPS\n"
	"  plan summary --format md --lang en        Markdown in English\n");

struct summary_opts {
	struct plan_source src;
	const char *today, *as_of, *since;
	int series;		/* --series: enum series_step, or -1 */
	enum report_by by;
	enum render_format format;
	const char *output;
};

static int parse_opts(struct summary_opts *o, int argc, char **argv)
{
	enum { OPT_REV = CLI_OPT_FIRST, OPT_TODAY, OPT_BY, OPT_FORMAT,
	       OPT_AS_OF, OPT_SINCE, OPT_SERIES };
	static const struct option longs[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "rev", required_argument, NULL, OPT_REV },
		{ "today", required_argument, NULL, OPT_TODAY },
		{ "as-of", required_argument, NULL, OPT_AS_OF },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "series", required_argument, NULL, OPT_SERIES },
		{ "by", required_argument, NULL, OPT_BY },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		CLI_LONG_OPTIONS
	};
	int c, v;

	while ((c = getopt_long(argc, argv, ":C:o:h", longs, NULL)) != -1) {
		switch (c) {
		case 'C': o->src.dir = optarg; break;
		case 'o': o->output = optarg; break;
		case OPT_REV: o->src.rev = optarg; break;
		case OPT_TODAY:
			if (cli_date(&o->today, usage, "--today", optarg))
				return EXIT_TROUBLE;
			break;
		case OPT_AS_OF:
			if (cli_date(&o->as_of, usage, "--as-of", optarg))
				return EXIT_TROUBLE;
			break;
		case OPT_SINCE: o->since = optarg; break;
		case OPT_SERIES:
			if ((o->series = series_step_parse(optarg)) < 0)
				return diag_usage(usage, _("unknown --series "
						  "'%s' (month, quarter or "
						  "week)"), optarg);
			break;
		case OPT_BY:
			if (!strcmp(optarg, "category"))
				o->by = REPORT_BY_CATEGORY;
			else if (!strcmp(optarg, "unit"))
				o->by = REPORT_BY_UNIT;
			else if (!strcmp(optarg, "status"))
				o->by = REPORT_BY_STATUS;
			else
				return diag_usage(usage, _("unknown --by '%s' "
						     "(category, unit or status)"),
						  optarg);
			break;
		case OPT_FORMAT:
			if ((v = render_format_parse(optarg)) < 0)
				return diag_usage(usage, _("unknown format '%s' "
						  "(text, md, csv, json or "
						  "html)"), optarg);
			o->format = (enum render_format)v;
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
	if (o->as_of && o->today)
		return diag_usage(usage, _("--as-of and --today exclude each "
					   "other: --as-of DATE measures "
					   "against DATE"));
	return 0;
}

/* the columns of the terminal on stdout, else $COLUMNS, else 0 (any) */
static size_t text_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
	    ws.ws_col > 0)
		return ws.ws_col;
	if (cols && atoi(cols) > 0)
		return (size_t)atoi(cols);
	return 0;
}

/*
 * The period --since names, to the report r: the plan at its start read
 * from history (its findings are history's, not this report's).
 * Returns 0, or -1 after diag_fail.
 */
static int period(struct report_period **out, struct summary_opts *o,
		  const struct plan_point *pt, const struct report *r)
{
	struct plan_source *src = &o->src;
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct plan *start = NULL;
	char commit[41], day[11], since[11];
	int ret = -1;

	if (source_since(commit, day, since, src, pt, o->since))
		return -1;
	/* the same context, read at the period's start */
	if (commit[0] && (source_read_at(&fs, src, commit, 0) ||
			  source_load(&start, src, &fs, &d)))
		goto done;
	if (period_build(out, r, start, since, commit, day)) {
		diag_fail(_("the period starts on %s, after the report's day "
			    "%s"), since, r->today);
		goto done;
	}
	ret = 0;
done:
	plan_free(start);
	diag_release(&d);
	fileset_release(&fs);
	return ret;
}

/*
 * The year point by point (--series, the HTML charts), from the history
 * of the commit the report reads, or HEAD for the working tree.  Without
 * history the HTML report says so in place of its charts; --series is
 * refused.  Returns 0, or -1 after diag_fail.
 */
static int year(struct series **out, struct summary_opts *o,
		const struct plan_point *pt, const struct report *r,
		const struct fileset *fs, const struct report_period *per)
{
	const struct schemas *sc;
	struct repo *repo;
	struct diag_list d = { 0 };
	int ret;

	*out = NULL;
	if (source_repo(&repo, &o->src,
			o->series < 0 ? SOURCE_QUIET : SOURCE_IF_ANY))
		return -1;
	if (!repo || repo_is_empty(repo)) {
		if (o->series < 0)
			return 0;
		return diag_fail(_("--series reads the plan's git history, "
				   "and there is none here")), -1;
	}
	if ((sc = source_schemas(&o->src, fs, &d)))
		ret = series_build(out, repo, pt->rev[0] ? pt->rev : NULL, r,
				   sc->task, o->series < 0 ? SERIES_MONTH :
				   (enum series_step)o->series,
				   /* --series with --since: the period's
				    * points; the HTML charts: the year */
				   o->series >= 0 && per ? per->since : NULL);
	else
		ret = diag_fail(_("the schemas cannot be read"));
	diag_release(&d);
	return ret;
}

int main(int argc, char **argv)
{
	struct summary_opts o = { .series = -1 };
	struct render_opts ro = { 0 };
	struct report_updates *updates = NULL;
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct plan *p = NULL;
	struct report *r = NULL;
	struct report_period *per = NULL;
	struct series *ser = NULL;
	const char *note = NULL;
	struct repo *repo;
	struct plan_point pt;
	const char *source_given;
	int ret;

	diag_set_program("summary");
	if ((ret = parse_opts(&o, argc, argv)))
		return ret;
	repo_init();
	ret = EXIT_TROUBLE;
	source_given = o.src.rev;
	if (source_settle(&o.src, &pt, o.as_of, o.today) ||
	    source_read(&fs, &o.src))
		goto done;
	source_point_note(&pt);
	if (source_load(&p, &o.src, &fs, &d))
		goto done;
	if (d.errors) {
		diag_sort(&d);
		diag_print_text(stdout, &d);
		diag_print_count(stdout, &d);
		fflush(stdout);
		ret = diag_refuse(_("the plan has errors (listed above, as "
				    "validate reports them): no report"));
		goto done;
	}
	/* a plan outside git is no error: the report says it has no
	 * history; the schemas are those the plan was just read with */
	if (source_repo(&repo, &o.src, o.src.rev ? 0 : SOURCE_IF_ANY) ||
	    report_history(&updates, &note, repo, o.src.rev,
			   source_schemas(&o.src, &fs, &d)->task, p))
		goto done;
	if (report_build(&r, p, pt.day, o.by, updates, note)) {
		ret = diag_fail(_("'%s' is not a date"), pt.day);
		goto done;
	}
	if (o.since && period(&per, &o, &pt, r))
		goto done;
	ro.period = per;
	if ((o.series >= 0 || o.format == RENDER_HTML) &&
	    year(&ser, &o, &pt, r, &fs, per))
		goto done;
	ro.series = ser;
	ro.format = o.format;
	ro.lang = i18n_lang() == I18N_ZH ? LANG_ZH : LANG_EN;
	/* the heading names the commit and the day it was made */
	ro.source = source_given;
	if (pt.rev[0]) {
		ro.commit = pt.rev;
		ro.commit_day = pt.commit_day;
	}
	ro.series_only = o.series >= 0 && o.format != RENDER_HTML;
	if (o.output) {
		if (render_report_file(o.output, r, &ro))
			goto done;
	} else {
		ro.color = o.format == RENDER_TEXT && cli_color_when(NULL);
		ro.width = text_width();
		render_report(stdout, r, &ro);
	}
	ret = EXIT_CLEAN;
done:
	period_free(per);
	series_free(ser);
	report_free(r);
	report_updates_free(updates);
	plan_free(p);
	diag_release(&d);
	fileset_release(&fs);
	source_close(&o.src);
	repo_shutdown();
	return diag_finish(ret);
}
