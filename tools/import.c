/*
 * import: turn the plan as published (a table, see seed.h) into a plan
 * directory: plan.yaml, tasks/NN.yaml and units/<id>.yaml.  Everything is
 * written into a temporary directory beside OUTDIR and moved into place at
 * the end, so a failure leaves OUTDIR as it was.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "diag.h"
#include "fileset.h"
#include "model.h"
#include "seed.h"
#include "source.h"
#include "xalloc.h"
#include "yemit.h"

#define SEED_MAX_SIZE (16 * 1024 * 1024)

static const char usage[] =
	N_("usage: plan import [-C DIR] [--year YEAR] [--title TITLE] "
	"[--units DIR]\n"
	"                   [-f] [-q] SEED OUTDIR");

static const char help[] =
	N_("Read a plan table (工作内容 | 目标任务 | 责任单位) and write the\n"
	"plan it describes into OUTDIR: plan.yaml, tasks/NN.yaml and\n"
	"units/ID.yaml.  Units are resolved against the unit files of --units\n"
	"(by name and alias); a name none of them carries becomes a new unit\n"
	"unit-N, with a warning, for the plan office to curate.\n"
	"\n"
	"  -C, --repo DIR     resolve SEED, OUTDIR and --units from DIR\n"
	"      --year YEAR    the plan's year (default: this year)\n"
	"      --title TITLE  the plan's title\n"
	"                     (default: \"<YEAR>年工作任务\")\n"
	"      --units DIR    existing unit files to resolve names against;\n"
	"                     their schema is DIR/../schema/unit.schema.json\n"
	"  -f, --force        replace plan.yaml, tasks/ and units/ of a\n"
	"                     non-empty OUTDIR (other files there are kept)\n"
	"  -q, --quiet        no closing summary line\n"
	"  -h, --help         this text\n"
	"      --lang LANG    zh or en (default: the locale's language,\n"
	"                     else the plan's language:, else en)\n"
	"      --version      the version\n"
	"\n"
	"Exit status: 0 written (warnings allowed), 1 findings in the input\n"
	"or OUTDIR not empty (nothing written), 2 usage or environment\n"
	"error.\n"
	"\n"
	"Examples:\n"
	"  plan import --year 2010 plan.txt /tmp/plan      a new plan, new "
	"units\n"
	"  plan import --year 2010 --units units plan.txt /tmp/plan\n"
	"                                                  resolve against "
	"units/\n"
	"  plan import -f --year 2010 --units units plan.txt .\n"
	"                                                  regenerate this "
	"plan\n");

struct import_opts {
	const char *dir, *units, *seed, *outdir;
	char *title;	/* owned */
	int year, force, quiet;
};

static int parse_opts(struct import_opts *o, int argc, char **argv)
{
	enum { OPT_YEAR = CLI_OPT_FIRST, OPT_TITLE, OPT_UNITS };
	static const struct option longs[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "year", required_argument, NULL, OPT_YEAR },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "units", required_argument, NULL, OPT_UNITS },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_LONG_OPTIONS
	};
	time_t now = time(NULL);
	struct tm tm;
	char *end;
	long y;
	int c;

	while ((c = getopt_long(argc, argv, ":C:fqh", longs, NULL)) != -1) {
		switch (c) {
		case 'C': o->dir = optarg; break;
		case 'f': o->force = 1; break;
		case 'q': o->quiet = 1; break;
		case OPT_UNITS: o->units = optarg; break;
		case OPT_TITLE:
			free(o->title);
			o->title = xstrdup(optarg);
			break;
		case OPT_YEAR:
			errno = 0;
			y = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || y < 1000 ||
			    y > 9999)
				return diag_usage(usage, _("bad year '%s' (four "
						  "digits)"), optarg);
			o->year = (int)y;
			break;
		default:
			if (cli_option(c, usage, help, argv))
				return EXIT_TROUBLE;
			break;
		}
	}
	if (argc - optind != 2)
		return diag_usage(usage, _("expected SEED and OUTDIR"));
	o->seed = argv[optind];
	o->outdir = argv[optind + 1];
	if (!o->year)
		o->year = localtime_r(&now, &tm) ? tm.tm_year + 1900 : 2000;
	if (!o->title)
		o->title = xasprintf("%d年工作任务", o->year);
	return 0;
}

/* what is being written */
struct import {
	struct seed_table table;
	struct seed_registry reg;
	struct task **tasks;
	size_t n_tasks, n_new;
	struct diag_list d;
};

static int write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	ssize_t w;

	if (fd < 0)
		goto fail;
	while (len) {
		w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			close(fd);
			goto fail;
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd))
		goto fail;
	return 0;
fail:
	diag_fail(_("cannot write '%s': %s"), path, strerror(errno));
	return -1;
}

