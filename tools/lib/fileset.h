/*
 * fileset: the plan's files as a list of (path, bytes), read from the
 * working tree here or from git (the index, a commit) by repo.c.  Every
 * loader reads a fileset, so a plan is checked the same way wherever it
 * comes from.
 *
 * A fileset holds plan.yaml, the schema files, and every entry of tasks/ and
 * units/, including those that are not regular files (kind says what they
 * are) so that the loader can report them.
 */
#ifndef FILESET_H
#define FILESET_H

#include <stddef.h>

#include "diag.h"

/*
 * What one commit's plan, and one push, may hold (docs/limits.md): a
 * server hook must not be made to read gigabytes by one blob under
 * thousands of names, or by a thousand commits each with a large file.
 * The bytes bound what is read; the count of entries bounds the work per
 * name, with room for a province's plan of 10,000 tasks.
 */
#define PLAN_MAX_FILES 20000			/* in tasks/ or units/ */
#define PLAN_MAX_BYTES (64u * 1024 * 1024)	/* a plan's files, one commit */
#define PUSH_MAX_BYTES (32u * 1024 * 1024)	/* changed plan files, a push */

enum file_kind {
	FILE_REGULAR,
	FILE_SYMLINK,		/* a link inside the tree (data: its target) */
	FILE_OUTSIDE,		/* a link that points outside the tree */
	FILE_DIRECTORY,
	FILE_OTHER,		/* device, fifo, socket, submodule */
	FILE_TOO_LARGE,		/* regular, over YDOC_MAX_SIZE: not read */
	FILE_UNREADABLE		/* could not be read (data: the reason) */
};

struct file_entry {
	char *path;		/* repository-relative, '/'-separated; owned */
	enum file_kind kind;
	char *data;		/* owned; NUL-terminated; NULL for some kinds */
	size_t len;
	char oid[41];		/* blob id when read from git, else "" */
};

struct fileset {
	struct file_entry *v;	/* sorted by path after fileset_sort */
	size_t n, cap;
	char *label;		/* where it came from: "working tree", "HEAD" */
};

/* append an entry; takes ownership of data */
struct file_entry *fileset_add(struct fileset *fs, const char *path,
			       enum file_kind kind, char *data, size_t len);
void fileset_sort(struct fileset *fs);
/* the entry of path, or NULL (fileset must be sorted) */
const struct file_entry *fileset_find(const struct fileset *fs,
				      const char *path);
void fileset_release(struct fileset *fs);

/*
 * Read the plan's files below root (a directory) into out.  Returns 0, or
 * -1 after diag_fail() when root cannot be read at all.
 */
int fileset_from_dir(struct fileset *out, const char *root);

/*
 * Does a link at path (repository-relative) to target (len bytes) leave
 * the tree?  Judged on the text alone, as git records it and as a tree
 * in git must be judged: an absolute or empty target, or one whose '..'
 * climb above the top.  1 yes, 0 no.
 */
int fileset_link_outside(const char *path, const char *target, size_t len);

/* read one file of any path into a NUL-terminated buffer; 0 or -1/errno */
int read_file(const char *path, char **data, size_t *len, size_t max);

#endif
