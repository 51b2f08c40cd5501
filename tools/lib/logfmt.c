/* logfmt: see logfmt.h. */
#include "logfmt.h"
#include "date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void logfmt_date(char out[32], int64_t t, int offset)
{
	int64_t local = t + (int64_t)offset * 60;
	int64_t days = local / 86400, secs = local % 86400, y;
	int off = offset < 0 ? -offset : offset, m, d;
	char buf[96];

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	date_from_days(days, &y, &m, &d);
	snprintf(buf, sizeof(buf),
		 "%04lld-%02d-%02dT%02lld:%02lld:%02lld%c%02d:%02d",
		 (long long)y, m, d, (long long)(secs / 3600),
		 (long long)(secs / 60 % 60), (long long)(secs % 60),
		 offset < 0 ? '-' : '+', off / 60, off % 60);
	snprintf(out, 32, "%.31s", buf);
}

/* exactly n decimal digits at *p */
static int digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

int logfmt_parse_date(int64_t *out, const char *s, int end)
{
	char day[11];
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, zh, zm, zone = 0, has_zone = 0;
	int prec = 0;	/* 0 a day, 1 a minute, 2 a second */

	if (strlen(s) < 10)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_valid(day) || digits(&p, 4, &y) || *p++ != '-' ||
	    digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
		    h > 23 || mi > 59)
			return -1;
		prec = 1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) || sec > 59)
				return -1;
			prec = 2;
		}
	}
	if (*p == 'Z') {
		p++;
		has_zone = 1;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;

		if (digits(&p, 2, &zh) || *p++ != ':' || digits(&p, 2, &zm) ||
		    zh > 23 || zm > 59)
			return -1;
		zone = sign * (zh * 60 + zm);
		has_zone = 1;
	}
	if (*p)
		return -1;
	if (end && prec == 0) {
		h = 23;
		mi = 59;
	}
	if (end && prec < 2)
		sec = 59;
	if (has_zone) {
		*out = date_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 +
		       sec - (int64_t)zone * 60;
	} else {
		struct tm tm = { 0 };
		time_t t;

		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1)
			return -1;
		*out = (int64_t)t;
	}
	return 0;
}

int logfmt_task_arg(const char *arg)
{
	size_t n = strspn(arg, "0123456789");
	char *path;
	int id;

	if (n && !arg[n] && n <= 8)
		return atoi(arg);
	while (arg[0] == '.' && arg[1] == '/')
		arg += 2;
	path = xstrdup(arg);
	id = task_path_id(path);
	free(path);
	return id;
}

