/*
 * seed_units: the units text of a row (牵头/配合/实施 clauses, names
 * split at 、及和) and the registry of the units it names.  See seed.h.
 */
#include "seed_impl.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileset.h"
#include "schema.h"

/* ---- the units text ---- */

static const struct {
	const char *suffix;
	enum seed_role role;
} role_suffix[] = {
	{ "牵头", SEED_LEAD },
	{ "配合", SEED_COOPERATE },
	{ "负责实施", SEED_IMPLEMENT },
	{ "共同实施", SEED_IMPLEMENT },
};

/* the separators between names; "及" and "和" join names as "、" does */
static const char *const name_seps[] = { "、", "及", "和" };

/*
 * A department-like name: the ones a leading "市" is shared by
 * ("市环保局、安监局" is 市环保局 and 市安监局).  Places, zones and groups
 * are named in full.
 */
static int is_department(const char *s, size_t n)
{
	return ends(s, n, "委") || ends(s, n, "局") || ends(s, n, "办") ||
	       ends(s, n, "中心") || ends(s, n, "室");
}

static void add_name(struct seed_units *u, const char *s, size_t n,
		     enum seed_role role, int city)
{
	struct seed_name *nm;

	XGROW(u->v, u->cap, u->n + 1);
	nm = &u->v[u->n++];
	nm->name = xstrndup(s, n);
	nm->role = role;
	nm->city = city;
}

/*
 * One clause "市发改委、科技局分别牵头": the role from its ending, then the
 * names.  col is the clause's column.
 */
static int units_clause(struct seed_units *u, const char *s, size_t n,
			const char *file, int line, int col,
			struct diag_list *d)
{
	enum seed_role role = SEED_ROLE_COUNT;
	size_t i, start, m;
	int depth = 0, state = 0, city;

	for (i = 0; i < sizeof(role_suffix) / sizeof(role_suffix[0]); i++) {
		if (ends(s, n, role_suffix[i].suffix)) {
			role = role_suffix[i].role;
			n -= strlen(role_suffix[i].suffix);
			break;
		}
	}
	if (role == SEED_ROLE_COUNT) {
		diag_error(d, file, line, col, "seed-units",
			   _("cannot tell the role of '%.*s': a clause ends with "
			   "牵头, 配合, 负责实施 or 共同实施"), (int)n, s);
		return -1;
	}
	if (role == SEED_LEAD && ends(s, n, "分别"))
		n -= strlen("分别");
	if (ends(s, n, "等部门"))
		n -= strlen("等部门");
	else if (ends(s, n, "等"))
		n -= strlen("等");
	trim(&s, &n);
	for (i = start = 0; i <= n; i += m ? m : 1) {
		m = i < n ? sep_at(s + i, n - i, name_seps, 3) : 0;
		if (i < n) {
			depth += paren_delta(s + i, n - i);
			if (!m || depth > 0)
				continue;
		}
		{
			const char *nm = s + start;
			size_t len = i - start;

			trim(&nm, &len);
			if (!len) {
				diag_error(d, file, line, col + chars(s, i),
					   "seed-units", _("empty unit name in "
					   "'%.*s'"), (int)n, s);
				return -1;
			}
			/* a leading 市 carries over to the department
			 * names that follow it in the clause */
			if (starts(nm, len, "市")) {
				city = 0;
				state = is_department(nm, len);
			} else if (is_department(nm, len)) {
				city = state;
			} else {
				city = state = 0;
			}
			add_name(u, nm, len, role, city);
		}
		start = i + m;
		if (i == n)
			break;
	}
	return 0;
}

int seed_units_parse(struct seed_units *out, const char *text,
		     const char *file, int line, int col,
		     struct diag_list *d)
{
	size_t n = strlen(text), at = 0, len;
	const char *c;
	int ret = 0, any = 0;

	memset(out, 0, sizeof(*out));
	while (next_clause(&c, &len, text, n, &at, UNITS_SEPS)) {
		any = 1;
		if (units_clause(out, c, len, file, line,
				 col + chars(text, (size_t)(c - text)), d))
			ret = -1;
	}
	if (!any) {
		diag_error(d, file, line, col, "seed-units", _("no unit named"));
		ret = -1;
	}
	return ret;
}

void seed_units_release(struct seed_units *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->v[i].name);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

/* ---- the unit registry ---- */

void seed_registry_add(struct seed_registry *r, struct unit *u)
{
	XGROW(r->v, r->cap, r->n + 1);
	r->v[r->n++] = u;
}

const struct unit *seed_registry_find(const struct seed_registry *r,
				      const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i]->name, name) ||
		    strlist_has(&r->v[i]->aliases, name))
			return r->v[i];
	return NULL;
}

const struct unit *seed_registry_get(const struct seed_registry *r,
				     const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i]->id, id))
			return r->v[i];
	return NULL;
}

/*
 * Kinds, from the name alone: the plan's collective names (各县(市、区),
 * 相关…) are groups; names holding 开发区/新区/新城/工业区/园区 are zones;
 * 集团/公司 companies; 办公室/领导小组 offices; a name ending in 县, 区 or
 * 市 that does not start with 市 is a county-level place (诸暨市); the rest
 * are departments.
 */
