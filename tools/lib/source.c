/* source: see source.h. */
#include "source.h"
#include "vstore.h"
#include "date.h"
#include "i18n.h"
#include "history.h"
#include "repo.h"
#include "ydoc.h"
#include "xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * Is dir a bare repository rather than a plan?  The test git itself makes
 * of a directory (HEAD and objects/ in it), with no plan.yaml beside them.
 */
static int bare_repo_dir(const char *dir)
{
	char *head = xasprintf("%s/HEAD", dir);
	char *objects = xasprintf("%s/objects", dir);
	char *plan = xasprintf("%s/plan.yaml", dir);
	struct stat st;
	int ret = !stat(head, &st) && S_ISREG(st.st_mode) &&
		  !stat(objects, &st) && S_ISDIR(st.st_mode) &&
		  lstat(plan, &st);

	free(head);
	free(objects);
	free(plan);
	return ret;
}

/*
 * The plan's `language:` decides the language of messages when neither
 * --lang nor the locale does; it is read before any finding is written.
 * A plan.yaml that does not parse says nothing here: the load reports it.
 */
void source_plan_language(const struct fileset *fs)
{
	const struct file_entry *e = fileset_find(fs, "plan.yaml");
	struct diag_list d = { 0 };
	struct ynode *doc = NULL;

	if (e && e->kind == FILE_REGULAR && e->data &&
	    !ydoc_load(&doc, e->path, e->data, e->len, &d))
		i18n_plan_default(ynode_str(ynode_get(doc, "language")));
	ynode_free(doc);
	diag_release(&d);
}

int source_find_top(char **top, char **prefix)
{
	struct sbuf up = { 0 }, down = { 0 };
	char cwd[PATH_MAX], *slash;
	struct stat st;
	int depth;

	*top = xstrdup(".");
	*prefix = xstrdup("");
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	for (depth = 0; depth < 64; depth++) {
		char *plan = xasprintf("%s%splan.yaml", up.s ? up.s : "",
				       up.s ? "/" : "");
		char *git = xasprintf("%s%s.git", up.s ? up.s : "",
				      up.s ? "/" : "");
		int found = !stat(plan, &st) && S_ISREG(st.st_mode);
		int repo_top = !lstat(git, &st);

		free(plan);
		free(git);
		if (found) {
			free(*top);
			free(*prefix);
			*top = up.s ? sbuf_take(&up) : xstrdup(".");
			*prefix = down.s ? sbuf_take(&down) : xstrdup("");
			sbuf_release(&up);
			sbuf_release(&down);
			return 0;
		}
		if (repo_top || !(slash = strrchr(cwd, '/')) || slash == cwd)
			break;
		/* one level up: the name left behind goes in front of the
		 * prefix */
		{
			char *d = xasprintf("%s/%s", slash + 1,
					    down.s ? down.s : "");

			sbuf_release(&down);
			sbuf_adds(&down, d);
			free(d);
		}
		*slash = '\0';
		sbuf_adds(&up, up.s ? "/.." : "..");
	}
	sbuf_release(&up);
	sbuf_release(&down);
	return -1;
}

/*
 * Is dir inside a git repository?  Asked before opening it so that a plan
 * outside git (a copy, an unpacked archive) is told apart from a broken
 * repository: libgit2 then makes the real decision.
 */
static int in_repository(const char *dir)
{
	struct stat st;
	char *cwd, *path, *slash;
	int found = 0;

	if (getenv("GIT_DIR") && *getenv("GIT_DIR"))
		return 1;
	if (!(cwd = realpath(dir, NULL)))
		return 0;
	for (;;) {
		path = xasprintf("%s/.git", cwd);
		found = !stat(path, &st);
		free(path);
		if (found || !strcmp(cwd, "/") || !(slash = strrchr(cwd, '/')))
			break;
		slash[slash == cwd] = '\0';
	}
	free(cwd);
	return found;
}

int source_repo(struct repo **out, struct plan_source *src, unsigned flags)
{
	const char *dir = src->dir ? src->dir : ".";

	*out = NULL;
	if (!src->repo && (flags & SOURCE_IF_ANY) && !in_repository(dir))
		return 0;
	if (!src->repo &&
	    repo_open(&src->repo, dir, REPO_OPEN_SEARCH | REPO_OPEN_FROM_ENV |
		      (flags & SOURCE_QUIET ? REPO_OPEN_QUIET : 0)))
		return flags & SOURCE_QUIET ? 0 : -1;
	*out = src->repo;
	return 0;
}

/* one compilation of the schemas, shared by reference */
struct compiled {
	struct schemas s;	/* first: what holders are given */
	struct fileset files;	/* the schema files, as compiled */
	int refs;		/* the source's, and each holder's */
};

