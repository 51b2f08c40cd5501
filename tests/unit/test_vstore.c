/*
 * Unit tests of the version store (vstore.c): a version parsed once
 * however often and from however many threads it is asked for, apart for
 * each version of the schemas; the store keeps no more than it was made
 * with (or was made to keep since), while a version a caller holds
 * outlives it; a blob that does not load and an entry that is no file
 * give no task, with the findings of the first; a task held outlives its
 * version and the store.
 */
/* ldflags: -Wl,--wrap=task_load */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fileset.h"
#include "vstore.h"
#include "xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int __real_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d);
int __wrap_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d);

/* task_load counts its calls; slow makes it wait, started says it began */
static _Atomic int loads, slow, started;

int __wrap_task_load(struct task **out, const char *path, const char *buf,
		     size_t len, const struct schema *s, struct diag_list *d)
{
	loads++;
	started = 1;
	if (slow) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	return __real_task_load(out, path, buf, len, s, d);
}

static struct schema *task_schema;

static int group_setup(void **state)
{
	char *text;
	size_t len;
	struct diag_list d = { 0 };
	int err;

	(void)state;
	if (read_file("schema/task.schema.json", &text, &len, 1 << 20))
		return -1;
	err = schema_load(&task_schema, "schema/task.schema.json", text, len,
			  &d);
	free(text);
	diag_release(&d);
	return err;
}

static int group_teardown(void **state)
{
	(void)state;
	schema_free(task_schema);
	return 0;
}

/* task id's text; the caller frees it */
static char *task_text(int id, int progress)
{
	return xasprintf(
		"id: %d\n"
		"category: 推进大项目\n"
		"content: 狠抓项目推进\n"
		"target: 完成工业投资630亿元\n"
		"units:\n"
		"  text: 市经贸委\n"
		"  lead: [jmw]\n"
		"  cooperate: []\n"
		"  implement: []\n"
		"indicators: []\n"
		"deadline: 2010-12-31\n"
		"status: in_progress\n"
		"progress: %d\n"
		"as_of: 2010-06-30\n"
		"note: \"\"\n", id, progress);
}

/* a blob id made of n */
static const char *oid_of(unsigned n)
{
	static char oid[41];

	snprintf(oid, sizeof(oid), "%040x", n);
	return oid;
}

/* the version of tasks/01.yaml at blob n, with progress n, parsed */
static struct vstore_version *get(struct vstore *s, unsigned n,
				  const char *key)
{
	char *text = task_text(1, (int)(n % 100));
	struct vstore_version *v = vstore_get(s, "tasks/01.yaml", oid_of(n),
					      FILE_REGULAR, text,
					      strlen(text), key);

	free(text);
	vstore_parse(s, v, task_schema);
	return v;
}

static void parsed_once(void **state)
{
	struct vstore *s = vstore_new(8);
	struct vstore_version *a, *b, *c;

	(void)state;
	loads = 0;
	a = get(s, 1, "");
	b = get(s, 1, "");
	assert_ptr_equal(a, b);
	assert_int_equal(loads, 1);
	assert_non_null(a->t);
	assert_int_equal(a->t->id, 1);
	assert_int_equal(a->t->progress, 1);
	assert_int_equal(a->d.n, 0);
	/* another version of the schemas reads it again */
	c = get(s, 1, "schema/task.schema.json\t0\tabc\n");
	assert_ptr_not_equal(a, c);
	assert_int_equal(loads, 2);
	/* so does another path with the same blob */
	vstore_drop(s, c);
	c = vstore_get(s, "tasks/2.yaml", oid_of(1), FILE_REGULAR, "id: 1\n",
		       6, "");
	assert_ptr_not_equal(a, c);
	vstore_drop(s, a);
	vstore_drop(s, b);
	vstore_drop(s, c);
	vstore_free(s);
}

static void bounded(void **state)
{
	struct vstore *s = vstore_new(4);
	struct vstore_version *held, *v;
	unsigned i;

	(void)state;
	loads = 0;
	held = get(s, 100, "");
	for (i = 0; i < 10; i++)
		vstore_drop(s, get(s, i, ""));
	assert_int_equal(loads, 11);
	/* the last four are kept */
	for (i = 6; i < 10; i++)
		vstore_drop(s, get(s, i, ""));
	assert_int_equal(loads, 11);
	/* the first are not: asked again, parsed again */
	vstore_drop(s, get(s, 0, ""));
	assert_int_equal(loads, 12);
	/* one held outlives its place in the store, whole */
	assert_int_equal(held->t->progress, 0);
	assert_string_equal(held->t->path, "tasks/01.yaml");
	v = get(s, 100, "");
	assert_ptr_not_equal(v, held);
	assert_int_equal(loads, 13);
	vstore_drop(s, v);
	vstore_drop(s, held);
	vstore_free(s);
}

