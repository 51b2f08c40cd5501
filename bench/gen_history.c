/*
 * gen_history: a year of progress reports as a `git fast-import` stream,
 * for the benchmark of log and audit.  The first commit, by the plan
 * office, founds the plan (plan.yaml, schema/, tasks/, units/ whose units
 * carry committers).  Then, commit after commit, a person of a unit
 * responsible for a task reports on it: status, progress, as_of, note and
 * now and then an indicator's actual.  A few commits are the plan
 * office's: a target or deadline revised, a committer added to a unit, a
 * note outside the plan's files.  Every commit is valid and made by
 * someone entitled to make it, so `audit` must find nothing.
 *
 * --push N adds N more commits of the same kind on refs/heads/push-N, and
 * refs/heads/push-1 at the first of them: the pushes of the pre-receive
 * benchmark.
 *
 * Usage: gen_history -n COMMITS --schema DIR | git fast-import
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgen.h"

static const char usage[] =
	"usage: gen_history [-n COMMITS] [--tasks N] [--seed S] [--push N] "
	"--schema DIR";

static const char help[] =
	"Write a history of progress commits as a git fast-import stream.\n"
	"\n"
	"  -n, --commits N    commits on refs/heads/main (default 10000)\n"
	"      --tasks N      tasks of the plan (default 40)\n"
	"      --seed S       seed of the generator (default 1)\n"
	"      --push N       N more commits on refs/heads/push-N (and\n"
	"                     refs/heads/push-1 at the first of them)\n"
	"      --schema DIR   the schema files to commit (DIR/*.schema.json)\n"
	"  -h, --help         this text\n"
	"\n"
	"Example:\n"
	"  git init -q h && gen_history -n 100000 --push 100 --schema schema "
	"|\n      git -C h fast-import --quiet\n";

/* the first report: 2010-01-04 08:30 in Shaoxing (UTC+8) */
#define START 1262565000LL
#define YEAR_SECONDS (360LL * 86400)

struct history {
	struct pgen_plan p;
	struct prng r;
	struct pbuf b, msg;
	char *schema[3];
	size_t schema_len[3];
	int64_t step, now;
	double p_progress;	/* chance that a report moves progress */
	int mark;
	int **led;		/* led[u]: tasks unit u leads, -1 ended */
	int minutes;		/* lines of docs/minutes.md */
};

static const char *const schema_names[] = {
	"plan.schema.json", "task.schema.json", "unit.schema.json"
};

static int read_schema(struct history *h, const char *dir)
{
	char path[4096];
	FILE *f;
	int i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, schema_names[i]);
		if (!(f = fopen(path, "rb"))) {
			fprintf(stderr, "gen_history: error: cannot read "
				"'%s'\n", path);
			return -1;
		}
		h->schema[i] = malloc(1 << 20);
		h->schema_len[i] = h->schema[i] ?
			fread(h->schema[i], 1, 1 << 20, f) : 0;
		fclose(f);
		if (!h->schema[i])
			return -1;
	}
	return 0;
}

static void data(const char *s, size_t len)
{
	printf("data %zu\n", len);
	fwrite(s, 1, len, stdout);
	putchar('\n');
}

static void file(const char *path, const char *s, size_t len)
{
	printf("M 100644 inline %s\n", path);
	data(s, len);
}

static void task_file(struct history *h, int k)
{
	char path[64];

	h->b.len = 0;
	pgen_task_yaml(&h->b, &h->p, &h->p.tasks[k]);
	pgen_task_path(path, sizeof(path), &h->p.tasks[k]);
	file(path, h->b.s, h->b.len);
}

static void unit_file(struct history *h, int u)
{
	char path[64];

	h->b.len = 0;
	pgen_unit_yaml(&h->b, &h->p, &h->p.units[u]);
	pgen_unit_path(path, sizeof(path), &h->p.units[u]);
	file(path, h->b.s, h->b.len);
}

