/*
 * Unit tests of outfile.c: a file replaced whole or not at all; a device
 * or a pipe written through; a symbolic link refused, never replaced; no
 * temporary file left by an abort or by a signal (SIGINT, SIGTERM,
 * SIGHUP), which kills a child process here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "xalloc.h"

static char dir[] = "/tmp/outfile-test.XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int r = system(cmd);

	(void)state;
	free(cmd);
	return r;
}

/* the number of entries of dir (. and .. aside) */
static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void replaced_whole(void **state)
{
	char *path = xasprintf("%s/report.html", dir);
	struct outfile o;
	FILE *f;
	char buf[16] = { 0 };

	(void)state;
	assert_int_equal(outfile_open(&o, path), 0);
	fputs("new", o.f);
	assert_int_equal(entries(), 1);		/* the temporary file */
	assert_int_equal(outfile_commit(&o), 0);
	assert_int_equal(entries(), 1);		/* the report alone */
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "new");
	assert_int_equal(outfile_open(&o, path), 0);
	fputs("half", o.f);
	outfile_abort(&o);
	assert_int_equal(entries(), 1);
	unlink(path);
	free(path);
}

static void link_refused(void **state)
{
	char *path = xasprintf("%s/link.html", dir);
	char *target = xasprintf("%s/target", dir);
	struct outfile o;
	struct stat st;

	(void)state;
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(outfile_open(&o, path), -1);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(entries(), 1);
	unlink(path);
	free(path);
	free(target);
}

static void device_written_through(void **state)
{
	struct outfile o;

	(void)state;
	assert_int_equal(outfile_open(&o, "/dev/null"), 0);
	assert_null(o.tmp);
	fputs("gone", o.f);
	assert_int_equal(outfile_commit(&o), 0);
	assert_int_equal(entries(), 0);
}

static void signals_leave_nothing(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pid_t pid = fork();
		int status;

		assert_true(pid >= 0);
		if (!pid) {
			char *path = xasprintf("%s/killed.csv", dir);
			struct outfile o;

			if (outfile_open(&o, path))
				_exit(3);
			fputs("half a report", o.f);
			fflush(o.f);
			raise(sigs[i]);
			_exit(4);	/* not reached */
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), sigs[i]);
		assert_int_equal(entries(), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replaced_whole),
		cmocka_unit_test(link_refused),
		cmocka_unit_test(device_written_through),
		cmocka_unit_test(signals_leave_nothing),
	};

	diag_set_program("test_outfile");
	return cmocka_run_group_tests(tests, setup, teardown);
}
