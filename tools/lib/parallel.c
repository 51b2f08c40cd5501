/* parallel: see parallel.h. */
#include "parallel.h"

#include <pthread.h>
#include <unistd.h>

#define PARALLEL_MAX_THREADS 8

struct part {
	size_t first, step, n;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	pthread_t th;
};

static void *run_part(void *arg)
{
	struct part *p = arg;
	size_t i;

	for (i = p->first; i < p->n; i += p->step)
		p->fn(p->ctx, i);
	return NULL;
}

void parallel_each(size_t n, int heavy, void (*fn)(void *ctx, size_t i),
		   void *ctx)
{
	struct part parts[PARALLEL_MAX_THREADS];
	size_t threads = 1, i, started = 1;

	/* asked only when it matters: glibc reads /sys for the answer */
	if (heavy) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		threads = cpus < 1 ? 1 : cpus > PARALLEL_MAX_THREADS ?
			PARALLEL_MAX_THREADS : (size_t)cpus;
	}
	for (i = 0; i < threads; i++) {
		parts[i].first = i;
		parts[i].step = threads;
		parts[i].n = n;
		parts[i].fn = fn;
		parts[i].ctx = ctx;
	}
	for (i = 1; i < threads; i++) {
		if (pthread_create(&parts[i].th, NULL, run_part, &parts[i]))
			break;
		started++;
	}
	run_part(&parts[0]);
	for (i = 1; i < started; i++)
		pthread_join(parts[i].th, NULL);
	for (i = started; i < threads; i++)
		run_part(&parts[i]);
}
