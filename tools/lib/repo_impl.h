/*
 * repo_impl: struct repo, for the files that speak to libgit2: repo.c
 * (the repository, its index and trees) and history*.c (the walks over
 * its commits).  No other file includes it, nor git2.h.
 */
#ifndef REPO_IMPL_H
#define REPO_IMPL_H

#include <git2.h>

#include "repo.h"

struct repo {
	git_repository *git;
	char *dir;		/* as the caller named it, for messages */
};

#endif