static void reserve(void **state)
{
	struct vstore *s = vstore_new(2);
	unsigned i;

	(void)state;
	loads = 0;
	vstore_drop(s, get(s, 1, ""));
	vstore_drop(s, get(s, 2, ""));
	vstore_reserve(s, 4);
	vstore_reserve(s, 3);	/* never smaller */
	vstore_drop(s, get(s, 3, ""));
	vstore_drop(s, get(s, 4, ""));
	assert_int_equal(loads, 4);
	/* the two kept before it grew are kept still, beside two more */
	for (i = 1; i <= 4; i++)
		vstore_drop(s, get(s, i, ""));
	assert_int_equal(loads, 4);
	vstore_drop(s, get(s, 5, ""));
	vstore_drop(s, get(s, 1, ""));
	assert_int_equal(loads, 6);
	vstore_free(s);
}

struct parse_job {
	struct vstore *s;
	struct vstore_version *v;
};

static void *parse_thread(void *arg)
{
	struct parse_job *j = arg;

	vstore_parse(j->s, j->v, task_schema);
	return NULL;
}

static void two_threads(void **state)
{
	struct vstore *s = vstore_new(4);
	struct parse_job j;
	pthread_t th;
	char *text = task_text(7, 40);
	struct vstore_version *v, *w;

	(void)state;
	loads = 0;
	started = 0;
	slow = 1;
	v = vstore_get(s, "tasks/07.yaml", oid_of(7), FILE_REGULAR, text,
		       strlen(text), "");
	w = vstore_get(s, "tasks/07.yaml", oid_of(7), FILE_REGULAR, text,
		       strlen(text), "");
	assert_ptr_equal(v, w);
	j.s = s;
	j.v = v;
	assert_int_equal(pthread_create(&th, NULL, parse_thread, &j), 0);
	while (!started) {
		struct timespec ts = { 0, 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	/* the other thread is parsing it: this one waits for its work */
	vstore_parse(s, w, task_schema);
	assert_non_null(w->t);
	assert_int_equal(w->t->progress, 40);
	pthread_join(th, NULL);
	slow = 0;
	assert_int_equal(loads, 1);
	vstore_drop(s, v);
	vstore_drop(s, w);
	vstore_free(s);
	free(text);
}

static void not_a_task(void **state)
{
	struct vstore *s = vstore_new(4);
	struct vstore_version *bad, *link, *none;
	static const char text[] = "id: 3\nowner: x\n";

	(void)state;
	loads = 0;
	bad = vstore_get(s, "tasks/03.yaml", oid_of(3), FILE_REGULAR, text,
			 strlen(text), "");
	vstore_parse(s, bad, task_schema);
	assert_null(bad->t);
	assert_true(bad->d.errors > 0);
	/* the findings name the file, the line and the column, sorted */
	assert_string_equal(bad->d.v[0].file, "tasks/03.yaml");
	assert_int_equal(bad->d.v[0].line, 1);
	assert_int_equal(bad->d.v[0].col, 1);
	/* an entry that is no file is not parsed at all */
	link = vstore_get(s, "tasks/04.yaml", oid_of(4), FILE_SYMLINK,
			  "03.yaml", 7, "");
	vstore_parse(s, link, task_schema);
	assert_null(link->t);
	assert_int_equal(link->d.n, 0);
	none = vstore_get(s, "tasks/05.yaml", oid_of(5), FILE_TOO_LARGE, NULL,
			  0, "");
	vstore_parse(s, none, task_schema);
	assert_null(none->t);
	assert_int_equal(loads, 1);
	/* NULL is nothing */
	vstore_parse(s, NULL, task_schema);
	vstore_drop(s, NULL);
	vstore_drop(s, bad);
	vstore_drop(s, link);
	vstore_drop(s, none);
	vstore_free(s);
}

static void task_held(void **state)
{
	struct vstore *s = vstore_new(1);
	struct vstore_version *v;
	struct task *t;

	(void)state;
	v = get(s, 9, "");
	t = v->t;
	task_hold(t);
	vstore_drop(s, v);
	vstore_drop(s, get(s, 10, ""));	/* pushes it out of the store */
	vstore_free(s);
	/* still whole: valgrind and ASan would see a use after free */
	assert_int_equal(t->id, 1);
	assert_int_equal(t->progress, 9);
	task_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parsed_once),
		cmocka_unit_test(bounded),
		cmocka_unit_test(reserve),
		cmocka_unit_test(two_threads),
		cmocka_unit_test(not_a_task),
		cmocka_unit_test(task_held),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