/* the header of a commit by person k of unit u at time now */
static void begin(struct history *h, const char *ref, int u, unsigned k,
		  const char *from)
{
	char name[64], email[128];

	pgen_person(name, sizeof(name), email, sizeof(email),
		    &h->p.units[u], k);
	printf("commit %s\nmark :%d\n", ref, ++h->mark);
	printf("author %s <%s> %lld +0800\n", name, email, (long long)h->now);
	printf("committer %s <%s> %lld +0800\n", name, email,
	       (long long)h->now);
	data(h->msg.s, h->msg.len);
	if (from)
		printf("from %s\n", from);
}

static void found(struct history *h, const char *ref)
{
	int i;

	h->msg.len = 0;
	pbuf_printf(&h->msg, "建立%d年工作计划:%d项任务,%d个责任单位\n",
		    h->p.year, h->p.n_tasks, h->p.n_units);
	begin(h, ref, h->p.admin, 0, NULL);
	h->b.len = 0;
	pgen_plan_yaml(&h->b, &h->p);
	file("plan.yaml", h->b.s, h->b.len);
	for (i = 0; i < 3; i++) {
		char path[64];

		snprintf(path, sizeof(path), "schema/%s", schema_names[i]);
		file(path, h->schema[i], h->schema_len[i]);
	}
	for (i = 0; i < h->p.n_units; i++)
		unit_file(h, i);
	for (i = 0; i < h->p.n_tasks; i++)
		task_file(h, i);
}

/* one department's report on task k, dated today */
static void report(struct history *h, int k, const char *today)
{
	struct pgen_task *t = &h->p.tasks[k];
	struct pbuf note = { 0 };

	if (t->status == PGEN_NOT_STARTED)
		t->status = PGEN_IN_PROGRESS;
	if (t->status != PGEN_DONE && prng_chance(&h->r, h->p_progress)) {
		t->progress += 1 + (int)prng_below(&h->r, 5);
		if (t->progress >= 100) {
			t->progress = 100;
			t->status = PGEN_DONE;
		}
	}
	if (t->status == PGEN_IN_PROGRESS && prng_chance(&h->r, 0.03))
		t->status = PGEN_AT_RISK;
	else if (t->status == PGEN_AT_RISK && prng_chance(&h->r, 0.2))
		t->status = PGEN_IN_PROGRESS;
	memcpy(t->as_of, today, 11);
	pgen_note(&note, &h->r, today);
	free(t->note);
	t->note = note.s;
	if (t->n_ind && prng_chance(&h->r, 0.3)) {
		struct pgen_indicator *in =
			&t->ind[prng_below(&h->r, (unsigned)t->n_ind)];

		in->has_actual = 1;
		in->actual = (double)(long)(in->target * t->progress / 10.0 *
					    (0.8 + (double)prng_below(&h->r,
								     40) /
					     100.0)) / 10.0;
	}
}

/* a unit that may report on task k, and never a group */
static int reporter(struct history *h, int k)
{
	const struct pgen_task *t = &h->p.tasks[k];
	unsigned x = prng_below(&h->r, 100);
	int u;

	if (x < 60 || (!t->n_coop && !t->n_impl))
		u = t->lead[prng_below(&h->r, (unsigned)t->n_lead)];
	else if (x < 85 && t->n_coop)
		u = t->coop[prng_below(&h->r, (unsigned)t->n_coop)];
	else if (t->n_impl)
		u = t->impl[prng_below(&h->r, (unsigned)t->n_impl)];
	else
		u = t->coop[prng_below(&h->r, (unsigned)t->n_coop)];
	if (h->p.units[u].n_members)
		u = h->p.units[u].members[prng_below(&h->r,
			(unsigned)h->p.units[u].n_members)];
	return u;
}

