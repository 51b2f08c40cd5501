/*
 * fuzz_compare: libFuzzer target for the plan comparer.
 *
 * The input holds two versions of a file, split at the first line "%%"
 * (without it, the second version is the first with its last byte
 * dropped).  Both are loaded as tasks with the committed task schema and
 * compared (in both directions, renamed, added and removed), and as units;
 * then each is put into a small plan and the two plans are compared.
 * Besides the sanitizers, the target aborts when a record differs from
 * itself, when the two directions disagree on the number of changes, or
 * when a change is malformed (no field, no value on either side).
 *
 * The schemas are read once from FUZZ_SCHEMA_DIR, as in fuzz_load.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "fileset.h"
#include "model.h"
#include "xalloc.h"

#ifndef FUZZ_SCHEMA_DIR
#define FUZZ_SCHEMA_DIR "schema"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fileset base;
static struct schemas schemas;

static const char plan_yaml[] =
	"title: 工作计划\n"
	"year: 2010\n"
	"categories:\n"
	"  - 发展新产业\n"
	"  - 推进大项目\n";
static const char unit_jmw[] =
	"id: jmw\nname: 市经贸委\naliases:\n  - 经贸委\nkind: department\n";
static const char unit_counties[] =
	"id: counties\nname: 各县(市、区)\nkind: group\nmembers:\n"
	"  - jmw\n";

static char *copy(const char *s, size_t len)
{
	char *data = xmalloc(len + 1);

	memcpy(data, s, len);
	data[len] = '\0';
	return data;
}

static void add_schema(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *rel = xasprintf("schema/%s", name);
	char *data;
	size_t len;

	if (read_file(path, &data, &len, YDOC_MAX_SIZE)) {
		fprintf(stderr, "fuzz_compare: cannot read %s\n", path);
		exit(2);
	}
	fileset_add(&base, rel, FILE_REGULAR, data, len);
	free(path);
	free(rel);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_SCHEMA_DIR");
	struct diag_list d = { 0 };

	(void)argc;
	(void)argv;
	if (!dir || !*dir)
		dir = FUZZ_SCHEMA_DIR;
	add_schema(dir, "plan.schema.json");
	add_schema(dir, "task.schema.json");
	add_schema(dir, "unit.schema.json");
	fileset_add(&base, "plan.yaml", FILE_REGULAR,
		    copy(plan_yaml, sizeof(plan_yaml) - 1),
		    sizeof(plan_yaml) - 1);
	fileset_add(&base, "units/jmw.yaml", FILE_REGULAR,
		    copy(unit_jmw, sizeof(unit_jmw) - 1), sizeof(unit_jmw) - 1);
	fileset_add(&base, "units/counties.yaml", FILE_REGULAR,
		    copy(unit_counties, sizeof(unit_counties) - 1),
		    sizeof(unit_counties) - 1);
	fileset_sort(&base);
	if (schemas_load(&schemas, &base, &d)) {
		diag_print_text(stderr, &d);
		exit(2);
	}
	diag_release(&d);
	return 0;
}

/* count the changes, and check that each one is well formed */
static int count_change(const struct change *c, void *payload)
{
	size_t *n = payload;

	if (!c->field || !*c->field || (!c->old_value && !c->new_value) ||
	    (c->cls != CHANGE_PROGRESS && c->cls != CHANGE_PLAN) ||
	    (!c->old_path && !c->new_path))
		abort();
	/* every string must be readable to its end */
	if (strlen(c->field) + (c->old_value ? strlen(c->old_value) : 0) +
	    (c->new_value ? strlen(c->new_value) : 0) +
	    (c->unit_id ? strlen(c->unit_id) : 0) == (size_t)-1)
		abort();
	(*n)++;
	return 0;
}

static size_t tasks(const struct task *a, const struct task *b)
{
	size_t n = 0;

	if (task_compare(a, b, count_change, &n))
		abort();
	return n;
}

static size_t units(const struct unit *a, const struct unit *b)
{
	size_t n = 0;

	if (unit_compare(a, b, count_change, &n))
		abort();
	return n;
}

static size_t plans(const struct plan *a, const struct plan *b)
{
	size_t n = 0;

	if (plan_compare(a, b, count_change, &n))
		abort();
	return n;
}

/* the small plan with the file of one version as tasks/18.yaml */
static struct plan *plan_with(const char *buf, size_t len)
{
	struct diag_list d = { 0 };
	struct fileset fs = { 0 };
	struct plan *p = NULL;
	size_t i;

	for (i = 0; i < base.n; i++)
		fileset_add(&fs, base.v[i].path, FILE_REGULAR,
			    copy(base.v[i].data, base.v[i].len), base.v[i].len);
	fileset_add(&fs, "tasks/18.yaml", FILE_REGULAR, copy(buf, len), len);
	fileset_sort(&fs);
	if (plan_load(&p, &fs, &schemas, NULL, &d) || !p)
		abort();
	diag_release(&d);
	fileset_release(&fs);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d = { 0 };
	struct task *ta = NULL, *tb = NULL, *tr = NULL;
	struct unit *ua = NULL, *ub = NULL;
	struct plan *pa, *pb;
	const char *s = (const char *)data, *cut = NULL;
	char *a, *b;
	size_t la, lb, i;

	/* split at the first line "%%" */
	for (i = 0; i + 2 < size; i++)
		if ((i == 0 || s[i - 1] == '\n') && s[i] == '%' &&
		    s[i + 1] == '%' && s[i + 2] == '\n') {
			cut = s + i;
			break;
		}
	if (cut) {
		la = (size_t)(cut - s);
		lb = size - la - 3;
		b = copy(cut + 3, lb);
	} else {
		la = size;
		lb = size ? size - 1 : 0;
		b = copy(s, lb);
	}
	a = copy(s, la);

	task_load(&ta, "tasks/18.yaml", a, la, schemas.task, &d);
	task_load(&tb, "tasks/18.yaml", b, lb, schemas.task, &d);
	task_load(&tr, "tasks/19.yaml", b, lb, schemas.task, &d);
	if (tasks(ta, ta) || tasks(tb, tb) || tasks(tr, tr) ||
	    tasks(ta, tb) != tasks(tb, ta) || tasks(ta, tr) != tasks(tr, ta))
		abort();
	tasks(ta, NULL);
	tasks(NULL, tb);

	unit_load(&ua, "units/tst.yaml", a, la, schemas.unit, &d);
	unit_load(&ub, "units/tst.yaml", b, lb, schemas.unit, &d);
	if (units(ua, ua) || units(ub, ub) || units(ua, ub) != units(ub, ua))
		abort();
	units(ua, NULL);
	units(NULL, ub);

	pa = plan_with(a, la);
	pb = plan_with(b, lb);
	if (plans(pa, pa) || plans(pb, pb) || plans(pa, pb) != plans(pb, pa))
		abort();

	plan_free(pa);
	plan_free(pb);
	unit_free(ua);
	unit_free(ub);
	task_free(ta);
	task_free(tb);
	task_free(tr);
	diag_release(&d);
	free(a);
	free(b);
	return 0;
}