static void compiled_drop(struct compiled *c)
{
	if (!c || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL))
		return;
	schemas_release(&c->s);
	fileset_release(&c->files);
	free(c);
}

/* are fs's schema files those of have, byte for byte? */
static int same_schemas(const struct fileset *have, const struct fileset *fs)
{
	const struct file_entry *a = have->v, *b;
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++) {
		b = &fs->v[i];
		if (!schemas_file(b->path))
			continue;
		if (n == have->n || strcmp(a[n].path, b->path) ||
		    a[n].kind != b->kind || a[n].len != b->len ||
		    !a[n].data != !b->data ||
		    (a[n].data && memcmp(a[n].data, b->data, b->len)))
			return 0;
		n++;
	}
	return n == have->n;
}

const struct schemas *source_schemas(struct plan_source *src,
				     const struct fileset *fs,
				     struct diag_list *d)
{
	struct compiled *c;
	size_t i;

	if (src->compiled && same_schemas(&src->compiled->files, fs))
		return &src->compiled->s;
	compiled_drop(src->compiled);
	src->compiled = NULL;
	c = xcalloc(1, sizeof(*c));
	if (schemas_load(&c->s, fs, d)) {
		free(c);
		return NULL;
	}
	c->refs = 1;
	for (i = 0; i < fs->n; i++) {
		const struct file_entry *e = &fs->v[i];
		char *copy = NULL;

		if (!schemas_file(e->path))
			continue;
		if (e->data) {
			copy = xmalloc(e->len + 1);
			memcpy(copy, e->data, e->len);
			copy[e->len] = '\0';
		}
		fileset_add(&c->files, e->path, e->kind, copy, e->len);
	}
	src->compiled = c;
	return &c->s;
}

const struct schemas *source_schemas_hold(struct plan_source *src,
					  const struct fileset *fs,
					  struct diag_list *d)
{
	const struct schemas *s = source_schemas(src, fs, d);

	if (s)
		__atomic_add_fetch(&src->compiled->refs, 1, __ATOMIC_RELAXED);
	return s;
}

void source_schemas_drop(const struct schemas *s)
{
	/* s is the first member of its compilation */
	compiled_drop((struct compiled *)(void *)s);
}

struct vstore *source_store(struct plan_source *src, size_t keep)
{
	if (!src->store)
		src->store = vstore_new(keep);
	else
		vstore_reserve(src->store, keep);
	return src->store;
}

/* source_plan, dropping the task files' bytes from drop when not NULL */
static int plan_at(struct plan **out, struct plan_source *src,
		   const struct fileset *fs, struct fileset *drop,
		   const struct schemas *s, struct diag_list *d)
{
	struct vstore_reader rd;
	const char *key = schemas_task_id(fs);
	size_t i, n = 0;

	/* without a key the plan was not read from git: nothing to share */
	if (key) {
		for (i = 0; i < fs->n; i++)
			n += !strncmp(fs->v[i].path, "tasks/", 6);
		vstore_reader_init(&rd, source_store(src, 2 * n), key);
	}
	return drop ? plan_load_dropping(out, drop, s, key ? &rd.rd : NULL, d) :
		plan_load(out, fs, s, key ? &rd.rd : NULL, d);
}

int source_plan(struct plan **out, struct plan_source *src,
		const struct fileset *fs, const struct schemas *s,
		struct diag_list *d)
{
	return plan_at(out, src, fs, NULL, s, d);
}

void source_close(struct plan_source *src)
{
	repo_free(src->repo);
	src->repo = NULL;
	compiled_drop(src->compiled);
	src->compiled = NULL;
	vstore_free(src->store);
	src->store = NULL;
}

static void system_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		snprintf(out, 11, "1970-01-01");
}

int source_settle(struct plan_source *src, struct plan_point *pt,
		  const char *as_of, const char *today)
{
	struct repo *r;
	int found;

	memset(pt, 0, sizeof(*pt));
	if (today)
		snprintf(pt->day, sizeof(pt->day), "%s", today);
	else
		system_today(pt->day);
	if (!as_of && !src->rev && (!today || src->staged))
		return 0;
	if (source_repo(&r, src, as_of || src->rev ? 0 : SOURCE_QUIET))
		return -1;
	if (!r)		/* --today outside git: the files, against that day */
		return 0;
	if (as_of) {
		found = history_as_of(pt->rev, pt->commit_day, r, src->rev,
				      as_of);
		if (found > 0)
			diag_fail(_("no commit of %s was made on or before %s: "
				    "the plan's history starts later"),
				  src->rev ? src->rev : "HEAD", as_of);
		if (found)
			return -1;
		snprintf(pt->day, sizeof(pt->day), "%s", as_of);
		src->rev = pt->rev;
	} else if (src->rev) {
		if ((found = history_resolve(pt->rev, r, src->rev)) > 0)
			diag_fail(_("unknown revision '%s'"), src->rev);
		if (found || history_commit_day(pt->commit_day, r, pt->rev))
			return -1;
		if (!today)
			snprintf(pt->day, sizeof(pt->day), "%s",
				 pt->commit_day);
	} else {
		/* --today alone: is there newer data than that day? */
		char head_day[11];

		found = history_commit_day(head_day, r, "HEAD");
		if (found < 0)
			return -1;
		if (!found && strcmp(head_day, today) > 0) {
			found = history_as_of(pt->rev, pt->commit_day, r, NULL,
					      today);
			if (found < 0)
				return -1;
			/* said by source_point_note, once the plan's
			 * language is known */
			pt->moved = found ? 2 : 1;
			if (!found)
				src->rev = pt->rev;
		}
	}
	return 0;
}

