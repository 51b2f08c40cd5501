/*
 * date: the days a plan writes, "YYYY-MM-DD" of the proleptic Gregorian
 * calendar, and their distance from 1970-01-01, which reports count in.
 * No time zones here: a day is a day.
 */
#ifndef DATE_H
#define DATE_H

#include <stdint.h>

/*
 * Read s as "YYYY-MM-DD" into *y, *m, *d: 0, 1 when s is not of that form,
 * 2 when it is but names no day (2010-02-30).
 */
int date_parse(const char *s, int *y, int *m, int *d);

/* is s a real day "YYYY-MM-DD"? (NULL: no) */
int date_valid(const char *s);

/* 28 to 31 */
int date_days_in_month(int y, int m);

/* days from 1970-01-01 to y-m-d, and back */
int64_t date_to_days(int64_t y, int m, int d);
void date_from_days(int64_t days, int64_t *y, int *m, int *d);

/* date_to_days of the valid day s */
long date_days(const char *s);

#endif
