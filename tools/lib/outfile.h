/*
 * outfile: write a file whole or not at all.  Output goes to a temporary
 * file beside the target, which is renamed over it only once everything
 * was written and synced, so a failure (disk full, a crash, Ctrl-C)
 * never leaves a half-written report or table behind, and a killed
 * tool (SIGINT, SIGTERM, SIGHUP) leaves no temporary file.  A device or
 * a pipe (/dev/stdout, a FIFO) is written through; a symbolic link is
 * refused, never replaced by a file.
 *
 * Ownership: outfile_open fills o; exactly one of outfile_commit or
 * outfile_abort then releases it.
 */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *f;	/* write here */
	char *tmp;	/* the temporary file's path; NULL when writing
			 * through to a device or pipe */
	char *path;	/* the target */
};

/* 0, or -1 after diag_fail */
int outfile_open(struct outfile *o, const char *path);
/* flush, sync and rename into place; 0, or -1 after diag_fail */
int outfile_commit(struct outfile *o);
/* remove the temporary file */
void outfile_abort(struct outfile *o);

#endif
