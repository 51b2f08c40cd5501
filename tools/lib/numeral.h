/*
 * numeral: the Chinese numerals that number a plan's categories (一、
 * 二、… 十三、), written by the reports and export and read by import.
 */
#ifndef NUMERAL_H
#define NUMERAL_H

#include <stddef.h>

#include "xalloc.h"

/* append n (1..99) as a Chinese numeral: 一, 十, 十三, 二十一 */
void numeral_add(struct sbuf *out, int n);
/*
 * The value of the Chinese numeral at the start of s (一 … 九十九); *used is
 * set to its length in bytes.  Returns -1 (and *used 0) when s does not
 * start with one.
 */
int numeral_parse(const char *s, size_t *used);

#endif
