/*
 * repo: see repo.h.  The plan is read from git objects, never from a
 * checkout, so that a hook (which sees only the index, or pushed objects
 * in a quarantine directory) checks exactly what is being recorded.
 *
 * An entry that cannot be read is not a failure of the run: it becomes a
 * fileset entry of the matching kind, and the loader reports it against
 * its path, the way fileset_from_dir reports the working tree.  Only a
 * repository, revision, tree or index that cannot be read at all fails.
 */
#include "i18n.h"
#include "repo_impl.h"
#include "xalloc.h"
#include "ydoc.h"

#include <stdlib.h>
#include <string.h>

/*
 * Long history walks must not keep every commit and tree in memory.
 * history.c keeps the parent's trees itself, so libgit2's object cache
 * buys nothing on a walk: measured over 100,000 commits, turning it off
 * cut peak memory from 244 to 68 MiB and CPU by a quarter.  At most
 * 8 MiB of pack is mapped, in windows of 1 MiB: a single 8 MiB window
 * was mapped and unmapped thousands of times by audit's oldest-first
 * walk, which jumps between the ends of the pack (a third of its time
 * in the kernel); small windows cut audit's time by a third and log's
 * by a tenth.  The cache bound stays as a second line of defence should
 * caching be turned on.
 */
#define REPO_CACHE_MAX ((ssize_t)32 * 1024 * 1024)
#define REPO_MWINDOW_SIZE ((size_t)1 * 1024 * 1024)
#define REPO_MWINDOW_LIMIT ((size_t)8 * 1024 * 1024)

/* the files read from the top of the tree, when present */
static const char *const top_files[] = {
	"plan.yaml", "schema/plan.schema.json",
	"schema/task.schema.json", "schema/unit.schema.json"
};
/* the directories whose every entry is read (one level) */
static const char *const plan_dirs[] = { "tasks", "units" };

#define N_TOP (sizeof(top_files) / sizeof(*top_files))
#define N_DIRS (sizeof(plan_dirs) / sizeof(*plan_dirs))

const char *repo_git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message && *e->message ? e->message : "unknown error";
}

void repo_init(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, REPO_CACHE_MAX);
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, REPO_MWINDOW_SIZE);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, REPO_MWINDOW_LIMIT);
	/*
	 * git does not hash again what it reads from its own object store;
	 * libgit2 does unless told not to, which costs a third of a walk.
	 * The objects of a push were hashed by git's index-pack before the
	 * pre-receive hook runs.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

void repo_shutdown(void)
{
	git_libgit2_shutdown();
}

/*
 * With REPO_OPEN_FROM_ENV libgit2 reads the environment the way git does:
 * GIT_DIR is honoured only when no start directory is given, so dir is
 * dropped when GIT_DIR is set (a hook runs with GIT_DIR set and its
 * working directory inside the repository).  libgit2 ignores the other
 * open flags then and looks upwards from dir, bounded by
 * GIT_CEILING_DIRECTORIES, as git does.
 */
int repo_open(struct repo **out, const char *dir, unsigned flags)
{
	git_repository *git = NULL;
	unsigned gflags = GIT_REPOSITORY_OPEN_NO_SEARCH;
	const char *start = dir ? dir : ".";

	*out = NULL;
	if (flags & REPO_OPEN_SEARCH)
		gflags &= ~(unsigned)GIT_REPOSITORY_OPEN_NO_SEARCH;
	if (flags & REPO_OPEN_FROM_ENV) {
		gflags |= GIT_REPOSITORY_OPEN_FROM_ENV;
		if (getenv("GIT_DIR"))
			start = NULL;
	}
	if (git_repository_open_ext(&git, start, gflags, NULL) < 0) {
		if (flags & REPO_OPEN_QUIET) {
			git_error_clear();
			return -1;
		}
		diag_fail(_("cannot open repository '%s': %s"),
			  start ? start : getenv("GIT_DIR"), repo_git_msg());
		return -1;
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->git = git;
	(*out)->dir = xstrdup(start ? start : getenv("GIT_DIR"));
	return 0;
}

int repo_config_get(char **out, struct repo *r, const char *key)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	int err, ret = -1;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, r->git) < 0) {
		diag_fail(_("cannot read the git configuration: %s"),
			  repo_git_msg());
		return -1;
	}
	err = git_config_get_string_buf(&buf, cfg, key);
	if (err == GIT_ENOTFOUND) {
		ret = 1;
	} else if (err < 0) {
		diag_fail(_("cannot read git config %s: %s"), key,
			  repo_git_msg());
	} else {
		*out = xstrdup(buf.ptr);
		ret = 0;
	}
	git_buf_dispose(&buf);
	git_config_free(cfg);
	git_error_clear();
	return ret;
}

