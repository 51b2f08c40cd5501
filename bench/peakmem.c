/*
 * peakmem: run a command and print the peak of its private memory and of
 * its whole resident set, in KiB: "ANON RSS".
 *
 * GNU time's %M counts file pages mapped and touched as well.  A walk over
 * git history maps the pack index and touches more of it the larger the
 * repository is, though those pages are the kernel's page cache, shared
 * and dropped under pressure.  What the program itself holds is its
 * anonymous memory (RssAnon), which the kernel keeps no peak of: it is
 * sampled here every millisecond.  A peak shorter than that can be
 * missed, which for a program whose memory grows with its input (what
 * this measures) does not matter.
 *
 * Usage: peakmem COMMAND [ARG...]; the line goes to standard error, last,
 * and peakmem exits with the command's status.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sample(pid_t pid, long *anon, long *rss)
{
	char path[64], line[256];
	FILE *f;
	long v;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "RssAnon: %ld", &v) == 1 && v > *anon)
			*anon = v;
		else if (sscanf(line, "VmHWM: %ld", &v) == 1 && v > *rss)
			*rss = v;
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	const struct timespec ms = { 0, 1000000 };
	long anon = 0, rss = 0;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: peakmem COMMAND [ARG...]\n");
		return 2;
	}
	if ((pid = fork()) < 0) {
		perror("peakmem: fork");
		return 2;
	}
	if (!pid) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	/* a zombie's status file is gone: sample until the child has exited */
	while (waitpid(pid, &status, WNOHANG) == 0) {
		sample(pid, &anon, &rss);
		nanosleep(&ms, NULL);
	}
	fprintf(stderr, "%ld %ld\n", anon, rss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
