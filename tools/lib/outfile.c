/* outfile: see outfile.h. */
#include "outfile.h"
#include "diag.h"
#include "i18n.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The temporary file being written, for the signal handler: a report
 * killed by Ctrl-C, kill or a closed terminal leaves no ".name.XXXXXX"
 * behind.  One output at a time per process, as the tools write one.
 */
static char *volatile pending;

static void on_signal(int sig)
{
	char *p = pending;

	if (p)
		unlink(p);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard(char *tmp)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	pending = tmp;
	if (!tmp)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void release(struct outfile *o)
{
	guard(NULL);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	o->f = NULL;
}

int outfile_open(struct outfile *o, const char *path)
{
	const char *slash = strrchr(path, '/');
	mode_t mask = umask(0);
	struct stat st;
	int fd;

	umask(mask);
	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	/* a device or a pipe (a FIFO, /dev/stdout whatever it leads to,
	 * through a link or not): written through, as it cannot be
	 * replaced by a rename */
	if (!stat(path, &st) && (!S_ISREG(st.st_mode) ||
				 !strncmp(path, "/dev/", 5) ||
				 !strncmp(path, "/proc/", 6))) {
		if (S_ISDIR(st.st_mode)) {
			diag_fail(_("cannot write '%s': %s"), path,
				  strerror(EISDIR));
			release(o);
			return -1;
		}
		if (!(o->f = fopen(path, "w"))) {
			diag_fail(_("cannot write '%s': %s"), path,
				  strerror(errno));
			release(o);
			return -1;
		}
		return 0;
	}
	/* a link to a file: replacing it would write where the link's
	 * maker chose, or turn the link into a file */
	if (!lstat(path, &st) && S_ISLNK(st.st_mode)) {
		diag_fail(_("'%s' is a symbolic link: not replaced (name the "
			     "file it points to)"), path);
		release(o);
		return -1;
	}
	/* a dot file beside the target: same file system, so rename works */
	o->tmp = xasprintf("%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) :
			   0, path, slash ? slash + 1 : path);
	fd = mkstemp(o->tmp);
	/* mkstemp makes 0600; the result is as readable as any other file */
	if (fd < 0 || fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
		diag_fail(_("cannot write '%s': %s"), path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		release(o);
		return -1;
	}
	guard(o->tmp);
	return 0;
}

int outfile_commit(struct outfile *o)
{
	int err = fflush(o->f) || ferror(o->f) ||
		  (o->tmp && fsync(fileno(o->f)));

	if (fclose(o->f))
		err = 1;
	if (err || (o->tmp && rename(o->tmp, o->path))) {
		diag_fail(_("cannot write '%s': %s"), o->path, strerror(errno));
		if (o->tmp)
			unlink(o->tmp);
		release(o);
		return -1;
	}
	release(o);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f) {
		fclose(o->f);
		if (o->tmp)
			unlink(o->tmp);
	}
	release(o);
}