void repo_free(struct repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r->dir);
	free(r);
}

const char *repo_workdir(const struct repo *r)
{
	return git_repository_workdir(r->git);
}

int repo_is_empty(struct repo *r)
{
	int ret = git_repository_head_unborn(r->git);

	if (ret < 0) {
		diag_fail(_("cannot read HEAD of '%s': %s"), r->dir,
			  repo_git_msg());
		return -1;
	}
	return ret;
}

int repo_has_head(struct repo *r)
{
	return git_repository_head_unborn(r->git) == 0;
}

int repo_is_shallow(struct repo *r)
{
	int ret = git_repository_is_shallow(r->git);

	if (ret < 0) {
		diag_fail(_("cannot read the shallow state of '%s': %s"), r->dir,
			  repo_git_msg());
		return -1;
	}
	return ret;
}

/*
 * Read the blob id into a new NUL-terminated buffer; the size is looked up
 * first so that an oversized blob is never loaded.  Returns the kind the
 * entry gets: FILE_REGULAR with *data set, FILE_TOO_LARGE with *len set,
 * or FILE_UNREADABLE with the reason in *data, and *gone set when the
 * object cannot be read from the repository (missing, corrupt, or the
 * read failed): damage, where the caller must not guess.
 */
static enum file_kind read_blob(char **data, size_t *len, int *gone,
				git_odb *odb, const git_oid *id)
{
	git_odb_object *obj = NULL;
	git_object_t type;
	enum file_kind kind = FILE_UNREADABLE;
	size_t size;

	*data = NULL;
	*len = 0;
	if (git_odb_read_header(&size, &type, odb, id) < 0) {
		*data = xstrdup(repo_git_msg());
		*gone = 1;
		goto done;
	}
	if (type != GIT_OBJECT_BLOB) {
		*data = xasprintf("object %s is a %s, not a blob",
				  git_oid_tostr_s(id),
				  git_object_type2string(type));
		goto done;
	}
	if (size > YDOC_MAX_SIZE) {
		*len = size;
		kind = FILE_TOO_LARGE;
		goto done;
	}
	if (git_odb_read(&obj, odb, id) < 0) {
		*data = xstrdup(repo_git_msg());
		*gone = 1;
		goto done;
	}
	size = git_odb_object_size(obj);
	*data = xmalloc(size + 1);
	memcpy(*data, git_odb_object_data(obj), size);
	(*data)[size] = '\0';
	*len = size;
	kind = FILE_REGULAR;
done:
	git_odb_object_free(obj);
	return kind;
}

/*
 * Add the entry path of the given mode and object id to fs: 0, or, with
 * strict (a commit's tree), -1 after diag_fail when the object cannot be
 * read, missing or corrupt (damage: a verdict without the file would be a
 * guess).  The index may
 * name objects git never wrote (git add -N): there it is unreadable.
 */
static int add_entry(struct fileset *fs, git_odb *odb, const char *path,
		     git_filemode_t mode, const git_oid *id, int strict)
{
	struct file_entry *e;
	enum file_kind kind;
	char *data = NULL;
	size_t len = 0;
	int gone = 0;

	switch (mode) {
	case GIT_FILEMODE_TREE:
		fileset_add(fs, path, FILE_DIRECTORY, NULL, 0);
		return 0;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
	case GIT_FILEMODE_LINK:
		break;
	default:
		/* a submodule, or a mode git itself does not write */
		fileset_add(fs, path, FILE_OTHER, NULL, 0);
		return 0;
	}
	kind = read_blob(&data, &len, &gone, odb, id);
	if (gone && strict) {
		diag_fail(_("%s names object %s, which cannot be read from the "
			     "repository (%s): it is missing or damaged (git "
			     "fsck tells more)"), path, git_oid_tostr_s(id),
			  data);
		free(data);
		return -1;
	}
	if (kind == FILE_REGULAR && mode == GIT_FILEMODE_LINK)
		kind = fileset_link_outside(path, data, len) ? FILE_OUTSIDE :
			FILE_SYMLINK;
	e = fileset_add(fs, path, kind, data, len);
	git_oid_tostr(e->oid, sizeof(e->oid), id);
	return 0;
}

/* is name an entry the working-tree reader also skips? */
static int hidden(const char *name)
{
	return name[0] == '.';
}

