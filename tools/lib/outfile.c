/* outfile: see outfile.h. */
#include "outfile.h"
#include "diag.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void release(struct outfile *o)
{
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	o->f = NULL;
}

int outfile_open(struct outfile *o, const char *path)
{
	const char *slash = strrchr(path, '/');
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	memset(o, 0, sizeof(*o));
	/* a dot file beside the target: same file system, so rename works */
	o->tmp = xasprintf("%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) :
			   0, path, slash ? slash + 1 : path);
	o->path = xstrdup(path);
	fd = mkstemp(o->tmp);
	/* mkstemp makes 0600; the result is as readable as any other file */
	if (fd < 0 || fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
		diag_fail("cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		release(o);
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o)
{
	int err = fflush(o->f) || ferror(o->f) || fsync(fileno(o->f));

	if (fclose(o->f))
		err = 1;
	if (err || rename(o->tmp, o->path)) {
		diag_fail("cannot write '%s': %s", o->path, strerror(errno));
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
		unlink(o->tmp);
	}
	release(o);
}