/* the day before date "YYYY-MM-DD" */
static void day_before(char out[11], const char *date)
{
	struct tm tm = { 0 };

	sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday -= 1;
	tm.tm_hour = 12;
	timegm(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int source_since(char start[41], char start_day[11], char since_day[11],
		 struct plan_source *src, const struct plan_point *pt,
		 const char *since)
{
	const char *tip = pt->rev[0] ? pt->rev : NULL;
	struct repo *r;
	char before[11];
	int found;

	start[0] = start_day[0] = since_day[0] = '\0';
	if (source_repo(&r, src, 0))
		return -1;
	if (strlen(since) == 10 && date_valid(since)) {
		snprintf(since_day, 11, "%s", since);
		day_before(before, since);
		found = history_as_of(start, start_day, r, tip, before);
		if (found < 0)
			return -1;
	} else {
		if ((found = history_resolve(start, r, since)) > 0)
			diag_fail(_("unknown revision '%s'"), since);
		if (found || history_commit_day(start_day, r, start))
			return -1;
		snprintf(since_day, 11, "%s", start_day);
	}
	return 0;
}

void source_point_note(const struct plan_point *pt)
{
	if (pt->moved == 2)
		fprintf(stderr, _("%s: warning: no commit was made on or "
				  "before %s: the working tree is shown, "
				  "measured against that day\n"),
			diag_program(), pt->day);
	else if (pt->moved == 1)
		fprintf(stderr, _("%s: note: the plan as committed on or before "
				  "%s (commit %.10s of %s) is shown; --rev HEAD "
				  "--today %s measures today's data against "
				  "that day\n"), diag_program(), pt->day, pt->rev,
			pt->commit_day, pt->day);
}

/*
 * The default schemas' directory: $PLAN_SCHEMA_DIR, else beside the
 * program, installed (BIN/../share/plan/schema, BIN/../../share/plan/schema
 * from libexec/plan) or in the build tree (BIN/../../../schema).  0 with
 * it in out, -1 when none holds task.schema.json.
 */
int source_schema_dir(char out[PATH_MAX])
{
	static const char *const rel[] = {
		"/../share/plan/schema", "/../../share/plan/schema",
		"/../../../schema"
	};
	const char *env = getenv("PLAN_SCHEMA_DIR");
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n;
	char *slash;
	size_t i;

	if (env && *env) {
		snprintf(out, PATH_MAX, "%s", env);
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')))
		*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(*rel); i++) {
		snprintf(probe, sizeof(probe), "%s%s/task.schema.json", exe,
			 rel[i]);
		if (!access(probe, R_OK)) {
			snprintf(out, PATH_MAX, "%s%s", exe, rel[i]);
			return 0;
		}
	}
	return -1;
}

/*
 * A plan without schema/ of its own is read with the default schemas; a
 * directory without plan.yaml is no plan, and stays one without schemas
 * (validate says so, exit 2).
 */
static void default_schemas(struct fileset *fs)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], *data;
	size_t i, len;
	int plan = 0;

	for (i = 0; i < fs->n; i++)
		plan |= !strcmp(fs->v[i].path, "plan.yaml");
	if (!plan)
		return;
	for (i = 0; i < fs->n; i++)
		if (!strncmp(fs->v[i].path, "schema/", 7) ||
		    !strcmp(fs->v[i].path, "schema"))
			return;	/* its own, even broken, always wins */
	if (source_schema_dir(dir))
		return;
	for (i = 0; i < 3; i++) {
		/* the installed directory holds them without "schema/" */
		snprintf(path, sizeof(path), "%s/%s", dir,
			 schema_file_paths[i] + 7);
		if (!read_file(path, &data, &len, YDOC_MAX_SIZE))
			fileset_add(fs, schema_file_paths[i], FILE_REGULAR,
				    data, len);
	}
	fileset_sort(fs);
}

