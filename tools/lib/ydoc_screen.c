/*
 * ydoc_screen: the raw bytes screened before libyaml sees them (size,
 * encoding, control characters, conflict markers), with messages that
 * tell a clerk what to do.  See ydoc.c.
 */
#include "ydoc_impl.h"
#include "i18n.h"
#include "wcwidth.h"

#include <stddef.h>
#include <string.h>

void ydoc_position(const char *buf, size_t off, int *line, int *col)
{
	size_t i = 0;
	int l = 1, c = 1;

	/* libyaml does not count a byte-order mark as a column */
	if (off >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		i = 3;
	for (; i < off; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/*
 * Why code point cp may not appear in a plan file, or NULL when it may.
 * Besides the C0 controls (screened byte by byte), these are characters
 * that no keyboard types but copy and paste brings in, and that libyaml
 * either refuses with a message a clerk cannot act on, or reads as a line
 * break (NEL, LS, PS: the values would change and every line number after
 * them would be wrong).
 */
const char *ydoc_bad_char(unsigned cp)
{
	if (cp >= 0x80 && cp <= 0x9f)
		return _("a control character");
	if (cp == 0x2028 || cp == 0x2029)
		return _("a line or paragraph separator");
	if (cp == 0xfeff)
		return _("a byte-order mark, left where files were joined "
			 "or text was pasted");
	if (cp == 0xfffe || cp == 0xffff)
		return _("not a character");
	if (cp == 0x200b || cp == 0x200c || cp == 0x200d || cp == 0x2060)
		return _("a zero-width space, pasted with the text");
	return NULL;
}

/*
 * Is the wide space at p[i] (n bytes: U+3000, the full-width space of a
 * Chinese input method, or U+00A0, the no-break space of Word and web
 * pages) in a line's indentation (1) or at its end (2)?  Elsewhere, in
 * the middle of a text, it is text (0).
 */
static int wide_space(const unsigned char *p, size_t len, size_t bol,
		      size_t i, size_t n)
{
	size_t k;

	for (k = bol; k < i;) {
		if (p[k] == ' ')
			k++;
		else if (k + 2 < i + 1 && p[k] == 0xe3 && p[k + 1] == 0x80 &&
			 p[k + 2] == 0x80)
			k += 3;
		else if (p[k] == 0xc2 && k + 1 < i && p[k + 1] == 0xa0)
			k += 2;
		else
			break;
	}
	if (k == i)
		return 1;
	for (k = i + n; k < len && p[k] != '\n';) {
		if (p[k] == ' ' || p[k] == '\r')
			k++;
		else if (k + 2 < len && p[k] == 0xe3 && p[k + 1] == 0x80 &&
			 p[k + 2] == 0x80)
			k += 3;
		else if (k + 1 < len && p[k] == 0xc2 && p[k + 1] == 0xa0)
			k += 2;
		else
			return 0;
	}
	return 2;
}

/* does the text at p look like GBK / GB18030 double-byte Chinese? */
static int looks_gbk(const unsigned char *p, size_t n)
{
	size_t i, pairs = 0;

	for (i = 0; i < n && pairs < 4; i++) {
		if (p[i] < 0x80)
			continue;
		if (p[i] < 0x81 || p[i] == 0xff || i + 1 >= n)
			return 0;
		/* four bytes: lead, digit, lead, digit */
		if (p[i + 1] >= 0x30 && p[i + 1] <= 0x39 && i + 3 < n &&
		    p[i + 2] >= 0x81 && p[i + 2] <= 0xfe &&
		    p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
			i += 3;
			pairs++;
			continue;
		}
		if (p[i + 1] < 0x40 || p[i + 1] == 0x7f || p[i + 1] == 0xff)
			return 0;
		i++;
		pairs++;
	}
	return pairs > 0;
}

static int conflict_marker(const char *line, size_t n)
{
	static const char *const marks[] = {
		"<<<<<<<", "=======", ">>>>>>>", "|||||||"
	};
	size_t i;

	for (i = 0; i < 4; i++)
		if (n >= 7 && !memcmp(line, marks[i], 7) &&
		    (n == 7 || line[7] == ' ' || line[7] == '\r' ||
		     (i == 1 && line[7] == '\n') || line[7] == '\n'))
			return 1;
	return 0;
}

/* screen the raw bytes; 0 when fine, -1 after adding a finding */
int ydoc_screen(const char *path, const char *buf, size_t len,
		struct diag_list *d)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i, nul = 0, bol = 0;
	int line, col;
	uint32_t cp;
	const char *why;
	int where;

	if (len > YDOC_MAX_SIZE) {
		diag_error(d, path, 1, 1, "too-large",
			   _("file is %zu bytes, over the limit of %d bytes "
			   "(1 MiB): a plan file is never that large"), len,
			   YDOC_MAX_SIZE);
		return -1;
	}
	if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
			 (p[0] == 0xfe && p[1] == 0xff))) {
		diag_error(d, path, 1, 1, "encoding",
			   _("file is UTF-16 (it starts with a UTF-16 byte-order "
			   "mark: Notepad's \"Unicode\"); re-save it as UTF-8 "
			   "(in Notepad: Save As, Encoding UTF-8; in VS Code: "
			   "Save with Encoding, UTF-8)"));
		return -1;
	}
	for (i = 0; i < len && i < 64; i++)
		nul += p[i] == 0;
	if (nul && nul * 4 >= (len < 64 ? len : 64)) {
		diag_error(d, path, 1, 1, "encoding",
			   _("file is UTF-16 or binary (it holds NUL bytes); "
			   "re-save it as UTF-8 (in Notepad: Save As, Encoding "
			   "UTF-8; in VS Code: Save with Encoding, UTF-8)"));
		return -1;
	}
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;	/* UTF-8 byte-order mark: accepted */
	else
		i = 0;
	for (bol = i; i < len;) {
		size_t n;

		if (i == bol && conflict_marker(buf + i, len - i)) {
			ydoc_position(buf, i, &line, &col);
			diag_error(d, path, line, 1, "merge-conflict",
				   _("unfinished merge: conflict marker '%.7s' "
				   "at line %d; keep the lines you want, delete "
				   "the <<<<<<<, ======= and >>>>>>> lines, then "
				   "commit"), buf + i, line);
			return -1;
		}
		if (p[i] == '\n') {
			bol = ++i;
			continue;
		}
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;	/* printable ASCII: nothing to refuse */
			continue;
		}
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r') ||
		    p[i] == 0x7f || (p[i] == '\r' && i + 1 < len &&
				     p[i + 1] != '\n')) {
			ydoc_position(buf, i, &line, &col);
			if (p[i] == '\r')
				diag_error(d, path, line, col,
					   "control-character", _("a carriage "
					   "return (U+000D) without a line "
					   "feed; save the file with LF or "
					   "CRLF line endings"));
			else
				diag_error(d, path, line, col,
					   "control-character", _("invisible "
					   "character U+%04X in the text (a "
					   "control character); delete it"),
					   p[i]);
			return -1;
		}
		n = utf8_valid(&cp, (const char *)p + i, len - i);
		if (n && (cp == 0x3000 || cp == 0xa0) &&
		    (where = wide_space(p, len, bol, i, n))) {
			ydoc_position(buf, i, &line, &col);
			if (where == 1)
				diag_error(d, path, line, col, "wide-space",
					   cp == 0x3000 ?
					   _("a full-width space (U+3000, "
					     "全角空格) in the indentation: YAML "
					     "indents with ASCII spaces only; "
					     "switch the input method to "
					     "half-width (半角) and type spaces") :
					   _("a no-break space (U+00A0) in the "
					     "indentation: YAML indents with "
					     "ASCII spaces only; replace it with "
					     "ordinary spaces"));
			else
				diag_error(d, path, line, col, "wide-space",
					   cp == 0x3000 ?
					   _("a full-width space (U+3000, "
					     "全角空格) at the end of the line: "
					     "it cannot be seen, and the value "
					     "is not what it looks like; delete "
					     "it") :
					   _("a no-break space (U+00A0) at the "
					     "end of the line: it cannot be "
					     "seen, and the value is not what it "
					     "looks like; delete it"));
			return -1;
		}
		if (n && (why = ydoc_bad_char(cp))) {
			ydoc_position(buf, i, &line, &col);
			diag_error(d, path, line, col, "control-character",
				   _("invisible character U+%04X in the text "
				   "(%s); delete it"), cp, why);
			return -1;
		}
		if (!n) {
			ydoc_position(buf, i, &line, &col);
			if (looks_gbk(p + i, len - i))
				diag_error(d, path, line, col, "encoding",
					   _("file is not UTF-8: it looks like "
					   "GBK/GB18030 (the Chinese Windows "
					   "default); re-save it as UTF-8 (in "
					   "Notepad: Save As, Encoding UTF-8; in "
					   "VS Code: Save with Encoding, UTF-8)"));
			else
				diag_error(d, path, line, col, "encoding",
					   _("invalid UTF-8 byte 0x%02x; re-save the "
					   "file as UTF-8"), p[i]);
			return -1;
		}
		i += n;
	}
	return 0;
}
