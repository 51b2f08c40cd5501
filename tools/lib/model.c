/*
 * model: see model.h.  Records are built from the parsed tree only after
 * the schema check passed, so the conversion below can trust types; the
 * cross-file rules then run over the records, using the kept trees for
 * positions.
 */
#include "model_impl.h"
#include "i18n.h"
#include "sshsig.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
	"not_started", "in_progress", "at_risk", "done"
};
static const char *const op_names[] = { ">=", "<=", "=", "~" };
static const char *const kind_names[] = {
	"department", "county", "zone", "group", "company", "office"
};

static int parse_name(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

const char *status_name(enum task_status s) { return status_names[s]; }
int status_parse(const char *s) { return parse_name(status_names, 4, s); }
const char *op_name(enum indicator_op op) { return op_names[op]; }
int op_parse(const char *s) { return parse_name(op_names, 4, s); }
const char *unit_kind_name(enum unit_kind k) { return kind_names[k]; }
int unit_kind_parse(const char *s) { return parse_name(kind_names, 6, s); }

void strlist_add(struct strlist *l, const char *s)
{
	XGROW(l->v, l->cap, l->n + 1);
	l->v[l->n++] = xstrdup(s);
}

int strlist_has(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

void strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* the largest task id: eight digits, far beyond any plan, within an int */
#define TASK_ID_MAX 99999999

int task_path_id(const char *path)
{
	const char *name = strncmp(path, "tasks/", 6) ? NULL : path + 6;
	const char *p;
	long id = 0;

	if (!name || !(name[0] >= '0' && name[0] <= '9'))
		return -1;
	for (p = name; *p >= '0' && *p <= '9'; p++) {
		id = id * 10 + (*p - '0');
		if (id > TASK_ID_MAX)
			return -1;
	}
	if (strcmp(p, ".yaml") || p - name < 2)
		return -1;
	return (int)id;
}

/* ---- conversion from trees (types already checked by the schema) ---- */

char *model_str_or_empty(const struct ynode *n)
{
	const char *s = ynode_str(n);

	return xstrdup(s ? s : "");
}

void model_list_of(struct strlist *l, const struct ynode *seq)
{
	size_t i;

	if (!seq || seq->kind != YNODE_SEQ)
		return;
	for (i = 0; i < seq->n; i++)
		if (ynode_str(seq->kids[i]))
			strlist_add(l, seq->kids[i]->text);
}

double model_number_or(const struct ynode *n, double dflt, int *has)
{
	enum yscalar_type t = yscalar_type(n);

	if (n && n->kind == YNODE_SCALAR && (t == YS_INT || t == YS_NUMBER)) {
		if (has)
			*has = 1;
		return yscalar_number(n);
	}
	if (has)
		*has = 0;
	return dflt;
}

static void copy_date(char out[11], const struct ynode *n)
{
	const char *s = ynode_str(n);

	out[0] = '\0';
	if (s && strlen(s) == 10)
		memcpy(out, s, 11);
}

/*
 * Positions gathered in two passes over the tree: the first (v NULL)
 * counts the entries and the bytes of their names, the second writes
 * them into one block sized by the first.  A record is made for every
 * version of every file a walk of history meets: one allocation, and no
 * printf, which would cost more than the rest of the record.
 */
struct positions {
	struct field_pos *v;	/* NULL: counting */
	char *names;		/* after the entries, in the same block */
	size_t n, len;
};

/* the position of val (its key key, or NULL for an item) under the name
 * of the parts (NULL-ended) joined by dots */
static void add_position(struct positions *l, const struct ynode *key,
			 const struct ynode *val, const char *part, ...)
{
	char *at = l->v ? l->names + l->len : NULL;
	size_t start = l->len;
	va_list ap;

	va_start(ap, part);
	for (; part; part = va_arg(ap, const char *)) {
		size_t k = strlen(part);

		if (l->len > start) {
			if (at)
				l->names[l->len] = '.';
			l->len++;
		}
		if (at)
			memcpy(l->names + l->len, part, k);
		l->len += k;
	}
	va_end(ap);
	if (at) {
		struct field_pos *f = &l->v[l->n];

		l->names[l->len] = '\0';
		f->name = at;
		f->line = val->line;
		f->col = val->col;
		f->key_line = key ? key->line : 0;
		f->key_col = key ? key->col : 0;
	}
	l->len++;
	l->n++;
}

/* the string items of a list, numbered as model_list_of keeps them */
static void list_positions(struct positions *l, const char *name,
			   const struct ynode *seq)
{
	size_t i, k = 0;

	if (seq->kind != YNODE_SEQ)
		return;
	for (i = 0; i < seq->n; i++) {
		char nth[24], *p = nth + sizeof(nth) - 1;
		size_t x = k;

		if (!ynode_str(seq->kids[i]))
			continue;
		*p = '\0';
		do
			*--p = (char)('0' + x % 10);
		while ((x /= 10));
		k++;
		add_position(l, NULL, seq->kids[i], "units", name, p,
			     (char *)NULL);
	}
}

static void indicator_positions(struct positions *l, const struct ynode *seq)
{
	size_t i, j;

	for (i = 0; seq->kind == YNODE_SEQ && i < seq->n; i++) {
		const struct ynode *x = seq->kids[i];
		const char *name = ynode_str(ynode_get(x, "name"));

		if (!name || x->kind != YNODE_MAP)
			continue;
		add_position(l, NULL, x, "indicators", name, (char *)NULL);
		for (j = 0; j < x->n; j++)
			if (ynode_str(x->kids[2 * j]))
				add_position(l, x->kids[2 * j],
					     x->kids[2 * j + 1], "indicators",
					     name, x->kids[2 * j]->text,
					     (char *)NULL);
	}
}

/* one pass over the fields of doc */
static void positions_of(struct positions *l, const struct ynode *doc)
{
	size_t i, j;

	add_position(l, NULL, doc, (char *)NULL);
	for (i = 0; doc->kind == YNODE_MAP && i < doc->n; i++) {
		const struct ynode *k = doc->kids[2 * i];
		const struct ynode *v = doc->kids[2 * i + 1];

		if (!ynode_str(k))
			continue;
		add_position(l, k, v, k->text, (char *)NULL);
		if (!strcmp(k->text, "indicators"))
			indicator_positions(l, v);
		if (strcmp(k->text, "units") || v->kind != YNODE_MAP)
			continue;
		for (j = 0; j < v->n; j++) {
			const struct ynode *kk = v->kids[2 * j];

			if (!ynode_str(kk))
				continue;
			add_position(l, kk, v->kids[2 * j + 1], "units",
				     kk->text, (char *)NULL);
			list_positions(l, kk->text, v->kids[2 * j + 1]);
		}
	}
}

/*
 * Where the fields of doc are written, into t: what findings and the
 * audit point at, without keeping the tree, which takes several times
 * the file's size
 */
static void keep_positions(struct task *t, const struct ynode *doc)
{
	struct positions l = { 0 };
	size_t n;

	positions_of(&l, doc);
	n = l.n;
	l.v = xmalloc(n * sizeof(*l.v) + l.len);
	l.names = (char *)(l.v + n);
	l.n = l.len = 0;
	positions_of(&l, doc);
	t->at = l.v;
	t->n_at = l.n;
}

const struct field_pos *task_field(const struct task *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n_at; i++)
		if (!strcmp(t->at[i].name, name))
			return &t->at[i];
	return NULL;
}

const struct field_pos *task_at(const struct task *t, const char *name)
{
	static const struct field_pos none = { "", 0, 0, 0, 0 };
	const struct field_pos *f = task_field(t, name);

	return f ? f : t->n_at ? &t->at[0] : &none;
}

static struct task *task_from_doc(const struct ynode *doc, const char *path)
{
	struct task *t = xcalloc(1, sizeof(*t));
	const struct ynode *units = ynode_get(doc, "units");
	const struct ynode *inds = ynode_get(doc, "indicators");
	int st;
	size_t i;

	keep_positions(t, doc);
	t->path = xstrdup(path);
	t->id = (int)model_number_or(ynode_get(doc, "id"), -1, NULL);
	t->category = model_str_or_empty(ynode_get(doc, "category"));
	t->content = model_str_or_empty(ynode_get(doc, "content"));
	t->target = model_str_or_empty(ynode_get(doc, "target"));
	t->units_text = model_str_or_empty(ynode_get(units, "text"));
	model_list_of(&t->lead, ynode_get(units, "lead"));
	model_list_of(&t->cooperate, ynode_get(units, "cooperate"));
	model_list_of(&t->implement, ynode_get(units, "implement"));
	if (inds && inds->kind == YNODE_SEQ && inds->n) {
		t->indicators = xcalloc(inds->n, sizeof(*t->indicators));
		for (i = 0; i < inds->n; i++) {
			const struct ynode *x = inds->kids[i];
			struct indicator *in = &t->indicators[i];
			int op = op_parse(ynode_str(ynode_get(x, "op")));

			in->name = model_str_or_empty(ynode_get(x, "name"));
			in->unit = model_str_or_empty(ynode_get(x, "unit"));
			in->op = op < 0 ? OP_GE : (enum indicator_op)op;
			in->target = model_number_or(ynode_get(x, "target"), 0,
						     NULL);
			in->actual = model_number_or(ynode_get(x, "actual"), 0,
						     &in->has_actual);
		}
		t->n_indicators = inds->n;
	}
	copy_date(t->deadline, ynode_get(doc, "deadline"));
	st = status_parse(ynode_str(ynode_get(doc, "status")));
	t->status = st < 0 ? STATUS_NOT_STARTED : (enum task_status)st;
	t->progress = (int)model_number_or(ynode_get(doc, "progress"), 0, NULL);
	copy_date(t->as_of, ynode_get(doc, "as_of"));
	t->note = model_str_or_empty(ynode_get(doc, "note"));
	return t;
}

void task_hold(struct task *t)
{
	__atomic_add_fetch(&t->holds, 1, __ATOMIC_RELAXED);
}

void task_free(struct task *t)
{
	size_t i;

	/* the one that drops the last hold frees: it sees every write */
	if (!t || __atomic_fetch_sub(&t->holds, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(t->path);
	free(t->category);
	free(t->content);
	free(t->target);
	free(t->units_text);
	strlist_release(&t->lead);
	strlist_release(&t->cooperate);
	strlist_release(&t->implement);
	for (i = 0; i < t->n_indicators; i++) {
		free(t->indicators[i].name);
		free(t->indicators[i].unit);
	}
	free(t->indicators);
	free(t->note);
	free(t->at);
	free(t);
}

int model_load_doc(struct ynode **out, const char *path, const char *buf,
		   size_t len, const struct schema *s, struct diag_list *d)
{
	if (ydoc_load(out, path, buf, len, d))
		return -1;
	if (schema_check(s, *out, path, d)) {
		ynode_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int task_load(struct task **out, const char *path, const char *buf,
	      size_t len, const struct schema *s, struct diag_list *d)
{
	const struct ynode *id;
	struct ynode *doc;

	*out = NULL;
	if (model_load_doc(&doc, path, buf, len, s, d))
		return -1;
	/* the schema bounds the id below only; a record holds an int */
	id = ynode_get(doc, "id");
	if (id && yscalar_number(id) > TASK_ID_MAX) {
		diag_error(d, path, id->line, id->col, "range", _("'id' is %s, "
			   "too large for a task number (at most %d)"), id->text,
			   TASK_ID_MAX);
		ynode_free(doc);
		return -1;
	}
	*out = task_from_doc(doc, path);
	ynode_free(doc);
	return 0;
}

/*
 * signing_keys: each "ADDRESS TYPE BASE64 [COMMENT]", a line of git's
 * allowed-signers file; the schema made every item a string
 */
static void unit_keys(struct unit *u, const struct ynode *n)
{
	size_t i;

	if (!n || n->kind != YNODE_SEQ)
		return;
	u->keys = xcalloc(n->n ? n->n : 1, sizeof(*u->keys));
	for (i = 0; i < n->n; i++) {
		const char *s = ynode_str(n->kids[i]), *sp;
		struct unit_key *k = &u->keys[u->n_keys++];

		k->at = n->kids[i];
		k->why = "";
		if (!s || !(sp = strchr(s, ' '))) {
			k->address = xstrdup(s ? s : "");
			k->why = "no key after the address";
			continue;
		}
		k->address = xstrndup(s, (size_t)(sp - s));
		k->key = sshsig_key_text(sp + 1, &k->why);
	}
}

int unit_load(struct unit **out, const char *path, const char *buf,
	      size_t len, const struct schema *s, struct diag_list *d)
{
	struct ynode *doc;
	struct unit *u;
	int k;

	*out = NULL;
	if (model_load_doc(&doc, path, buf, len, s, d))
		return -1;
	u = xcalloc(1, sizeof(*u));
	u->doc = doc;
	u->path = xstrdup(path);
	u->id = model_str_or_empty(ynode_get(doc, "id"));
	u->name = model_str_or_empty(ynode_get(doc, "name"));
	model_list_of(&u->aliases, ynode_get(doc, "aliases"));
	model_list_of(&u->members, ynode_get(doc, "members"));
	model_list_of(&u->committers, ynode_get(doc, "committers"));
	unit_keys(u, ynode_get(doc, "signing_keys"));
	k = unit_kind_parse(ynode_str(ynode_get(doc, "kind")));
	u->kind = k < 0 ? UNIT_DEPARTMENT : (enum unit_kind)k;
	u->admin = yscalar_true(ynode_get(doc, "admin"));
	*out = u;
	return 0;
}

void unit_free(struct unit *u)
{
	if (!u)
		return;
	free(u->id);
	free(u->path);
	free(u->name);
	strlist_release(&u->aliases);
	strlist_release(&u->members);
	strlist_release(&u->committers);
	for (size_t i = 0; i < u->n_keys; i++) {
		free(u->keys[i].address);
		free(u->keys[i].key);
	}
	free(u->keys);
	ynode_free(u->doc);
	free(u);
}

/* ---- schemas ---- */

static int load_schema(struct schema **out, const struct fileset *fs,
		       const char *path, struct diag_list *d)
{
	const struct file_entry *e = fileset_find(fs, path);

	if (!e || e->kind != FILE_REGULAR) {
		diag_error(d, path, 0, 0, "schema", _("schema file is missing "
			   "or not a regular file"));
		return -1;
	}
	return schema_load(out, path, e->data, e->len, d);
}

const char *const schema_file_paths[3] = {
	"schema/plan.schema.json", "schema/task.schema.json",
	"schema/unit.schema.json"
};

int schemas_file(const char *path)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (!strcmp(path, schema_file_paths[i]))
			return 1;
	return 0;
}

int schemas_load(struct schemas *out, const struct fileset *fs,
		 struct diag_list *d)
{
	int bad = 0;

	memset(out, 0, sizeof(*out));
	bad |= load_schema(&out->plan, fs, schema_file_paths[0], d);
	bad |= load_schema(&out->task, fs, schema_file_paths[1], d);
	bad |= load_schema(&out->unit, fs, schema_file_paths[2], d);
	if (bad) {
		schemas_release(out);
		return -1;
	}
	return 0;
}

const char *schemas_task_id(const struct fileset *fs)
{
	const struct file_entry *e = fileset_find(fs, schema_file_paths[1]);

	return e && e->oid[0] ? e->oid : NULL;
}

void schemas_release(struct schemas *s)
{
	schema_free(s->plan);
	schema_free(s->task);
	schema_free(s->unit);
	memset(s, 0, sizeof(*s));
}
