/*
 * seed_target: the indicators (quantities with their units) and the
 * deadline read from a row's target text.  See seed.h.
 */
#include "seed_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- indicators ----
 *
 * The target text is read clause by clause:
 *
 * 1. Clauses are separated by , ， ; ； and 。.  A clause is split further
 *    at 、 only when every part holds a quantity ("创建1家…平台、1家…
 *    中心"), so that "设备、技术投入比重保持在60%以上" stays whole.
 * 2. A quantity is a decimal number, optional spaces ("1 家") and a unit:
 *    亿美元, 亿元, 万元, 个百分点 (read as 百分点), 百分点, %, 家, 只, 个,
 *    项, 人次, 人, 次.  A number followed by anything else ("253",
 *    5月底) is not one.  A sum of money followed by 以上/以下 and more
 *    text ("10亿元以上重大项目") qualifies what follows; it is not a
 *    quantity either.
 * 3. A clause (or part) with quantities yields one indicator: the last
 *    quantity is its target; any other stays in the name.
 * 4. op: 左右 after or 约 before the quantity: "~"; 以上 after or 不少于
 *    before: ">="; 以内/以下 after or 不超过 before: "<="; none of these:
 *    ">=" (a plan's targets are floors).
 * 5. name: the text before the quantity followed by the text after it
 *    (without the op word): "创建1家新兴产业公共平台" gives
 *    "创建新兴产业公共平台".  Leading 力争/争取/确保/完成 and a trailing
 *    保持在/达到/为 of the text before are dropped.  A part after a 、 with
 *    nothing before its quantity takes the first part's text before
 *    ("创建1家A、1家B" gives 创建A and 创建B).  A clause that leaves an
 *    empty name yields nothing.
 */

static const struct {
	const char *text, *unit;
	int money;
} qty_units[] = {
	{ "亿美元", "亿美元", 1 },
	{ "亿元", "亿元", 1 },
	{ "万元", "万元", 1 },
	{ "个百分点", "百分点", 0 },
	{ "百分点", "百分点", 0 },
	{ "%", "%", 0 },
	{ "家", "家", 0 },
	{ "只", "只", 0 },
	{ "个", "个", 0 },
	{ "项", "项", 0 },
	{ "人次", "人次", 0 },
	{ "人", "人", 0 },
	{ "次", "次", 0 },
};

struct qty {
	size_t start, end;	/* number's first byte, byte after the unit */
	double value;
	const char *unit;
};

/* the last quantity in s[0..n) into *q; returns how many there are */
static int find_qty(struct qty *q, const char *s, size_t n)
{
	size_t i = 0, j, k, u, m;
	int count = 0;
	char num[64];

	while (i < n) {
		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && is_digit(s[j]); j++)
			;
		if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1]))
			for (j++; j < n && is_digit(s[j]); j++)
				;
		for (k = j; k < n && s[k] == ' '; k++)
			;
		for (u = 0; u < sizeof(qty_units) / sizeof(qty_units[0]); u++)
			if (starts(s + k, n - k, qty_units[u].text))
				break;
		if (u < sizeof(qty_units) / sizeof(qty_units[0]) &&
		    j - i < sizeof(num)) {
			size_t e = k + strlen(qty_units[u].text);

			m = starts(s + e, n - e, "以上") ||
			    starts(s + e, n - e, "以下") ? strlen("以上") : 0;
			if (!(qty_units[u].money && m && e + m < n)) {
				memcpy(num, s + i, j - i);
				num[j - i] = '\0';
				q->start = i;
				q->end = e;
				q->value = strtod(num, NULL);
				q->unit = qty_units[u].unit;
				count++;
			}
		}
		i = j;
	}
	return count;
}

static const char *const lead_words[] = { "力争", "争取", "确保", "完成" };
static const char *const tail_words[] = { "保持在", "达到", "为" };

/* drop the leading and trailing words of rule 5 from s[0..*n) */
static const char *strip_words(const char *s, size_t *n)
{
	size_t i;
	int again = 1;

	while (again) {
		again = 0;
		trim(&s, n);
		for (i = 0; i < sizeof(lead_words) / sizeof(*lead_words); i++) {
			if (starts(s, *n, lead_words[i])) {
				s += strlen(lead_words[i]);
				*n -= strlen(lead_words[i]);
				again = 1;
			}
		}
		for (i = 0; i < sizeof(tail_words) / sizeof(*tail_words); i++) {
			if (ends(s, *n, tail_words[i])) {
				*n -= strlen(tail_words[i]);
				again = 1;
			}
		}
	}
	return s;
}

