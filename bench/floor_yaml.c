/*
 * floor_yaml: the least a libyaml-based checker must do with a plan's
 * files: read each one and pull every event out of libyaml's parser, then
 * throw it away.  No tree, no schema, no cross-file rules.  What validate
 * takes beyond this is the price of its checks; this program is the floor
 * it is measured against.
 *
 * It reads the same files validate reads (plan.yaml, the three schema
 * files, every entry of tasks/ and units/) in the same way: a whole file
 * into memory, then yaml_parser_set_input_string.  -j N splits the files
 * over N threads, to show what both cores could give.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static const char usage[] = "usage: floor_yaml [-j THREADS] DIR";

struct job {
	char **paths;
	size_t n;
	size_t next;		/* the next file to take; under lock */
	pthread_mutex_t lock;
	unsigned long events;	/* under lock */
	int failed;
};

static int add_path(char ***v, size_t *n, size_t *cap, const char *dir,
		    const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;

	if (*n == *cap) {
		char **p;

		*cap = *cap ? *cap * 2 : 1024;
		if (!(p = realloc(*v, *cap * sizeof(*p))))
			return -1;
		*v = p;
	}
	if (!((*v)[*n] = malloc(len)))
		return -1;
	snprintf((*v)[*n], len, "%s/%s", dir, name);
	(*n)++;
	return 0;
}

/* every entry of dir not starting with '.'; a missing dir adds nothing */
static int list_dir(char ***v, size_t *n, size_t *cap, const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!dh)
		return 0;
	while (!ret && (de = readdir(dh)))
		if (de->d_name[0] != '.')
			ret = add_path(v, n, cap, dir, de->d_name);
	closedir(dh);
	return ret;
}

static int read_all(const char *path, unsigned char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	unsigned char *buf = NULL;
	int ret = -1;

	if (!f)
		return -1;
	if (fstat(fileno(f), &st) || !(buf = malloc((size_t)st.st_size + 1)))
		goto done;
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f))
		goto done;
	*out = buf;
	buf = NULL;
	ret = 0;
done:
	free(buf);
	fclose(f);
	return ret;
}

/* parse one file; the number of events, or -1 */
static long parse(const char *path)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	unsigned char *buf = NULL;
	size_t len = 0;
	long events = 0;
	int done = 0;

	if (read_all(path, &buf, &len)) {
		fprintf(stderr, "floor_yaml: error: cannot read '%s': %s\n",
			path, strerror(errno));
		return -1;
	}
	if (!yaml_parser_initialize(&parser)) {
		free(buf);
		return -1;
	}
	yaml_parser_set_input_string(&parser, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "%s:%zu:%zu: error: %s\n", path,
				parser.problem_mark.line + 1,
				parser.problem_mark.column + 1,
				parser.problem ? parser.problem : "syntax");
			events = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		events++;
	}
	yaml_parser_delete(&parser);
	free(buf);
	return events;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	unsigned long events = 0;
	int failed = 0;

	for (;;) {
		size_t i;
		long n;

		pthread_mutex_lock(&j->lock);
		i = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->n)
			break;
		if ((n = parse(j->paths[i])) < 0)
			failed = 1;
		else
			events += (unsigned long)n;
	}
	pthread_mutex_lock(&j->lock);
	j->events += events;
	j->failed |= failed;
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct job j = { 0 };
	pthread_t th[64];
	size_t cap = 0, i;
	char sub[4096];
	int c, threads = 1, t, ret = 2;
	const char *dir;

	while ((c = getopt_long(argc, argv, ":j:h", longs, NULL)) != -1) {
		switch (c) {
		case 'j':
			threads = atoi(optarg);
			break;
		case 'h':
			printf("%s\n\nParse every plan file of DIR with "
			       "libyaml's event parser and nothing else.\n\n"
			       "Example:\n"
			       "  floor_yaml -j 2 bench/out/plan-10000\n", usage);
			return 0;
		default:
			fprintf(stderr, "%s\n", usage);
			return 2;
		}
	}
	if (optind + 1 != argc || threads < 1 || threads > 64) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	dir = argv[optind];
	pthread_mutex_init(&j.lock, NULL);
	if (add_path(&j.paths, &j.n, &cap, dir, "plan.yaml") ||
	    add_path(&j.paths, &j.n, &cap, dir, "schema/plan.schema.json") ||
	    add_path(&j.paths, &j.n, &cap, dir, "schema/task.schema.json") ||
	    add_path(&j.paths, &j.n, &cap, dir, "schema/unit.schema.json"))
		goto done;
	snprintf(sub, sizeof(sub), "%s/tasks", dir);
	if (list_dir(&j.paths, &j.n, &cap, sub))
		goto done;
	snprintf(sub, sizeof(sub), "%s/units", dir);
	if (list_dir(&j.paths, &j.n, &cap, sub))
		goto done;
	if (threads == 1) {
		worker(&j);
	} else {
		for (t = 0; t < threads; t++)
			if (pthread_create(&th[t], NULL, worker, &j)) {
				threads = t;
				j.failed = 1;
				break;
			}
		for (t = 0; t < threads; t++)
			pthread_join(th[t], NULL);
	}
	printf("%zu files, %lu events\n", j.n, j.events);
	ret = j.failed ? 1 : 0;
done:
	for (i = 0; i < j.n; i++)
		free(j.paths[i]);
	free(j.paths);
	pthread_mutex_destroy(&j.lock);
	return ret;
}