enum unit_kind seed_guess_kind(const char *name)
{
	static const char *const zone[] = {
		"开发区", "新区", "新城", "工业区", "园区"
	};
	size_t n = strlen(name), i;

	if (starts(name, n, "各") || starts(name, n, "相关") ||
	    !strcmp(name, "市直开发区(新区)"))
		return UNIT_GROUP;
	for (i = 0; i < sizeof(zone) / sizeof(zone[0]); i++)
		if (strstr(name, zone[i]))
			return UNIT_ZONE;
	if (strstr(name, "集团") || strstr(name, "公司"))
		return UNIT_COMPANY;
	if (ends(name, n, "办公室") || strstr(name, "领导小组"))
		return UNIT_OFFICE;
	if (!starts(name, n, "市") && (ends(name, n, "县") ||
				       ends(name, n, "区") ||
				       ends(name, n, "市")))
		return UNIT_COUNTY;
	return UNIT_DEPARTMENT;
}

const char *seed_resolve(struct seed_registry *r, const struct seed_name *n,
			 int *created)
{
	const struct unit *u;
	struct unit *nu;
	char *full = NULL, id[32];
	int k;

	*created = 0;
	u = seed_registry_find(r, n->name);
	if (u)
		return u->id;
	if (n->city) {
		full = xasprintf("市%s", n->name);
		u = seed_registry_find(r, full);
		if (u) {
			free(full);
			return u->id;
		}
	}
	for (k = 1;; k++) {
		snprintf(id, sizeof(id), "unit-%d", k);
		if (!seed_registry_get(r, id))
			break;
	}
	nu = xcalloc(1, sizeof(*nu));
	nu->id = xstrdup(id);
	nu->name = full ? full : xstrdup(n->name);
	if (full)
		strlist_add(&nu->aliases, n->name);
	nu->kind = seed_guess_kind(nu->name);
	seed_registry_add(r, nu);
	*created = 1;
	return nu->id;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the names of DIR/NAME.yaml, without .yaml, sorted; NULL after diag_fail */
static char **yaml_names(const char *dir, size_t *n)
{
	char **names = NULL;
	size_t cap = 0, k;
	struct dirent *de;
	DIR *dh = opendir(dir);

	*n = 0;
	if (!dh) {
		diag_fail(_("cannot read units directory '%s': %s"), dir,
			  strerror(errno));
		return NULL;
	}
	while ((de = readdir(dh))) {
		k = strlen(de->d_name);
		if (de->d_name[0] == '.' || k < 6 ||
		    strcmp(de->d_name + k - 5, ".yaml"))
			continue;
		XGROW(names, cap, *n + 1);
		names[(*n)++] = xstrndup(de->d_name, k - 5);
	}
	closedir(dh);
	if (*n > 1)
		qsort(names, *n, sizeof(*names), cmp_str);
	return names ? names : xcalloc(1, sizeof(*names));
}

int seed_registry_read(struct seed_registry *r, const char *dir,
		       struct diag_list *d)
{
	char *schema_path = xasprintf("%s/../schema/unit.schema.json", dir);
	struct schema *schema = NULL;
	char *buf = NULL, **names = NULL, *path;
	struct diag_list sd = { 0 };
	size_t len, n = 0, i;
	struct unit *u;
	int ret = -1;

	if (read_file(schema_path, &buf, &len, YDOC_MAX_SIZE)) {
		diag_fail(_("cannot read the unit schema '%s': %s"), schema_path,
			  strerror(errno));
		goto done;
	}
	if (schema_load(&schema, schema_path, buf, len, &sd)) {
		diag_print_text(stderr, &sd);
		diag_fail(_("cannot use the unit schema '%s'"), schema_path);
		goto done;
	}
	names = yaml_names(dir, &n);
	if (!names)
		goto done;
	r->text = xcalloc(n, sizeof(*r->text));
	r->text_len = xcalloc(n, sizeof(*r->text_len));
	for (i = 0; i < n; i++) {
		free(buf);
		buf = NULL;
		path = xasprintf("%s/%s.yaml", dir, names[i]);
		if (read_file(path, &buf, &len, YDOC_MAX_SIZE)) {
			diag_fail(_("cannot read '%s': %s"), path,
				  strerror(errno));
			free(path);
			goto done;
		}
		if (!unit_load(&u, path, buf, len, schema, d)) {
			if (strcmp(u->id, names[i]))
				diag_error(d, path, 0, 0, "file-name",
					   _("unit id '%s' differs from the file "
					   "name"), u->id);
			r->text[r->n_read] = buf;
			r->text_len[r->n_read++] = len;
			buf = NULL;
			seed_registry_add(r, u);
		}
		free(path);
	}
	ret = 0;
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(buf);
	free(schema_path);
	schema_free(schema);
	diag_release(&sd);
	return ret;
}

void seed_registry_release(struct seed_registry *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		unit_free(r->v[i]);
	for (i = 0; i < r->n_read; i++)
		free(r->text[i]);
	free(r->text);
	free(r->text_len);
	free(r->v);
	memset(r, 0, sizeof(*r));
}
