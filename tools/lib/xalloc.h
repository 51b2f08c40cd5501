/*
 * xalloc: allocation that cannot fail.  Out of memory is the one failure
 * the tools do not try to recover from: they print one line and exit 2.
 * sbuf is a growable, always NUL-terminated byte buffer.
 */
#ifndef XALLOC_H
#define XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/*
 * Grow the array p, of cap elements, so that it holds at least need; cap
 * is updated.  A macro, as git's ALLOC_GROW, so that p keeps its type (no
 * cast through void **).
 */
#define XGROW(p, cap, need) \
	((p) = xgrow_size((p), &(cap), (need), sizeof(*(p))))
void *xgrow_size(void *p, size_t *cap, size_t need, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct sbuf {
	char *s;	/* owned; NUL-terminated once anything was added */
	size_t len, cap;
};

void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap);
/* hand the string to the caller (never NULL) and reset b */
char *sbuf_take(struct sbuf *b);
void sbuf_release(struct sbuf *b);

#endif
