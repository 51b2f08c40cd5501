/*
 * seed_impl: the text helpers the parts of seed.h share: byte tests,
 * prefixes and suffixes, and the separators of the table's texts.
 * Private to seed*.c.
 */
#ifndef SEED_IMPL_H
#define SEED_IMPL_H

#include <stddef.h>
#include <string.h>

#include "seed.h"

static inline int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* characters (not bytes) in s[0..n): columns count characters */
static inline int chars(const char *s, size_t n)
{
	int c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static inline int starts(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);

	return n >= m && !memcmp(s, p, m);
}

static inline int ends(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);

	return n >= m && !memcmp(s + n - m, p, m);
}

static inline void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

/*
 * Separators of the units text and of the target text.  The plan mixes
 * ASCII and full-width punctuation, sometimes within one row.
 */
static const char *const clause_seps[] = { ",", "，", ";", "；", "。" };
#define UNITS_SEPS 4	/* the units text does not use 。 */
#define TARGET_SEPS 5

/* the length of the separator at s (one of seps), or 0 */
static inline size_t sep_at(const char *s, size_t n,
			    const char *const *seps, size_t nseps)
{
	size_t i;

	for (i = 0; i < nseps; i++)
		if (starts(s, n, seps[i]))
			return strlen(seps[i]);
	return 0;
}

static inline int paren_delta(const char *s, size_t n)
{
	if (starts(s, n, "(") || starts(s, n, "（"))
		return 1;
	if (starts(s, n, ")") || starts(s, n, "）"))
		return -1;
	return 0;
}

/*
 * The next clause of s[0..n) from *at on, between separators (the first
 * nseps of clause_seps), its blanks trimmed; empty clauses are skipped.
 * 1 with the clause in *c and *len, 0 after the last; *at starts at 0.
 */
static inline int next_clause(const char **c, size_t *len, const char *s,
			      size_t n, size_t *at, size_t nseps)
{
	while (*at <= n) {
		size_t i = *at, m = 0;

		while (i < n && !(m = sep_at(s + i, n - i, clause_seps, nseps)))
			i++;
		*c = s + *at;
		*len = i - *at;
		*at = i + (m ? m : 1);
		trim(c, len);
		if (*len)
			return 1;
	}
	return 0;
}

#endif