/* every entry of the subtree dir of tree; no such subtree adds nothing */
static int add_tree_dir(struct fileset *fs, git_odb *odb, git_tree *tree,
			const char *dir, const char *rev, size_t *bytes)
{
	git_tree_entry *te = NULL;
	git_tree *sub = NULL;
	size_t i, n;
	int ret = -1, err;

	if (git_tree_entry_bypath(&te, tree, dir) < 0) {
		ret = 0;	/* no such directory: a plan without tasks */
		goto done;
	}
	if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
		/* a link or file named tasks/: the loader reports it */
		ret = add_entry(fs, odb, dir, git_tree_entry_filemode(te),
				git_tree_entry_id(te), 1);
		goto done;
	}
	if (git_tree_lookup(&sub, git_tree_owner(tree),
			    git_tree_entry_id(te)) < 0) {
		diag_fail(_("cannot read '%s' at revision '%s': %s"), dir, rev,
			  repo_git_msg());
		goto done;
	}
	n = git_tree_entrycount(sub);
	if (n > PLAN_MAX_FILES) {
		diag_fail(_("%s/ at '%s' holds %zu entries, over the limit of %d "
			     "(docs/limits.md): not read"), dir, rev, n,
			  PLAN_MAX_FILES);
		goto done;
	}
	/* sizes from the object headers first: never read past the limit */
	for (i = 0; i < n; i++) {
		const git_tree_entry *se = git_tree_entry_byindex(sub, i);
		git_object_t type;
		size_t size;

		if (git_tree_entry_type(se) != GIT_OBJECT_BLOB ||
		    git_odb_read_header(&size, &type, odb,
					git_tree_entry_id(se)) < 0)
			continue;
		*bytes += size < YDOC_MAX_SIZE ? size : 0;
		if (*bytes > PLAN_MAX_BYTES) {
			diag_fail(_("the plan's files at '%s' are over %u MiB "
				     "(docs/limits.md): not read"), rev,
				  PLAN_MAX_BYTES >> 20);
			goto done;
		}
	}
	for (i = 0; i < n; i++) {
		const git_tree_entry *se = git_tree_entry_byindex(sub, i);
		char *path;

		if (hidden(git_tree_entry_name(se)))
			continue;
		path = xasprintf("%s/%s", dir, git_tree_entry_name(se));
		err = add_entry(fs, odb, path, git_tree_entry_filemode(se),
				git_tree_entry_id(se), 1);
		free(path);
		if (err)
			goto done;
	}
	ret = 0;
done:
	git_tree_free(sub);
	git_tree_entry_free(te);
	git_error_clear();
	return ret;
}

/* does rev name an object by its id, in full or abbreviated? */
static int is_id_prefix(const char *rev)
{
	size_t n = strspn(rev, "0123456789abcdefABCDEF");

	return !rev[n] && n >= GIT_OID_MINPREFIXLEN && n <= GIT_OID_HEXSZ;
}

/*
 * Report why rev could not be resolved to a tree; err is libgit2's code.
 * An object that is missing although a name or a commit leads to it is
 * damage, or, in a shallow clone, the history the clone left out.
 */
static void fail_rev(struct repo *r, const char *rev, int err)
{
	const git_error *e = git_error_last();
	int missing = err == GIT_ENOTFOUND && e && e->klass == GIT_ERROR_ODB;
	char *msg = xstrdup(repo_git_msg());

	if (git_repository_head_unborn(r->git) == 1)
		diag_fail(_("the repository has no commits yet"));
	else if (missing && git_repository_is_shallow(r->git) == 1)
		diag_fail(_("cannot read revision '%s': the history is cut by "
			     "a shallow clone"), rev);
	else if (missing && !is_id_prefix(rev))
		diag_fail(_("cannot read revision '%s': %s"), rev, msg);
	else if (err == GIT_ENOTFOUND || err == GIT_EINVALIDSPEC)
		diag_fail(_("unknown revision '%s'"), rev);
	else if (err == GIT_EAMBIGUOUS)
		diag_fail(_("ambiguous revision '%s': %s"), rev, msg);
	else
		diag_fail(_("cannot read revision '%s': %s"), rev, msg);
	free(msg);
}

int repo_fileset_rev(struct fileset *out, struct repo *r, const char *rev)
{
	return repo_fileset_rev_of(out, r, rev, 1);
}

