/* source: see source.h. */
#include "source.h"
#include "repo.h"
#include "xalloc.h"

#include <stdlib.h>

int source_read(struct fileset *out, const struct plan_source *src)
{
	const char *dir = src->dir ? src->dir : ".";
	struct repo *r = NULL;
	int ret = -1;

	if (!src->rev && !src->staged)
		return fileset_from_dir(out, dir);
	if (repo_open(&r, dir, REPO_OPEN_SEARCH | REPO_OPEN_FROM_ENV))
		goto done;
	if (src->staged)
		ret = repo_fileset_index(out, r);
	else
		ret = repo_fileset_rev(out, r, src->rev);
done:
	repo_free(r);
	return ret;
}

int source_load(struct plan **out, const struct fileset *fs,
		struct diag_list *d)
{
	struct diag_list sd = { 0 };
	struct schemas s;
	int ret;

	*out = NULL;
	if (schemas_load(&s, fs, &sd)) {
		diag_sort(&sd);
		fflush(stdout);
		diag_print_text(stderr, &sd);
		diag_release(&sd);
		diag_fail("cannot use the schema files in %s: is this the "
			  "plan's top directory?", fs->label ? fs->label :
			  "the plan");
		return -1;
	}
	ret = plan_load(out, fs, &s, d);
	schemas_release(&s);
	return ret;
}
