/*
 * wcwidth: how many terminal columns UTF-8 text takes, so that tables with
 * Chinese text stay aligned.  East Asian wide and fullwidth characters (CJK
 * ideographs, kana, hangul, fullwidth forms and punctuation, most emoji)
 * take two columns, combining marks and zero-width characters none, the
 * rest one.  Ambiguous characters (“ ” … ①) count one, as Unicode advises
 * outside CJK legacy encodings and as common terminals draw them.  The C
 * library's wcwidth is not used: it depends on the locale, and a report
 * must be the same whatever the locale of the machine that printed it.
 *
 * Bytes that are not valid UTF-8 count one column each.
 */
#ifndef WCWIDTH_H
#define WCWIDTH_H

#include <stddef.h>
#include <stdint.h>

/* columns of code point cp: 0, 1 or 2 (controls: 0) */
int wc_width(uint32_t cp);

/*
 * The one UTF-8 decoder: the character at s (n bytes available, n >= 1)
 * into *cp; returns its length in bytes, or 0 when it is not valid UTF-8
 * (overlong, a surrogate, past U+10FFFF, cut short; *cp is then the first
 * byte).
 */
size_t utf8_valid(uint32_t *cp, const char *s, size_t n);
/* the same for display: an invalid byte is one character, U+FFFD */
size_t utf8_decode(uint32_t *cp, const char *s, size_t n);
/* the characters of the NUL-terminated valid UTF-8 string s */
size_t utf8_chars(const char *s);

/* columns of the NUL-terminated string s */
size_t utf8_width(const char *s);

/*
 * The number of bytes of s that fit in cols columns, never cutting a
 * character; *width (may be NULL) receives their columns.
 */
size_t utf8_fit(const char *s, size_t cols, size_t *width);

#endif