static void department_commit(struct history *h, const char *ref,
			      const char *from, const char *today)
{
	int k = (int)prng_below(&h->r, (unsigned)h->p.n_tasks);
	int u = reporter(h, k), more = 0, i;
	int also[2];

	/* now and then a unit reports on two or three of its tasks at once */
	if (h->led[u] && prng_chance(&h->r, 0.05))
		for (i = 0; h->led[u][i] >= 0 && more < 2; i++)
			if (h->led[u][i] != k)
				also[more++] = h->led[u][i];
	report(h, k, today);
	for (i = 0; i < more; i++)
		report(h, also[i], today);
	h->msg.len = 0;
	pbuf_printf(&h->msg, "任务%d:%s,进度%d%%", h->p.tasks[k].id,
		    h->p.tasks[k].status == PGEN_DONE ? "已完成" :
		    h->p.tasks[k].status == PGEN_AT_RISK ? "进度滞后" :
		    "推进中", h->p.tasks[k].progress);
	for (i = 0; i < more; i++)
		pbuf_printf(&h->msg, ";任务%d", h->p.tasks[also[i]].id);
	pbuf_adds(&h->msg, "\n");
	begin(h, ref, u, prng_below(&h->r, 3), from);
	task_file(h, k);
	for (i = 0; i < more; i++)
		task_file(h, also[i]);
}

/* the plan office revises a task, a unit, or only its minutes */
static void admin_commit(struct history *h, const char *ref,
			 const char *from, unsigned what)
{
	static const char suffix[] = ",并力争超额完成";
	int k = (int)prng_below(&h->r, (unsigned)h->p.n_tasks);
	struct pgen_task *t = &h->p.tasks[k];
	size_t n = strlen(t->target), s = strlen(suffix);

	h->msg.len = 0;
	if (what == 0) {
		/* the target text is revised: the suffix comes and goes */
		if (n > s && !strcmp(t->target + n - s, suffix)) {
			t->target[n - s] = '\0';
		} else {
			char *x = malloc(n + s + 1);

			if (!x)
				exit(2);
			memcpy(x, t->target, n);
			memcpy(x + n, suffix, s + 1);
			free(t->target);
			t->target = x;
		}
		if (t->n_ind)
			t->ind[0].target += 1;
		pbuf_printf(&h->msg, "调整任务%d的目标任务\n", t->id);
		begin(h, ref, h->p.admin, 0, from);
		task_file(h, k);
	} else if (what == 1) {
		strcpy(t->deadline, strcmp(t->deadline, "2010-12-31") ?
		       "2010-12-31" : "2010-11-30");
		pbuf_printf(&h->msg, "调整任务%d的完成期限\n", t->id);
		begin(h, ref, h->p.admin, 0, from);
		task_file(h, k);
	} else if (what == 2) {
		int u = 1 + (int)prng_below(&h->r,
					    (unsigned)h->p.n_units - 1);

		if (!strcmp(h->p.units[u].kind, "group"))
			u = t->lead[0];
		h->p.units[u].n_extra = !h->p.units[u].n_extra;
		pbuf_printf(&h->msg, "调整%s的提交人\n", h->p.units[u].name);
		begin(h, ref, h->p.admin, 0, from);
		unit_file(h, u);
	} else {
		int i;

		pbuf_adds(&h->msg, "更新工作例会纪要\n");
		begin(h, ref, h->p.admin, 1, from);
		h->b.len = 0;
		pbuf_adds(&h->b, "# 工作例会纪要\n\n");
		h->minutes++;
		for (i = 0; i < h->minutes; i++)
			pbuf_printf(&h->b, "- 第%d次例会:听取各单位进度"
				    "汇报。\n", i + 1);
		file("docs/minutes.md", h->b.s, h->b.len);
	}
}

static void next_commit(struct history *h, const char *ref,
			const char *from)
{
	char today[11];
	unsigned x = prng_below(&h->r, 1000);

	h->now += h->step / 2 + (int64_t)prng_below(&h->r,
						    (unsigned)h->step);
	pgen_date(today, h->now);
	if (x < 3)
		admin_commit(h, ref, from, 0);
	else if (x < 5)
		admin_commit(h, ref, from, 1);
	else if (x < 6)
		admin_commit(h, ref, from, 2);
	else if (x < 9)
		admin_commit(h, ref, from, 3);
	else
		department_commit(h, ref, from, today);
}

