/*
 * fileset: see fileset.h.  Reading the working tree uses lstat, so that a
 * link, directory or device standing where a task file should be is
 * reported by the loader instead of followed.
 */
#include "fileset.h"
#include "i18n.h"
#include "parallel.h"
#include "xalloc.h"
#include "ydoc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct file_entry *fileset_add(struct fileset *fs, const char *path,
			       enum file_kind kind, char *data, size_t len)
{
	struct file_entry *e;

	XGROW(fs->v, fs->cap, fs->n + 1);
	e = &fs->v[fs->n++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	e->kind = kind;
	e->data = data;
	e->len = len;
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct file_entry *)a)->path,
		      ((const struct file_entry *)b)->path);
}

void fileset_sort(struct fileset *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof(*fs->v), cmp_entry);
}

const struct file_entry *fileset_find(const struct fileset *fs,
				      const char *path)
{
	struct file_entry key = { .path = (char *)path };

	if (!fs->n)
		return NULL;
	return bsearch(&key, fs->v, fs->n, sizeof(*fs->v), cmp_entry);
}

void fileset_release(struct fileset *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].data);
	}
	free(fs->v);
	free(fs->label);
	memset(fs, 0, sizeof(*fs));
}

/*
 * Read the file open as fd (closed here) whole, up to max bytes: 0, or -1
 * with errno.  plain: fd must be a regular file (fstat), as lstat found
 * it: a link swapped in since is never followed (O_NOFOLLOW) nor read.
 */
static int read_fd(int fd, int plain, char **data, size_t *len, size_t max)
{
	struct sbuf b = { 0 };
	char chunk[65536];
	struct stat st;
	ssize_t got;
	int err = 0;

	if (fd < 0)
		return -1;
	if (plain && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	/* its size, exactly: a plan keeps thousands of these */
	if (plain && (size_t)st.st_size < max) {
		b.cap = (size_t)st.st_size + 1;
		b.s = xmalloc(b.cap);
		b.s[0] = '\0';
	}
	while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		if (b.len + (size_t)got > max) {
			err = EFBIG;
			break;
		}
		sbuf_add(&b, chunk, (size_t)got);
	}
	close(fd);
	if (err) {
		sbuf_release(&b);
		errno = err;
		return -1;
	}
	*len = b.len;
	*data = b.s ? sbuf_take(&b) : xstrdup("");
	return 0;
}

int read_file(const char *path, char **data, size_t *len, size_t max)
{
	return read_fd(open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK), 0, data,
		       len, max);
}

/* the working tree and git judge a link's text alike: one function */
int fileset_link_outside(const char *path, const char *target, size_t len)
{
	const char *p, *end = target + len, *slash;
	long depth = 0;

	if (!len || target[0] == '/' || memchr(target, '\0', len))
		return 1;
	for (p = path; (p = strchr(p, '/')); p++)
		depth++;
	for (p = target; p < end; p = slash + 1) {
		slash = memchr(p, '/', (size_t)(end - p));
		if (!slash)
			slash = end;
		if (slash - p == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return 1;
		} else if (slash - p && !(slash - p == 1 && p[0] == '.')) {
			depth++;
		}
	}
	return 0;
}

/*
 * Is the link at path inside root_real?  Its text must stay inside, and
 * when it resolves, so must every link it goes through.  A dangling link
 * with a harmless text is inside: it is reported as a link all the same.
 */
static int link_inside(const char *root_real, const char *path,
		       const char *rel, const char *target)
{
	char *real;
	size_t n = strlen(root_real);
	int inside;

	if (fileset_link_outside(rel, target, strlen(target)))
		return 0;
	real = realpath(path, NULL);
	if (!real)
		return 1;
	inside = !strncmp(real, root_real, n) && (real[n] == '/' || !real[n]);
	free(real);
	return inside;
}

/* what add_path found at one path, before it becomes an entry */
struct probe {
	char *rel;		/* owned */
	enum file_kind kind;
	char *data;		/* owned; NULL for an error (see err) */
	size_t len;
	int err;		/* errno of a failure: strerror is not
				 * for threads */
};