int source_read(struct fileset *out, struct plan_source *src)
{
	const char *dir = src->dir ? src->dir : ".";
	char *top = NULL, *prefix = NULL;
	struct repo *r;
	int ret = -1;

	if (!src->rev && !src->staged) {
		if (!src->dir) {
			source_find_top(&top, &prefix);
			dir = top;
		}
		if (bare_repo_dir(dir)) {
			diag_fail(_("'%s' is a bare git repository, without a "
				  "working tree: name the commit to read with "
				  "--rev (e.g. --rev HEAD)"), dir);
			goto done;
		}
		ret = fileset_from_dir(out, dir);
		goto done;
	}
	if (source_repo(&r, src, 0))
		goto done;
	if (src->staged)
		ret = repo_fileset_index(out, r);
	else
		ret = repo_fileset_rev(out, r, src->rev);
done:
	if (!ret) {
		default_schemas(out);
		source_plan_language(out);
	}
	free(top);
	free(prefix);
	return ret;
}

int source_read_at(struct fileset *out, struct plan_source *src,
		   const char *rev, int staged)
{
	const char *was_rev = src->rev;
	int was_staged = src->staged, ret;

	src->rev = rev;
	src->staged = staged;
	ret = source_read(out, src);
	src->rev = was_rev;
	src->staged = was_staged;
	return ret;
}

/* does fs hold dir itself (a link or file in its place) or a file in it? */
static int has_entries(const struct fileset *fs, const char *dir)
{
	size_t i, n = strlen(dir);

	for (i = 0; i < fs->n; i++)
		if (!strncmp(fs->v[i].path, dir, n) &&
		    (!fs->v[i].path[n] || fs->v[i].path[n] == '/'))
			return 1;
	return 0;
}

int source_load(struct plan **out, struct plan_source *src,
		struct fileset *fs, struct diag_list *d)
{
	struct diag_list sd = { 0 };
	const struct schemas *s;
	int ret;

	*out = NULL;
	if (!(s = source_schemas(src, fs, &sd))) {
		diag_sort(&sd);
		fflush(stdout);
		diag_print_text(stderr, &sd);
		diag_release(&sd);
		diag_fail(_("cannot use the schema files in %s: is this the "
			  "plan's top directory?"), fs->label ? fs->label :
			  "the plan");
		return -1;
	}
	ret = plan_at(out, src, fs, fs, s, d);
	/* a plan without tasks or units is a broken checkout, not a pass */
	if (!has_entries(fs, "tasks"))
		diag_error(d, "tasks", 0, 0, "missing", _("tasks/ is missing or "
			   "empty: a plan holds its tasks there, one file "
			   "each (tasks/01.yaml ...)"));
	if (!has_entries(fs, "units"))
		diag_error(d, "units", 0, 0, "missing", _("units/ is missing or "
			   "empty: a plan holds its responsible units there, "
			   "one file each (units/jmw.yaml ...)"));
	return ret;
}

/*
 * Keep of fs (HEAD's files) what the comparison needs: everything but the
 * task files staged as they are at HEAD (same blob), which cannot have
 * changed; a plan of thousands of tasks is then not parsed twice.
 */
static void keep_changed(struct fileset *fs, const struct fileset *staged)
{
	struct fileset kept = { 0 };
	struct file_entry *e, *k;
	const struct file_entry *now;
	size_t i;

	for (i = 0; i < fs->n; i++) {
		e = &fs->v[i];
		now = fileset_find(staged, e->path);
		if (task_path_id(e->path) > 0 && now && e->oid[0] &&
		    !strcmp(now->oid, e->oid))
			continue;
		k = fileset_add(&kept, e->path, e->kind, e->data, e->len);
		memcpy(k->oid, e->oid, sizeof(k->oid));
		e->data = NULL;
	}
	kept.label = fs->label;
	fs->label = NULL;
	fileset_release(fs);
	*fs = kept;
	fileset_sort(fs);
}

int source_head(struct plan **out, struct plan_source *src,
		const struct fileset *staged)
{
	struct fileset fs = { 0 };
	struct diag_list d = { 0 };
	struct repo *r;
	int ret = -1, empty;

	*out = NULL;
	if (source_repo(&r, src, 0) || (empty = repo_is_empty(r)) < 0)
		goto done;
	ret = 0;
	if (empty)
		goto done;
	if ((ret = repo_fileset_rev(&fs, r, "HEAD")))
		goto done;
	keep_changed(&fs, staged);
	default_schemas(&fs);
	ret = source_load(out, src, &fs, &d);
done:
	diag_release(&d);
	fileset_release(&fs);
	return ret;
}
