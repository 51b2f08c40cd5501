/* numeral: see numeral.h. */
#include "numeral.h"

#include <string.h>

static const char *const cn_digit[] = {
	"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};

void numeral_add(struct sbuf *out, int n)
{
	if (n < 1 || n > 99) {
		sbuf_printf(out, "%d", n);
		return;
	}
	if (n >= 20)
		sbuf_adds(out, cn_digit[n / 10]);
	if (n >= 10)
		sbuf_adds(out, "十");
	if (n % 10)
		sbuf_adds(out, cn_digit[n % 10]);
}

/* the digit 1..9 at s, or 0 */
static int cn_digit_at(const char *s)
{
	int i;

	for (i = 1; i <= 9; i++)
		if (!strncmp(s, cn_digit[i], strlen(cn_digit[i])))
			return i;
	return 0;
}

int numeral_parse(const char *s, size_t *used)
{
	const char *p = s;
	int tens = 0, ones;

	ones = cn_digit_at(p);
	if (ones)
		p += strlen(cn_digit[ones]);
	if (!strncmp(p, "十", strlen("十"))) {
		p += strlen("十");
		tens = ones ? ones : 1;
		if (tens == 1 && ones)	/* "一十" is not how the plan counts */
			goto none;
		ones = cn_digit_at(p);
		if (ones)
			p += strlen(cn_digit[ones]);
	}
	if (p == s)
		goto none;
	*used = (size_t)(p - s);
	return tens * 10 + ones;
none:
	*used = 0;
	return -1;
}
