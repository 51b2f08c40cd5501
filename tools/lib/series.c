/*
 * series: see series.h.
 */
#include "series.h"
#include "date.h"
#include "diag.h"
#include "history.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const step_names[] = { "month", "quarter", "week" };

int series_step_parse(const char *s)
{
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(s, step_names[i]))
			return i;
	return -1;
}

const char *series_step_name(enum series_step s)
{
	return (unsigned)s < 3 ? step_names[s] : "?";
}

/* "YYYY-MM-DD" of day d (days from 1970-01-01) */
static void date_of(char out[11], long d)
{
	time_t t = (time_t)d * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static long days_of(int y, int m, int d)
{
	char s[32];

	snprintf(s, sizeof(s), "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	return date_days(s);
}

/* the points' days: each step's end in the plan's year up to the report's
 * day, then that day; with from, the end of the day before it first and
 * then the steps' ends after it */
static void point_days(struct series *s, const struct report *r,
		       const char *from)
{
	int y = r->plan->year;
	long first = days_of(y, 1, 1), end = days_of(y + 1, 1, 1) - 1;
	long today = date_days(r->today), d, start = first - 1;
	size_t cap = 0;
	int m;

	if (today < end)
		end = today;
	if (from && date_days(from) - 1 > start) {
		start = date_days(from) - 1;
		if (start <= end) {
			XGROW(s->v, cap, s->n + 1);
			memset(&s->v[s->n], 0, sizeof(*s->v));
			date_of(s->v[s->n++].date, start);
		}
	}
	for (m = 1; s->step != SERIES_WEEK && m <= 12; m++) {
		d = (m == 12 ? days_of(y + 1, 1, 1) : days_of(y, m + 1, 1)) - 1;
		if ((s->step == SERIES_QUARTER && m % 3) || d > end ||
		    d <= start)
			continue;
		XGROW(s->v, cap, s->n + 1);
		memset(&s->v[s->n], 0, sizeof(*s->v));
		date_of(s->v[s->n++].date, d);
	}
	/* weeks end on Sunday; 1970-01-01 was a Thursday */
	for (d = first + (7 - (first + 4) % 7) % 7;
	     s->step == SERIES_WEEK && d <= end; d += 7) {
		if (d <= start)
			continue;
		XGROW(s->v, cap, s->n + 1);
		memset(&s->v[s->n], 0, sizeof(*s->v));
		date_of(s->v[s->n++].date, d);
	}
	if (end >= first && (!s->n || date_days(s->v[s->n - 1].date) < end)) {
		XGROW(s->v, cap, s->n + 1);
		memset(&s->v[s->n], 0, sizeof(*s->v));
		date_of(s->v[s->n++].date, end);
	}
}

/* the tasks as they stood after the commits applied so far */
struct held {
	char *path;
	struct task *t;
};

struct walk {
	struct series *s;
	const struct report *r;
	const struct schema *schema;
	struct held *v;			/* the plan's tasks at the point
					 * compared last, sorted by path */
	size_t n, cap;
};

/* the held version of path (w->v is sorted by path), or where it goes */
static struct held *held_find(struct walk *w, const char *path, size_t *at)
{
	size_t lo = 0, hi = w->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w->v[mid].path, path);

		if (!c)
			return &w->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return NULL;
}

static int cmp_task_ptr(const void *a, const void *b)
{
	int x = (*(struct task *const *)a)->id;
	int y = (*(struct task *const *)b)->id;

	return (x > y) - (x < y);
}

/* the held task id in by_id (n tasks sorted by id), or NULL */
static const struct task *held_task(struct task **by_id, size_t n, int id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (by_id[mid]->id == id)
			return by_id[mid];
		if (by_id[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* the point p: what the held tasks say */
static void take(struct walk *w, struct series_point *p)
{
	const struct report *r = w->r;
	size_t i, j, *in_cat = xcalloc(r->n_categories + 1, sizeof(size_t));
	struct task **by_id = xcalloc(w->n + 1, sizeof(*by_id));
	double sum = 0;
	long y0 = days_of(r->plan->year, 1, 1);

	p->elapsed = (double)(date_days(p->date) - y0 + 1) /
		     (double)(days_of(r->plan->year + 1, 1, 1) - y0);
	p->category = xcalloc(r->n_categories + 1, sizeof(double));
	p->task_status = xcalloc(r->n_tasks + 1, 1);
	p->task_progress = xcalloc(r->n_tasks + 1, 1);
	p->actual = xcalloc(r->n_indicators + 1, sizeof(double));
	p->has_actual = xcalloc(r->n_indicators + 1, 1);
	for (i = 0; i < w->n; i++)
		by_id[i] = w->v[i].t;
	qsort(by_id, w->n, sizeof(*by_id), cmp_task_ptr);
	for (i = 0; i < w->n; i++) {
		const struct task *t = w->v[i].t;

		p->tasks++;
		p->status[t->status]++;
		sum += t->progress;
		for (j = 0; j < r->n_categories; j++)
			if (!strcmp(r->plan->categories.v[j], t->category)) {
				p->category[j] += t->progress;
				in_cat[j]++;
			}
	}
	p->mean = p->tasks ? sum / (double)p->tasks : 0;
	for (j = 0; j < r->n_categories; j++)
		p->category[j] = in_cat[j] ? p->category[j] /
					     (double)in_cat[j] : -1;
	for (i = 0; i < r->n_tasks; i++) {
		const struct task *t = held_task(by_id, w->n,
						 r->tasks[i].task->id);

		p->task_status[i] = t ? (signed char)t->status : -1;
		p->task_progress[i] = t ? (signed char)t->progress : 0;
	}
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];
		const struct task *t = held_task(by_id, w->n,
					r->tasks[ri->task].task->id);

		for (j = 0; t && j < t->n_indicators; j++)
			if (!strcmp(t->indicators[j].name, ri->ind->name) &&
			    t->indicators[j].has_actual) {
				p->actual[i] = t->indicators[j].actual;
				p->has_actual[i] = 1;
			}
	}
	free(in_cat);
	free(by_id);
}

static void apply(struct walk *w, const struct history_change *c)
{
	struct held *h;
	struct task *t;
	struct diag_list d = { 0 };
	size_t at = 0;

	if (strncmp(c->path, "tasks/", 6) || strchr(c->path + 6, '/'))
		return;
	h = held_find(w, c->path, &at);
	if (!c->new_oid[0] || !c->new_data) {
		if (!c->new_oid[0] && h) {
			free(h->path);
			task_free(h->t);
			memmove(h, h + 1, (size_t)(w->v + --w->n - h) *
				sizeof(*h));
		}
		return;
	}
	if (task_load(&t, c->path, c->new_data, c->new_len, w->schema, &d)) {
		w->s->unread++;	/* the version before it stands */
		diag_release(&d);
		return;
	}
	diag_release(&d);
	if (h) {
		task_free(h->t);
		h->t = t;
		return;
	}
	XGROW(w->v, w->cap, w->n + 1);
	memmove(&w->v[at + 1], &w->v[at], (w->n - at) * sizeof(*w->v));
	w->v[at].path = xstrdup(c->path);
	w->v[at].t = t;
	w->n++;
}

/* the changes from one point's commit to the next one's */
static int on_point(const struct commit_info *ci,
		    const struct history_change *ch, size_t n, void *payload)
{
	size_t i;

	(void)ci;
	for (i = 0; i < n; i++)
		apply(payload, &ch[i]);
	return 0;
}

int series_build(struct series **out, struct repo *r, const char *tip,
		 const struct report *end, const struct schema *schema,
		 enum series_step step, const char *from)
{
	struct walk w = { 0 };
	struct series *s = xcalloc(1, sizeof(*s));
	struct line_commit *line = NULL;
	const char *at = "";
	size_t i, j, n_line;
	int ret = -1;

	*out = NULL;
	s->step = step;
	point_days(s, end, from);
	w.s = s;
	w.r = end;
	w.schema = schema;
	if (history_first_parent_line(&line, &n_line, r, tip))
		goto done;
	/*
	 * The commit each point reads, as --as-of finds it; then the plan at
	 * each, from the one before: the task files that differ are all that
	 * is read and parsed, however many commits lie between two points.
	 */
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < n_line; j++)
			if (strcmp(line[j].day, s->v[i].date) <= 0) {
				memcpy(s->v[i].commit, line[j].id, 41);
				break;
			}
		if (s->v[i].commit[0] && strcmp(s->v[i].commit, at)) {
			if (history_between(r, at, s->v[i].commit, on_point,
					    &w))
				goto done;
			at = s->v[i].commit;
		}
		take(&w, &s->v[i]);
	}
	*out = s;
	s = NULL;
	ret = 0;
done:
	for (i = 0; i < w.n; i++) {
		free(w.v[i].path);
		task_free(w.v[i].t);
	}
	free(w.v);
	free(line);
	series_free(s);
	return ret;
}

void series_free(struct series *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].category);
		free(s->v[i].task_status);
		free(s->v[i].task_progress);
		free(s->v[i].actual);
		free(s->v[i].has_actual);
	}
	free(s->v);
	free(s);
}