const char *logfmt_short_field(const struct change *c)
{
	const char *f = c->field, *dot;

	if (c->unit_id && !strncmp(f, "unit.", 5)) {
		dot = strchr(f + 5, '.');
		return dot ? dot + 1 : "unit";
	}
	if (!c->task_id && !strncmp(f, "plan.", 5))
		return f + 5;
	return f;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

enum field_kind logfmt_field_kind(const struct change *c)
{
	static const char *const text[] = {
		"category", "content", "target", "units.text", "note", "title",
		"name"
	};
	static const char *const list[] = {
		"units.lead", "units.cooperate", "units.implement",
		"categories", "aliases", "members", "committers"
	};
	const char *f = logfmt_short_field(c);
	size_t i;

	if (!strcmp(f, "task") || !strcmp(f, "unit"))
		return FK_OBJECT;
	if (!strncmp(f, "indicators.", 11)) {
		if (ends_with(f, ".actual"))
			return FK_NULLABLE;
		if (ends_with(f, ".target") || ends_with(f, ".op") ||
		    ends_with(f, ".unit"))
			return FK_PLAIN;
		return FK_OBJECT;
	}
	if (!strcmp(f, "as_of") || !strcmp(f, "founding"))
		return FK_NULLABLE;
	for (i = 0; i < sizeof(text) / sizeof(*text); i++)
		if (!strcmp(f, text[i]))
			return FK_TEXT;
	for (i = 0; i < sizeof(list) / sizeof(*list); i++)
		if (!strcmp(f, list[i]))
			return FK_LIST;
	return FK_PLAIN;
}

void logfmt_value(struct sbuf *b, const struct change *c, const char *v)
{
	switch (v ? logfmt_field_kind(c) : FK_PLAIN) {
	case FK_TEXT:
		json_sbuf(b, v);
		return;
	case FK_LIST:
		sbuf_printf(b, "[%s]", v);
		return;
	default:
		break;
	}
	if (v)
		sbuf_adds(b, v);
	else
		sbuf_adds(b, logfmt_field_kind(c) == FK_OBJECT ? "(none)" : "null");
}

/* does byte p start a character (not a UTF-8 continuation byte)? */
static int char_start(const char *p)
{
	return ((unsigned char)*p & 0xC0) != 0x80;
}

void logfmt_span(struct sbuf *b, const char *old_text, const char *new_text,
		 int color)
{
	size_t lo = strlen(old_text), ln = strlen(new_text);
	size_t pre = 0, suf = 0, max;

	while (pre < lo && pre < ln && old_text[pre] == new_text[pre])
		pre++;
	while (pre > 0 && !(char_start(old_text + pre) &&
			    char_start(new_text + pre)))
		pre--;
	max = (lo < ln ? lo : ln) - pre;
	while (suf < max && old_text[lo - 1 - suf] == new_text[ln - 1 - suf])
		suf++;
	while (suf > 0 && !char_start(old_text + lo - suf))
		suf--;
	sbuf_add(b, old_text, pre);
	if (lo - pre - suf) {
		sbuf_adds(b, color ? LOGFMT_RED : "[-");
		sbuf_add(b, old_text + pre, lo - pre - suf);
		sbuf_adds(b, color ? LOGFMT_RESET : "-]");
	}
	if (ln - pre - suf) {
		sbuf_adds(b, color ? LOGFMT_GREEN : "{+");
		sbuf_add(b, new_text + pre, ln - pre - suf);
		sbuf_adds(b, color ? LOGFMT_RESET : "+}");
	}
	sbuf_adds(b, old_text + lo - suf);
}

/* "old → new", coloured */
void logfmt_arrow(struct sbuf *b, const struct change *c, int color)
{
	if (color)
		sbuf_adds(b, LOGFMT_RED);
	logfmt_value(b, c, c->old_value);
	sbuf_adds(b, color ? LOGFMT_RESET " → " LOGFMT_GREEN : " → ");
	logfmt_value(b, c, c->new_value);
	if (color)
		sbuf_adds(b, LOGFMT_RESET);
}

/* a change as JSON members, without braces */
void logfmt_json_change(struct sbuf *b, const struct change *c)
{
	if (c->task_id)
		sbuf_printf(b, "\"task\": %d, ", c->task_id);
	else
		sbuf_adds(b, "\"task\": null, ");
	sbuf_adds(b, "\"unit\": ");
	if (c->unit_id)
		json_sbuf(b, c->unit_id);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ", \"field\": ");
	json_sbuf(b, c->field);
	sbuf_printf(b, ", \"class\": \"%s\", \"old\": ",
		    c->cls == CHANGE_PROGRESS ? "progress" : "plan");
	if (c->old_value)
		json_sbuf(b, c->old_value);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ", \"new\": ");
	if (c->new_value)
		json_sbuf(b, c->new_value);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ", \"old_path\": ");
	if (c->old_path)
		json_sbuf(b, c->old_path);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ", \"new_path\": ");
	if (c->new_path)
		json_sbuf(b, c->new_path);
	else
		sbuf_adds(b, "null");
}

int logfmt_has_task(const int *ids, size_t n, int id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* "(invalid: 12:5: unknown key 'owner')": the first finding */
char *logfmt_invalid_text(const struct diag_list *d)
{
	const struct diag *g;

	if (!d->n)
		return xstrdup("(invalid)");
	g = &d->v[0];
	if (g->line > 0)
		return xasprintf("(invalid: %d:%d: %s)", g->line, g->col,
				 g->message);
	return xasprintf("(invalid: %s)", g->message);
}
