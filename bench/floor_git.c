/*
 * floor_git: the least a libgit2-based history tool must do to find the
 * commits that changed tasks/: walk the history and, for each commit,
 * compare the id of its tasks/ tree with its first parent's.  Where they
 * differ, the entries of the two tasks/ trees are compared by id (what
 * `git log --raw -- tasks/` prints); --blobs also reads every changed
 * blob, old and new, which is what a tool that shows field changes cannot
 * avoid.  --diff does the same work the way most libgit2 programs would,
 * with git_diff_tree_to_tree restricted to tasks/ on every commit.
 *
 * In a linear walk a commit's parent is the next commit visited, so the
 * tasks/ tree id of the parent is remembered and every tree is read once.
 * libgit2's object cache is left at its default unless --cache-mb or
 * --no-cache says otherwise, to show what bounding it costs and saves.
 * libgit2 checks the hash of every object it reads unless told not to;
 * git log does not, so neither does the floor unless --verify is given.
 */
#include <getopt.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: floor_git [-C DIR] [--blobs | --diff] [--no-cache | "
	"--cache-mb N] [--mwindow-mb N] [--verify] [REV]";

struct counts {
	unsigned long commits, touching, files, blob_bytes;
};

static int fail(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "floor_git: error: %s: %s\n", what,
		e && e->message ? e->message : "unknown error");
	return -1;
}

/* the id of tasks/ in the tree tree_id; zero when there is none */
static int tasks_in(git_oid *out, git_repository *repo,
		    const git_oid *tree_id)
{
	git_tree *tree = NULL;
	const git_tree_entry *e;

	memset(out, 0, sizeof(*out));
	if (git_tree_lookup(&tree, repo, tree_id))
		return fail("cannot read tree");
	e = git_tree_entry_byname(tree, "tasks");
	if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_free(tree);
	return 0;
}

/* the tasks/ id of commit c, and its first parent (zero for a root) */
static int commit_tasks(git_oid *tasks, git_oid *parent,
			git_repository *repo, const git_oid *c,
			int want_tasks)
{
	git_commit *commit = NULL;
	int ret = -1;

	memset(parent, 0, sizeof(*parent));
	if (git_commit_lookup(&commit, repo, c)) {
		fail("cannot read commit");
		goto done;
	}
	if (git_commit_parentcount(commit))
		git_oid_cpy(parent, git_commit_parent_id(commit, 0));
	if (want_tasks && tasks_in(tasks, repo, git_commit_tree_id(commit)))
		goto done;
	ret = 0;
done:
	git_commit_free(commit);
	return ret;
}

static int read_blob(git_repository *repo, const git_oid *id,
		     struct counts *n)
{
	git_blob *b = NULL;
	const unsigned char *p;
	size_t len, i;
	unsigned sum = 0;

	if (git_blob_lookup(&b, repo, id))
		return fail("cannot read blob");
	p = git_blob_rawcontent(b);
	len = (size_t)git_blob_rawsize(b);
	for (i = 0; i < len; i += 64)
		sum += p[i];	/* touch the bytes, as a parser would */
	n->blob_bytes += len + (sum & 0);
	git_blob_free(b);
	return 0;
}

/* compare two tasks/ trees entry by entry (both sorted by name) */
static int compare_trees(git_repository *repo, const git_oid *a,
			 const git_oid *b, int blobs, struct counts *n)
{
	git_tree *ta = NULL, *tb = NULL;
	size_t i = 0, j = 0, na, nb;
	int ret = -1;

	if ((!git_oid_is_zero(a) && git_tree_lookup(&ta, repo, a)) ||
	    (!git_oid_is_zero(b) && git_tree_lookup(&tb, repo, b))) {
		fail("cannot read tree");
		goto done;
	}
	na = ta ? git_tree_entrycount(ta) : 0;
	nb = tb ? git_tree_entrycount(tb) : 0;
	while (i < na || j < nb) {
		const git_tree_entry *ea = i < na ?
			git_tree_entry_byindex(ta, i) : NULL;
		const git_tree_entry *eb = j < nb ?
			git_tree_entry_byindex(tb, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 :
			strcmp(git_tree_entry_name(ea),
			       git_tree_entry_name(eb));

		if (c == 0 && git_oid_equal(git_tree_entry_id(ea),
					    git_tree_entry_id(eb))) {
			i++, j++;
			continue;
		}
		n->files++;
		if (c <= 0) {
			if (blobs && read_blob(repo, git_tree_entry_id(ea), n))
				goto done;
			i++;
		}
		if (c >= 0) {
			if (blobs && read_blob(repo, git_tree_entry_id(eb), n))
				goto done;
			j++;
		}
	}
	ret = 0;
done:
	git_tree_free(ta);
	git_tree_free(tb);
	return ret;
}

/* the resident set: anonymous (the program's own) and file-backed
 * (mapped pack files) kept apart, as /usr/bin/time adds them up */
static void print_memory(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6) ||
		    !strncmp(line, "RssAnon:", 8) ||
		    !strncmp(line, "RssFile:", 8))
			fputs(line, stderr);
	fclose(f);
}