/* write text (which is freed) to path */
static int write_text(const char *path, char *text)
{
	int ret = write_file(path, text, strlen(text));

	free(text);
	return ret;
}

/*
 * The default schemas into dir/schema/, so that the new plan validates
 * where it is and keeps its schemas when the tools are updated; nothing
 * when none is installed (validate then reads the defaults itself).
 * 0, or -1 after diag_fail.
 */
static int copy_schemas(const char *dir)
{
	static const char *const names[] = {
		"plan.schema.json", "task.schema.json", "unit.schema.json"
	};
	char from[PATH_MAX], *path = NULL, *data = NULL;
	size_t i, len;
	int ret = -1;

	if (source_schema_dir(from))
		return 0;
	path = xasprintf("%s/schema", dir);
	if (mkdir(path, 0777)) {
		diag_fail(_("cannot create '%s': %s"), path, strerror(errno));
		goto done;
	}
	for (i = 0; i < 3; i++) {
		free(path);
		path = xasprintf("%s/%s", from, names[i]);
		free(data);
		data = NULL;
		if (read_file(path, &data, &len, 1 << 20)) {
			diag_fail(_("cannot read '%s': %s"), path,
				  strerror(errno));
			goto done;
		}
		free(path);
		path = xasprintf("%s/schema/%s", dir, names[i]);
		if (write_file(path, data, len))
			goto done;
	}
	ret = 0;
done:
	free(path);
	free(data);
	return ret;
}