int repo_fileset_rev_of(struct fileset *out, struct repo *r, const char *rev,
			int tasks)
{
	size_t bytes = 0;
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	git_odb *odb = NULL;
	int err, ret = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	err = git_revparse_single(&obj, r->git, rev);
	if (err < 0) {
		fail_rev(r, rev, err);
		goto done;
	}
	err = git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE);
	if (err == GIT_ENOTFOUND) {
		diag_fail(_("cannot read the tree of revision '%s': %s"), rev,
			  repo_git_msg());
		goto done;
	} else if (err < 0) {
		diag_fail(_("revision '%s' is a %s, not a commit or a tree"), rev,
			  git_object_type2string(git_object_type(obj)));
		goto done;
	}
	if (git_repository_odb(&odb, r->git) < 0) {
		diag_fail(_("cannot read the objects of '%s': %s"), r->dir,
			  repo_git_msg());
		goto done;
	}
	out->label = xstrdup(rev);
	for (i = 0; i < N_TOP; i++) {
		if (git_tree_entry_bypath(&te, tree, top_files[i]) < 0) {
			git_error_clear();
			continue;
		}
		err = add_entry(out, odb, top_files[i],
				git_tree_entry_filemode(te),
				git_tree_entry_id(te), 1);
		git_tree_entry_free(te);
		te = NULL;
		if (err)
			goto done;
	}
	for (i = 0; i < N_DIRS; i++)
		if ((tasks || strcmp(plan_dirs[i], "tasks")) &&
		    add_tree_dir(out, odb, tree, plan_dirs[i], rev, &bytes) < 0)
			goto done;
	fileset_sort(out);
	ret = 0;
done:
	if (ret < 0)
		fileset_release(out);
	git_odb_free(odb);
	git_tree_free(tree);
	git_object_free(obj);
	return ret;
}

/*
 * The fileset path an index entry stands for, or NULL when it is not part
 * of the plan: the entry itself, or the directory of the plan that holds
 * it ("tasks/sub" for "tasks/sub/x.yaml"; *is_dir is set).  The result is
 * the caller's.
 */
static char *index_path(const char *path, int *is_dir)
{
	const char *rest, *slash;
	size_t i, n;

	*is_dir = 0;
	for (i = 0; i < N_TOP; i++) {
		n = strlen(top_files[i]);
		if (strncmp(path, top_files[i], n))
			continue;
		if (!path[n])
			return xstrdup(path);
		if (path[n] == '/') {
			*is_dir = 1;
			return xstrndup(path, n);
		}
	}
	for (i = 0; i < N_DIRS; i++) {
		n = strlen(plan_dirs[i]);
		if (strncmp(path, plan_dirs[i], n) ||
		    (path[n] && path[n] != '/'))
			continue;
		/* tasks or units itself, a file or link: reported as such */
		if (!path[n])
			return xstrdup(path);
		rest = path + n + 1;
		if (hidden(rest))
			return NULL;
		slash = strchr(rest, '/');
		if (!slash)
			return xstrdup(path);
		*is_dir = 1;
		return xstrndup(path, (size_t)(slash - path));
	}
	return NULL;
}

int repo_fileset_index(struct fileset *out, struct repo *r)
{
	git_index *index = NULL;
	git_odb *odb = NULL;
	const char *last = NULL;
	size_t i, n;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (git_repository_is_bare(r->git)) {
		diag_fail(_("cannot read the index of '%s': the repository is "
			     "bare"), r->dir);
		goto done;
	}
	/* the index may have changed on disk since the repository was
	 * opened (a hook runs after git add) */
	if (git_repository_index(&index, r->git) < 0 ||
	    git_index_read(index, 0) < 0) {
		diag_fail(_("cannot read the index of '%s': %s"), r->dir,
			  repo_git_msg());
		goto done;
	}
	if (git_repository_odb(&odb, r->git) < 0) {
		diag_fail(_("cannot read the objects of '%s': %s"), r->dir,
			  repo_git_msg());
		goto done;
	}
	out->label = xstrdup("index");
	n = git_index_entrycount(index);
	for (i = 0; i < n; i++) {
		const git_index_entry *ie = git_index_get_byindex(index, i);
		int is_dir;
		char *path;

		/* git add -N: a commit would not record it */
		if (!ie || ie->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD)
			continue;
		path = index_path(ie->path, &is_dir);
		/* entries are sorted by path: the stages of one conflicted
		 * path, and the files under one directory, are adjacent */
		if (!path || (last && !strcmp(path, last))) {
			free(path);
			continue;
		}
		if (is_dir)
			fileset_add(out, path, FILE_DIRECTORY, NULL, 0);
		else if (git_index_entry_is_conflict(ie))
			fileset_add(out, path, FILE_UNREADABLE,
				    xstrdup("unresolved merge conflict"), 0);
		else
			add_entry(out, odb, path, ie->mode, &ie->id, 0);
		last = out->v[out->n - 1].path;
		free(path);
	}
	fileset_sort(out);
	ret = 0;
done:
	if (ret < 0)
		fileset_release(out);
	git_odb_free(odb);
	git_index_free(index);
	return ret;
}