static int count_delta(const git_diff_delta *delta, float progress,
		       void *payload)
{
	struct counts *n = payload;

	(void)delta;
	(void)progress;
	n->files++;
	return 0;
}

/* the same question asked through git_diff_tree_to_tree */
static int diff_commit(git_repository *repo, const git_oid *c,
		       struct counts *n)
{
	static char *paths[] = { "tasks/" };
	git_diff_options o;
	git_commit *commit = NULL, *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_diff *diff = NULL;
	unsigned long before = n->files;
	int ret = -1;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.pathspec.strings = paths;
	o.pathspec.count = 1;
	if (git_commit_lookup(&commit, repo, c) ||
	    git_commit_tree(&tree, commit) ||
	    (git_commit_parentcount(commit) &&
	     (git_commit_parent(&parent, commit, 0) ||
	      git_commit_tree(&ptree, parent))) ||
	    git_diff_tree_to_tree(&diff, repo, ptree, tree, &o) ||
	    git_diff_foreach(diff, count_delta, NULL, NULL, NULL, n)) {
		fail("cannot diff commit");
		goto done;
	}
	n->touching += n->files != before;
	ret = 0;
done:
	git_diff_free(diff);
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(commit);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "blobs", no_argument, NULL, 'b' },
		{ "diff", no_argument, NULL, 'd' },
		{ "no-cache", no_argument, NULL, 'n' },
		{ "cache-mb", required_argument, NULL, 'm' },
		{ "verify", no_argument, NULL, 'v' },
		{ "mwindow-mb", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = ".", *rev = "HEAD";
	int c, blobs = 0, diff = 0, no_cache = 0, verify = 0, ret = 2;
	long cache_mb = -1, mwindow_mb = -1;
	git_repository *repo = NULL;
	git_revwalk *walk = NULL;
	git_object *start = NULL;
	git_oid id, parent_seen, parent_tasks, mine, theirs;
	int have_parent = 0;
	struct counts n = { 0 };

	while ((c = getopt_long(argc, argv, ":C:h", longs, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'b': blobs = 1; break;
		case 'd': diff = 1; break;
		case 'n': no_cache = 1; break;
		case 'm': cache_mb = atol(optarg); break;
		case 'v': verify = 1; break;
		case 'w': mwindow_mb = atol(optarg); break;
		case 'h':
			printf("%s\n\nWalk history from REV (default HEAD) and "
			       "find the commits that changed tasks/.\n\n"
			       "Examples:\n  floor_git -C hist.git\n"
			       "  floor_git --blobs --cache-mb 16 -C hist.git\n"
			       "  floor_git --diff -C hist.git\n", usage);
			return 0;
		default:
			fprintf(stderr, "%s\n", usage);
			return 2;
		}
	}
	if (optind < argc)
		rev = argv[optind++];
	if (optind != argc || (blobs && diff)) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	git_libgit2_init();
	/* libgit2 hashes every object it reads again unless told not to;
	 * git does not, and the floor should not either */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, verify);
	/* pack files are mapped in windows; what is mapped and touched
	 * counts in the resident set, so a long history's pack would too */
	if (mwindow_mb > 0) {
		git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE,
				 (size_t)mwindow_mb << 18);
		git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
				 (size_t)mwindow_mb << 20);
	}
	if (no_cache)
		git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	else if (cache_mb >= 0)
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE,
				 (ssize_t)cache_mb << 20);
	if (git_repository_open_ext(&repo, dir, 0, NULL)) {
		fail("cannot open repository");
		goto done;
	}
	if (git_revparse_single(&start, repo, rev) ||
	    git_revwalk_new(&walk, repo) ||
	    git_revwalk_sorting(walk, GIT_SORT_TIME) ||
	    git_revwalk_push(walk, git_object_id(start))) {
		fail("cannot walk history");
		goto done;
	}
	while (!git_revwalk_next(&id, walk)) {
		git_oid pid;
		int hit;

		n.commits++;
		if (diff) {
			if (diff_commit(repo, &id, &n))
				goto done;
			continue;
		}
		/* in a linear walk this commit was the last one's parent */
		hit = have_parent && git_oid_equal(&id, &parent_seen);
		if (commit_tasks(&mine, &pid, repo, &id, !hit))
			goto done;
		if (hit)
			git_oid_cpy(&mine, &parent_tasks);
		memset(&theirs, 0, sizeof(theirs));
		have_parent = !git_oid_is_zero(&pid);
		if (have_parent) {
			git_oid grand;

			if (commit_tasks(&theirs, &grand, repo, &pid, 1))
				goto done;
			git_oid_cpy(&parent_seen, &pid);
			git_oid_cpy(&parent_tasks, &theirs);
		}
		if (git_oid_equal(&mine, &theirs))
			continue;
		n.touching++;
		if (compare_trees(repo, &theirs, &mine, blobs, &n))
			goto done;
	}
	printf("%lu commits, %lu touch tasks/, %lu file changes, "
	       "%lu blob bytes read\n", n.commits, n.touching, n.files,
	       n.blob_bytes);
	print_memory();
	ret = 0;
done:
	git_revwalk_free(walk);
	git_object_free(start);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}
