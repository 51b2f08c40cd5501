/*
 * fuzz_load: libFuzzer target for the file loader and the schema checks.
 *
 * The input is one task file, as a clerk or a crafted push could write it:
 * parsed by ydoc, checked against the committed task schema, made into a
 * record, then checked with the cross-file rules in a small plan; the same
 * bytes are also loaded as a unit file.  Besides the sanitizers, the target
 * aborts when a file is refused without a finding, or a finding has no
 * file name or a position past the end of the file: a bad file must never
 * pass silently nor get a message a clerk cannot place.
 *
 * The schemas are read once from FUZZ_SCHEMA_DIR (set by tests/fuzz/fuzz.mk
 * to the repository's schema/; the environment variable of the same name
 * overrides it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileset.h"
#include "model.h"
#include "xalloc.h"

#ifndef FUZZ_SCHEMA_DIR
#define FUZZ_SCHEMA_DIR "schema"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fileset base;	/* schemas, plan.yaml, units: sorted later */
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

static void add_copy(struct fileset *fs, const char *path, const char *s,
		     size_t len)
{
	char *data = xmalloc(len + 1);

	memcpy(data, s, len);
	data[len] = '\0';
	fileset_add(fs, path, FILE_REGULAR, data, len);
}

static void add_schema(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *rel = xasprintf("schema/%s", name);
	char *data;
	size_t len;

	if (read_file(path, &data, &len, YDOC_MAX_SIZE)) {
		fprintf(stderr, "fuzz_load: cannot read %s\n", path);
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
	add_copy(&base, "plan.yaml", plan_yaml, sizeof(plan_yaml) - 1);
	add_copy(&base, "units/jmw.yaml", unit_jmw, sizeof(unit_jmw) - 1);
	add_copy(&base, "units/counties.yaml", unit_counties,
		 sizeof(unit_counties) - 1);
	fileset_sort(&base);
	if (schemas_load(&schemas, &base, &d)) {
		diag_print_text(stderr, &d);
		exit(2);
	}
	diag_release(&d);
	return 0;
}

/* the findings must name a file and a place inside it */
static void check_findings(const struct diag_list *d, const char *buf,
			   size_t len)
{
	size_t i, lines = 1;

	for (i = 0; i < len; i++)
		lines += buf[i] == '\n';
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		if (!g->file[0] || !g->message[0] || g->line < 0 ||
		    g->col < 0 || (size_t)g->line > lines + 1) {
			fprintf(stderr, "bad finding: '%s':%d:%d: %s (%zu "
				"lines)\n", g->file, g->line, g->col,
				g->message, lines);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d = { 0 };
	struct fileset fs = { 0 };
	struct plan *p = NULL;
	struct task *t = NULL;
	struct unit *u = NULL;
	size_t i;
	int ret;

	/* the loader's contract: a NUL-terminated buffer of len bytes */
	char *buf = xmalloc(size + 1);

	memcpy(buf, data, size);
	buf[size] = '\0';

	ret = task_load(&t, "tasks/01.yaml", buf, size, schemas.task, &d);
	if ((ret < 0) != (t == NULL) || (ret < 0 && !d.errors) ||
	    (ret == 0 && d.errors))
		abort();
	check_findings(&d, buf, size);
	task_free(t);
	diag_release(&d);

	ret = unit_load(&u, "units/jmw.yaml", buf, size, schemas.unit, &d);
	if ((ret < 0) != (u == NULL) || (ret < 0 && !d.errors))
		abort();
	check_findings(&d, buf, size);
	unit_free(u);
	diag_release(&d);

	/* the same task inside a plan: cross-file rules on the record */
	for (i = 0; i < base.n; i++)
		add_copy(&fs, base.v[i].path, base.v[i].data, base.v[i].len);
	add_copy(&fs, "tasks/01.yaml", buf, size);
	fileset_sort(&fs);
	if (plan_load(&p, &fs, &schemas, NULL, &d) || !p)
		abort();
	check_findings(&d, buf, size);
	plan_free(p);
	diag_release(&d);
	fileset_release(&fs);
	free(buf);
	return 0;
}
