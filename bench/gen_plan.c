/*
 * gen_plan: write a synthetic plan of N tasks (plan.yaml, tasks/, units/,
 * and a copy of the repository's schema/) into a directory, for the
 * benchmark.  The same seed gives the same bytes on every machine.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pgen.h"

static const char usage[] =
	"usage: gen_plan [-n TASKS] [--cities N] [--seed S] "
	"[--schema DIR] -o DIR";

static const char help[] =
	"Write a synthetic plan in the plan's format into DIR (created).\n"
	"\n"
	"  -n, --tasks N      number of tasks (default 1000)\n"
	"      --cities N     cities of the province, 1..11 (default 11)\n"
	"      --seed S       seed of the generator (default 1)\n"
	"      --schema DIR   copy DIR/*.schema.json into DIR/schema/\n"
	"  -o, --out DIR      where to write\n"
	"  -h, --help         this text\n"
	"\n"
	"Examples:\n"
	"  gen_plan -n 10000 --schema schema -o bench/out/plan-10000\n"
	"  gen_plan -n 40 --cities 1 -o /tmp/city\n";

static int write_file(const char *dir, const char *rel, const char *data,
		      size_t len)
{
	char path[4096];
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (!(f = fopen(path, "wb"))) {
		fprintf(stderr, "gen_plan: error: cannot write '%s': %s\n",
			path, strerror(errno));
		return -1;
	}
	if (fwrite(data, 1, len, f) == len)
		ret = 0;
	if (fclose(f))
		ret = -1;
	if (ret)
		fprintf(stderr, "gen_plan: error: cannot write '%s'\n", path);
	return ret;
}

static int make_dir(const char *dir, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s%s%s", dir, *rel ? "/" : "", rel);
	if (mkdir(path, 0777) && errno != EEXIST) {
		fprintf(stderr, "gen_plan: error: cannot create '%s': %s\n",
			path, strerror(errno));
		return -1;
	}
	return 0;
}

static int copy_schema(const char *from, const char *out)
{
	static const char *const names[] = {
		"plan.schema.json", "task.schema.json", "unit.schema.json"
	};
	char path[4096], rel[64];
	char *data = NULL;
	size_t i, len;
	FILE *f;
	int ret = -1;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", from, names[i]);
		if (!(f = fopen(path, "rb"))) {
			fprintf(stderr, "gen_plan: error: cannot read '%s': "
				"%s\n", path, strerror(errno));
			goto done;
		}
		data = malloc(1 << 20);
		len = data ? fread(data, 1, 1 << 20, f) : 0;
		fclose(f);
		snprintf(rel, sizeof(rel), "schema/%s", names[i]);
		if (!data || write_file(out, rel, data, len))
			goto done;
		free(data);
		data = NULL;
	}
	ret = 0;
done:
	free(data);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "tasks", required_argument, NULL, 'n' },
		{ "cities", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "schema", required_argument, NULL, 'S' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL, *schema = NULL;
	int n_tasks = 1000, n_cities = 11, c, i;
	unsigned long long seed = 1;
	struct pgen_plan p;
	struct pbuf b = { 0 };
	char rel[128];
	int ret = 2;

	while ((c = getopt_long(argc, argv, ":n:o:h", longs, NULL)) != -1) {
		switch (c) {
		case 'n': n_tasks = atoi(optarg); break;
		case 'c': n_cities = atoi(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'S': schema = optarg; break;
		case 'o': out = optarg; break;
		case 'h':
			printf("%s\n\n%s", usage, help);
			return 0;
		default:
			fprintf(stderr, "%s\nsee 'gen_plan --help'\n", usage);
			return 2;
		}
	}
	if (!out || n_tasks < 1 || optind != argc) {
		fprintf(stderr, "%s\nsee 'gen_plan --help'\n", usage);
		return 2;
	}
	pgen_make(&p, seed, n_tasks, n_cities, 1);
	if (make_dir(out, "") || make_dir(out, "tasks") ||
	    make_dir(out, "units") || make_dir(out, "schema"))
		goto done;
	if (schema && copy_schema(schema, out))
		goto done;
	pgen_plan_yaml(&b, &p);
	if (write_file(out, "plan.yaml", b.s, b.len))
		goto done;
	for (i = 0; i < p.n_units; i++) {
		b.len = 0;
		pgen_unit_yaml(&b, &p, &p.units[i]);
		pgen_unit_path(rel, sizeof(rel), &p.units[i]);
		if (write_file(out, rel, b.s, b.len))
			goto done;
	}
	for (i = 0; i < p.n_tasks; i++) {
		b.len = 0;
		pgen_task_yaml(&b, &p, &p.tasks[i]);
		pgen_task_path(rel, sizeof(rel), &p.tasks[i]);
		if (write_file(out, rel, b.s, b.len))
			goto done;
	}
	ret = 0;
done:
	pbuf_release(&b);
	pgen_release(&p);
	return ret;
}