static void index_leads(struct history *h)
{
	int *count = calloc((size_t)h->p.n_units, sizeof(*count));
	int i, j;

	h->led = calloc((size_t)h->p.n_units, sizeof(*h->led));
	if (!count || !h->led)
		exit(2);
	for (i = 0; i < h->p.n_tasks; i++)
		for (j = 0; j < h->p.tasks[i].n_lead; j++)
			count[h->p.tasks[i].lead[j]]++;
	for (i = 0; i < h->p.n_units; i++) {
		if (!count[i])
			continue;
		if (!(h->led[i] = malloc((size_t)(count[i] + 1) *
					 sizeof(**h->led))))
			exit(2);
		h->led[i][0] = -1;
		count[i] = 0;
	}
	for (i = 0; i < h->p.n_tasks; i++)
		for (j = 0; j < h->p.tasks[i].n_lead; j++) {
			int u = h->p.tasks[i].lead[j];

			h->led[u][count[u]++] = i;
			h->led[u][count[u]] = -1;
		}
	free(count);
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "commits", required_argument, NULL, 'n' },
		{ "tasks", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "push", required_argument, NULL, 'p' },
		{ "schema", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static char iobuf[1 << 20];
	struct history h;
	const char *schema = NULL;
	long commits = 10000, i;
	int tasks = 40, push = 0, c, ret = 2;
	unsigned long long seed = 1;
	char ref[64], from[32];

	while ((c = getopt_long(argc, argv, ":n:h", longs, NULL)) != -1) {
		switch (c) {
		case 'n': commits = atol(optarg); break;
		case 't': tasks = atoi(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'p': push = atoi(optarg); break;
		case 'S': schema = optarg; break;
		case 'h':
			printf("%s\n\n%s", usage, help);
			return 0;
		default:
			fprintf(stderr, "%s\nsee 'gen_history --help'\n",
				usage);
			return 2;
		}
	}
	if (!schema || commits < 1 || tasks < 1 || push < 0 ||
	    optind != argc) {
		fprintf(stderr, "%s\nsee 'gen_history --help'\n", usage);
		return 2;
	}
	memset(&h, 0, sizeof(h));
	setvbuf(stdout, iobuf, _IOFBF, sizeof(iobuf));
	if (read_schema(&h, schema))
		goto done;
	pgen_make(&h.p, seed, tasks, 1, 0);
	index_leads(&h);
	h.r.s = seed ^ 0x5bd1e995ULL;
	h.step = YEAR_SECONDS / (commits + push);
	if (h.step < 2)
		h.step = 2;
	/* about thirty progress moves per task over the whole history */
	h.p_progress = 30.0 * tasks / (double)(commits + push);
	h.now = START;
	found(&h, "refs/heads/main");
	for (i = 1; i < commits; i++)
		next_commit(&h, "refs/heads/main", NULL);
	if (push) {
		int first = h.mark + 1;

		snprintf(ref, sizeof(ref), "refs/heads/push-%d", push);
		snprintf(from, sizeof(from), ":%d", h.mark);
		for (i = 0; i < push; i++)
			next_commit(&h, ref, i ? NULL : from);
		printf("reset refs/heads/push-1\nfrom :%d\n\n", first);
	}
	ret = fflush(stdout) || ferror(stdout) ? 2 : 0;
done:
	for (c = 0; c < 3; c++)
		free(h.schema[c]);
	if (h.led)
		for (c = 0; c < h.p.n_units; c++)
			free(h.led[c]);
	free(h.led);
	pbuf_release(&h.b);
	pbuf_release(&h.msg);
	pgen_release(&h.p);
	return ret;
}