/* the plan into dir (an empty directory) */
static int write_plan(struct import *im, const struct import_opts *o,
		      const char *dir)
{
	struct plan p = { 0 };
	struct yemit e = { 0 };
	char *sub;
	size_t i;
	int ret = -1, bad;

	p.title = o->title;
	p.year = o->year;
	/* the tables are Chinese: the tools answer this plan in Chinese */
	p.language = "zh";
	p.categories.v = im->table.categories;
	p.categories.n = im->table.n_categories;
	yemit_plan(&e, &p);
	sub = xasprintf("%s/plan.yaml", dir);
	bad = write_text(sub, yemit_take(&e));
	free(sub);
	if (bad)
		goto done;
	for (i = 0; i < 2; i++) {
		sub = xasprintf("%s/%s", dir, i ? "units" : "tasks");
		if (mkdir(sub, 0777)) {
			diag_fail(_("cannot create '%s': %s"), sub,
				  strerror(errno));
			free(sub);
			goto done;
		}
		free(sub);
	}
	for (i = 0; i < im->n_tasks; i++) {
		yemit_task(&e, im->tasks[i]);
		sub = xasprintf("%s/%s", dir, im->tasks[i]->path);
		bad = write_text(sub, yemit_take(&e));
		free(sub);
		if (bad)
			goto done;
	}
	for (i = 0; i < im->reg.n; i++) {
		const struct unit *u = im->reg.v[i];

		/* units read are copied as they are, comments and all */
		sub = xasprintf("%s/units/%s.yaml", dir, u->id);
		if (i < im->reg.n_read) {
			bad = write_file(sub, im->reg.text[i],
					 im->reg.text_len[i]);
		} else {
			yemit_unit(&e, u);
			bad = write_text(sub, yemit_take(&e));
		}
		free(sub);
		if (bad)
			goto done;
	}
	if (copy_schemas(dir))
		goto done;
	ret = 0;
done:
	yemit_release(&e);
	return ret;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	return remove(path);
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* 1 when path is a directory with entries, 0 when empty or missing */
static int dir_state(const char *path, int *exists)
{
	struct stat st;
	struct dirent *de;
	DIR *dh;
	int full = 0;

	*exists = 0;
	if (stat(path, &st))
		return errno == ENOENT ? 0 : -1;
	*exists = 1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	dh = opendir(path);
	if (!dh)
		return -1;
	while (!full && (de = readdir(dh)))
		full = strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(dh);
	return full;
}

static const char *const plan_parts[] = { "plan.yaml", "tasks", "units" };

/*
 * Undo the first n moves of move_into_place: the new part goes back into
 * tmp, the old one (if there was one) back into outdir.
 */
static void put_back(const char *tmp, const char *outdir, int n,
		     const int *had)
{
	char *cur, *old, *back;

	while (n-- > 0) {
		cur = xasprintf("%s/%s", outdir, plan_parts[n]);
		old = xasprintf("%s/.old/%s", tmp, plan_parts[n]);
		back = xasprintf("%s/%s", tmp, plan_parts[n]);
		rename(cur, back);
		if (had[n])
			rename(old, cur);
		free(cur);
		free(old);
		free(back);
	}
}

/*
 * Put the plan written in tmp in place of outdir's: the whole directory
 * when outdir is missing or empty (one rename), else plan.yaml, tasks/ and
 * units/ one by one, the old ones moved into tmp/.old first and all moved
 * back if a step fails.  tmp is removed in every case.
 */
static int move_into_place(const char *tmp, const char *outdir, int full)
{
	char *from = NULL, *to = NULL, *old = NULL;
	int had[3] = { 0 }, i, ret = -1;

	if (!full) {
		if (!rename(tmp, outdir))
			return 0;
		diag_fail(_("cannot move '%s' to '%s': %s"), tmp, outdir,
			  strerror(errno));
		goto done;
	}
	old = xasprintf("%s/.old", tmp);
	if (mkdir(old, 0700)) {
		diag_fail(_("cannot create '%s': %s"), old, strerror(errno));
		goto done;
	}
	for (i = 0; i < 3; i++) {
		free(from);
		free(to);
		free(old);
		from = xasprintf("%s/%s", tmp, plan_parts[i]);
		to = xasprintf("%s/%s", outdir, plan_parts[i]);
		old = xasprintf("%s/.old/%s", tmp, plan_parts[i]);
		had[i] = !rename(to, old);
		if ((!had[i] && errno != ENOENT) || rename(from, to)) {
			diag_fail(_("cannot replace '%s': %s"), to,
				  strerror(errno));
			if (had[i])
				rename(old, to);
			put_back(tmp, outdir, i, had);
			goto done;
		}
	}
	ret = 0;
done:
	free(from);
	free(to);
	free(old);
	remove_tree(tmp);
	return ret;
}

static int write_all(struct import *im, const struct import_opts *o)
{
	char *copy = xstrdup(o->outdir), *tmp;
	int full, exists, ret = EXIT_TROUBLE;
	mode_t mask;

	full = dir_state(o->outdir, &exists);
	if (full < 0) {
		diag_fail(_("cannot use '%s' as the output directory: %s"),
			  o->outdir, strerror(errno));
		goto done;
	}
	if (full && !o->force) {
		ret = diag_refuse(_("'%s' is not empty (-f replaces its "
				    "plan.yaml, tasks/ and units/)"), o->outdir);
		goto done;
	}
	tmp = xasprintf("%s/.import-XXXXXX", dirname(copy));
	if (!mkdtemp(tmp)) {
		diag_fail(_("cannot create a directory beside '%s': %s"),
			  o->outdir, strerror(errno));
		free(tmp);
		goto done;
	}
	mask = umask(0);
	umask(mask);
	chmod(tmp, 0777 & ~mask);
	if (write_plan(im, o, tmp)) {
		remove_tree(tmp);
		free(tmp);
		goto done;
	}
	if (!move_into_place(tmp, o->outdir, full))
		ret = EXIT_CLEAN;
	free(tmp);
done:
	free(copy);
	return ret;
}

static void import_release(struct import *im)
{
	size_t i;

	for (i = 0; i < im->n_tasks; i++)
		task_free(im->tasks[i]);
	free(im->tasks);
	seed_table_release(&im->table);
	seed_registry_release(&im->reg);
	diag_release(&im->d);
}

int main(int argc, char **argv)
{
	struct import_opts o = { 0 };
	struct import im = { 0 };
	char *buf = NULL;
	size_t len, i, n_known;
	int ret;

	diag_set_program("import");
	if ((ret = parse_opts(&o, argc, argv)))
		goto done;
	ret = EXIT_TROUBLE;
	if (o.dir && chdir(o.dir)) {
		diag_fail(_("cannot change to '%s': %s"), o.dir, strerror(errno));
		goto done;
	}
	if (read_file(o.seed, &buf, &len, SEED_MAX_SIZE)) {
		diag_fail(_("cannot read '%s': %s"), o.seed, strerror(errno));
		goto done;
	}
	if (o.units && seed_registry_read(&im.reg, o.units, &im.d))
		goto done;
	n_known = im.reg.n;
	if (!im.d.errors && !seed_parse(&im.table, o.seed, buf, len, &im.d)) {
		im.tasks = xcalloc(im.table.n, sizeof(*im.tasks));
		for (i = 0; i < im.table.n; i++)
			if (!seed_task(&im.tasks[im.n_tasks], &im.table, i,
				       &im.reg, o.year, o.seed, &im.d))
				im.n_tasks++;
	}
	im.n_new = im.reg.n - n_known;
	diag_sort(&im.d);
	diag_print_text(stdout, &im.d);
	if (im.d.errors) {
		ret = EXIT_FINDINGS;
		goto done;
	}
	ret = write_all(&im, &o);
	if (!ret && !o.quiet)
		printf("wrote %zu tasks in %zu categories and %zu units (%zu "
		       "new) to %s\n", im.n_tasks, im.table.n_categories,
		       im.reg.n, im.n_new, o.outdir);
done:
	free(buf);
	free(o.title);
	import_release(&im);
	return diag_finish(ret);
}