/*
 * The indicator of one clause or part s[0..n), if any.  verb holds the
 * first part's text before its quantity (rule 5); it is set when first
 * is true.
 */
static void extract_part(struct seed_indicators *out, const char *s,
			 size_t n, struct sbuf *verb, int first)
{
	struct qty q;
	enum indicator_op op = OP_GE;
	const char *before = s, *after;
	size_t bn, an;
	struct sbuf name = { 0 };
	struct indicator *ind;

	if (!find_qty(&q, s, n))
		return;
	bn = q.start;
	after = s + q.end;
	an = n - q.end;
	if (starts(after, an, "左右")) {
		op = OP_ABOUT;
		after += strlen("左右");
		an -= strlen("左右");
	} else if (starts(after, an, "以上")) {
		after += strlen("以上");
		an -= strlen("以上");
	} else if (starts(after, an, "以内") || starts(after, an, "以下")) {
		op = OP_LE;
		after += strlen("以内");
		an -= strlen("以内");
	}
	trim(&before, &bn);
	if (ends(before, bn, "约")) {
		op = OP_ABOUT;
		bn -= strlen("约");
	} else if (ends(before, bn, "不少于")) {
		op = OP_GE;
		bn -= strlen("不少于");
	} else if (ends(before, bn, "不超过")) {
		op = OP_LE;
		bn -= strlen("不超过");
	}
	before = strip_words(before, &bn);
	if (first) {
		verb->len = 0;
		sbuf_add(verb, before, bn);
	}
	if (!bn && !first && verb->len)
		sbuf_add(&name, verb->s, verb->len);
	else
		sbuf_add(&name, before, bn);
	trim(&after, &an);
	sbuf_add(&name, after, an);
	if (!name.len) {
		sbuf_release(&name);
		return;
	}
	XGROW(out->v, out->cap, out->n + 1);
	ind = &out->v[out->n++];
	memset(ind, 0, sizeof(*ind));
	ind->name = sbuf_take(&name);
	ind->op = op;
	ind->target = q.value;
	ind->unit = xstrdup(q.unit);
}

static void extract_clause(struct seed_indicators *out, const char *s,
			   size_t n)
{
	static const char *const dun[] = { "、" };
	struct sbuf verb = { 0 };
	struct qty q;
	size_t i, start, m, cut[64];
	int depth = 0, parts = 0, all = 1, k;

	/* the part boundaries at 、 outside parentheses */
	for (i = 0; i < n && parts < 62; i += m ? m : 1) {
		depth += paren_delta(s + i, n - i);
		m = sep_at(s + i, n - i, dun, 1);
		if (m && depth <= 0) {
			cut[parts++] = i;
			cut[parts++] = i + m;
		}
	}
	if (parts) {
		for (k = 0, start = 0; k <= parts; k += 2) {
			size_t e = k < parts ? cut[k] : n;

			if (!find_qty(&q, s + start, e - start))
				all = 0;
			if (k < parts)
				start = cut[k + 1];
		}
	}
	if (!parts || !all) {
		extract_part(out, s, n, &verb, 1);
		sbuf_release(&verb);
		return;
	}
	for (k = 0, start = 0; k <= parts; k += 2) {
		size_t e = k < parts ? cut[k] : n;

		extract_part(out, s + start, e - start, &verb, k == 0);
		if (k < parts)
			start = cut[k + 1];
	}
	sbuf_release(&verb);
}

void seed_indicators_extract(struct seed_indicators *out, const char *target)
{
	size_t n = strlen(target), at = 0, len;
	const char *c;

	memset(out, 0, sizeof(*out));
	while (next_clause(&c, &len, target, n, &at, TARGET_SEPS))
		extract_clause(out, c, len);
}

void seed_indicators_release(struct seed_indicators *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].unit);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- deadline ---- */

/* the month N of the first "N月底" in s, or 0 */
static int month_end_in(const char *s)
{
	const char *p;

	for (p = strstr(s, "月底"); p; p = strstr(p + 1, "月底")) {
		const char *q = p;
		int m = 0, mul = 1;

		while (q > s && is_digit(q[-1]) && mul <= 10) {
			m += (q[-1] - '0') * mul;
			mul *= 10;
			q--;
		}
		if (q < p && m >= 1 && m <= 12)
			return m;
	}
	return 0;
}

void seed_deadline(char out[11], int year, const char *target,
		   const char *content)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int m = month_end_in(target), day;
	char buf[32];

	if (!m && content)
		m = month_end_in(content);
	if (!m)
		m = 12;
	day = days[m - 1];
	if (m == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		day = 29;
	if (year < 0 || year > 9999)
		year = 0;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, m, day);
	memcpy(out, buf, 11);
}