static void probe(struct probe *p, const char *root, const char *root_real)
{
	char *full = xasprintf("%s/%s", root, p->rel);
	struct stat st;

	p->data = NULL;
	p->len = 0;
	p->err = 0;
	if (lstat(full, &st)) {
		p->kind = FILE_UNREADABLE;
		p->err = errno;
	} else if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(full, target, sizeof(target) - 1);

		target[n < 0 ? 0 : n] = '\0';
		p->kind = link_inside(root_real, full, p->rel, target) ?
			FILE_SYMLINK : FILE_OUTSIDE;
		p->data = xstrdup(target);
		p->len = strlen(target);
	} else if (S_ISDIR(st.st_mode)) {
		p->kind = FILE_DIRECTORY;
	} else if (!S_ISREG(st.st_mode)) {
		p->kind = FILE_OTHER;
	} else if (st.st_size > YDOC_MAX_SIZE) {
		p->kind = FILE_TOO_LARGE;
		p->len = (size_t)st.st_size;
	} else if (read_fd(open(full, O_RDONLY | O_NOCTTY | O_NONBLOCK |
				O_NOFOLLOW), 1, &p->data, &p->len,
			   YDOC_MAX_SIZE)) {
		p->kind = errno == EFBIG ? FILE_TOO_LARGE : FILE_UNREADABLE;
		p->err = errno;
	} else {
		p->kind = FILE_REGULAR;
	}
	free(full);
}

/* the probe's entry into fs, which takes its data */
static void add_probe(struct fileset *fs, struct probe *p)
{
	if (p->err) {
		p->data = xstrdup(strerror(p->err));
		p->len = 0;
	}
	fileset_add(fs, p->rel, p->kind, p->data, p->len);
	free(p->rel);
}

static void add_path(struct fileset *fs, const char *root,
		     const char *root_real, const char *rel)
{
	struct probe p = { .rel = xstrdup(rel) };

	probe(&p, root, root_real);
	add_probe(fs, &p);
}

/*
 * Reading ten thousand small files is mostly system calls, which all
 * cores can make at once: a directory that large is read in threads.
 */
#define PROBE_MIN_FILES 256

struct probe_job {
	struct probe *v;
	const char *root, *root_real;
};

static void probe_one(void *arg, size_t i)
{
	struct probe_job *j = arg;

	probe(&j->v[i], j->root, j->root_real);
}

static int cmp_probe(const void *a, const void *b)
{
	return strcmp(((const struct probe *)a)->rel,
		      ((const struct probe *)b)->rel);
}

/*
 * every entry of root/dir, in name order: 0, or -1 after diag_fail when
 * the directory cannot be read (never an empty plan that passes)
 */
static int add_dir(struct fileset *fs, const char *root,
		   const char *root_real, const char *dir)
{
	char *full = xasprintf("%s/%s", root, dir);
	DIR *dh = opendir(full);
	struct dirent *de;
	struct probe *v = NULL;
	struct probe_job job;
	size_t n = 0, cap = 0, i;

	if (!dh) {
		diag_fail(_("cannot read directory '%s': %s"), full,
			  strerror(errno));
		free(full);
		return -1;
	}
	free(full);
	while ((de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;	/* ., .., editor and OS droppings */
		XGROW(v, cap, n + 1);
		memset(&v[n], 0, sizeof(*v));
		v[n++].rel = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(dh);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_probe);
	job.v = v;
	job.root = root;
	job.root_real = root_real;
	parallel_each(n, n >= PROBE_MIN_FILES, probe_one, &job);
	for (i = 0; i < n; i++)
		add_probe(fs, &v[i]);
	free(v);
	return 0;
}

int fileset_from_dir(struct fileset *out, const char *root)
{
	static const char *const top[] = {
		"plan.yaml", "schema/plan.schema.json",
		"schema/task.schema.json", "schema/unit.schema.json"
	};
	static const char *const dirs[] = { "tasks", "units" };
	char *root_real = realpath(root, NULL);
	struct stat st;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!root_real || stat(root_real, &st) || !S_ISDIR(st.st_mode)) {
		diag_fail(_("cannot read plan directory '%s': %s"), root,
			  root_real ? strerror(ENOTDIR) : strerror(errno));
		free(root_real);
		return -1;
	}
	out->label = xstrdup("working tree");
	for (i = 0; i < sizeof(top) / sizeof(*top); i++) {
		char *full = xasprintf("%s/%s", root, top[i]);

		if (!lstat(full, &st))
			add_path(out, root, root_real, top[i]);
		free(full);
	}
	for (i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char *full = xasprintf("%s/%s", root, dirs[i]);

		/*
		 * A link in place of tasks/ or units/ is not followed (it
		 * could lead anywhere): it becomes an entry of its own,
		 * which the loader reports.
		 */
		if (!lstat(full, &st)) {
			if (!S_ISDIR(st.st_mode))
				add_path(out, root, root_real, dirs[i]);
			else if (add_dir(out, root, root_real, dirs[i])) {
				free(full);
				free(root_real);
				fileset_release(out);
				return -1;
			}
		}
		free(full);
	}
	fileset_sort(out);
	free(root_real);
	return 0;
}
