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
 * Decode the character at s (n bytes available, n >= 1) into *cp; returns
 * its length in bytes (1 for an invalid byte, with *cp = 0xFFFD).
 */
size_t utf8_decode(uint32_t *cp, const char *s, size_t n);

/* columns of the NUL-terminated string s */
size_t utf8_width(const char *s);

/*
 * The number of bytes of s that fit in cols columns, never cutting a
 * character; *width (may be NULL) receives their columns.
 */
size_t utf8_fit(const char *s, size_t cols, size_t *width);

#endif
