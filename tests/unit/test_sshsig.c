/*
 * Unit tests of sshsig.c: signatures made by ssh-keygen -Y sign -n git
 * (Ed25519, ECDSA P-256 and P-384, RSA with rsa-sha2-512) and, for the
 * algorithms ssh-keygen does not choose itself, made with the same keys
 * by another program (rsa-sha2-256, and SHA-1 ssh-rsa, which must be
 * refused).  Each verifies over the message it signs and fails over any
 * other; flipped bits, truncation, trailing data, another namespace and
 * a swapped key are each told apart.  Public keys in OpenSSH's form are
 * read as ssh-keygen reads them, fingerprints are ssh-keygen -l's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sshsig.h"
#include "xalloc.h"

/* ---- made by ssh-keygen 9.2 (see the file's comment) ---- */

static const char msg[] =
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
	"author A <a@x> 1 +0000\n"
	"committer A <a@x> 1 +0000\n"
	"\n"
	"message\n";

static const char pub_ed25519[] =
	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAaZkf2VrAOXffJr395xA6FiRurALzuZe4Z2Bb/O8DX ed25519@test";

static const char pub_ecdsa[] =
	"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKr8P2PaVEWIUCB/xNbn9L1Fa1Apt4fdveIAeOAlHTTeuvVywrM1b+LmHJelrCcwVb4kD3/H9KPtiafdNUHToRE= ecdsa@test";

static const char pub_rsa[] =
	"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC5b1ACSI1kbxNUUqvPgWhzPfgbKGRn1vL92TZ14lJweuiBGM+Axn4U2rQXw4qUV3C5luJYkTQJepeDZErPjeRDb/pJl/dgoxUB/ZsuTD5WRtKTC5d35qW872gezRbt1s5un8zdknp1QeibmtjXG4I3G3LFNtO8I//YCOSPVyfI6mueAzgZCeGDgvDb9tmYwqmx754wQ0Tt3tpG5pFmp5hIrk2AGnD0KC6E1RPHe8nQSN1jL+sHPFaFKawOFQt/v/WYSnhtp6KNvxrX75OibNBBO5BCtBskz0wCJ7xLwTZpIo0ZiM8NB6YfukbdanfUQNmrwxrm0EQEc8D4NcEmbrT6nQc9XVg9pjM27IpZCiLB++EZ2zwW8+5FN96idTGm64+faiw9Zk7BT+AI3RwvsgO7MthjzLEDnt4D/oNFgohScM4ELZoW1omiUP9ruav4DiKoi6xsKnv+BD6rpyll6b/Bw4KQUXcyXHaXJETQr1MRjqxhvCzjLqAGOwgtLvbllNM= rsa@test";

static const char pub_p384[] =
	"ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBIDCawLlXrhfNqgBZKd13im3eWjHEEA+w0M2JpecJZxOCoCep35Yg2Cg+2iFlB0CjXJT0fJNe00RaaUveL6xQrJysTGlP/DblExDb9UpZYyLrJ1wiTDGmeZYKVQr3N4x9w== p384";

static const char pub_rsa1024[] =
	"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDcjddPMuM6nVjypdg1Pt7KrSE1LW+zqijZhtc9XOa9HaxJGMc2cBRBLHVku1hVfl9Spr2DWFULIzbyLkyYhWmU1Llz0djyw4ABfKrC/zE8B8GWikBzjm9GgsvLDBNNXGkO/wJwm62F84bRRncpW8zKieRdap+jqvVQLIjSdNwVow== root@vm";

static const char sig_ed25519[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgUBpmR/ZWsA5d98mvf3nEDoWJG6\n"
	"sAvO5l7hnYFv87wNcAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
	"AAAAQN9E0CaChiC0wgWJAO39ry3I04iqWzOrgbOca4yj7CceUwPJ8r/4qwKTGhGYK257MV\n"
	"v/71JNaIGJdWt/eb3XXAM=\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_ed25519_sha256[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgUBpmR/ZWsA5d98mvf3nEDoWJG6\n"
	"sAvO5l7hnYFv87wNcAAAADZ2l0AAAAAAAAAAZzaGEyNTYAAABTAAAAC3NzaC1lZDI1NTE5\n"
	"AAAAQEiWaNhq/EuIAbwv6DuyLAmTvmjrPGQl4tVhnUWV27+RkW+6ompcJGyfDeIgtUg9/X\n"
	"qvspqYMi71KWotKWn7gQQ=\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_ecdsa[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAGgAAAATZWNkc2Etc2hhMi1uaXN0cDI1NgAAAAhuaXN0cDI1NgAAAE\n"
	"EEqvw/Y9pURYhQIH/E1uf0vUVrUCm3h9294gB44CUdNN669XLCszVv4uYcl6WsJzBVviQP\n"
	"f8f0o+2Jp901QdOhEQAAAANnaXQAAAAAAAAABnNoYTUxMgAAAGQAAAATZWNkc2Etc2hhMi\n"
	"1uaXN0cDI1NgAAAEkAAAAgLmfPKc2mJAh57EQ/xJasD+4up69JBz22nhxuuWJVH/IAAAAh\n"
	"ALdz1IA+TcGZSO2OxCAXtwfAl4GLR5gohAN+jBNtOzqM\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_rsa[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAZcAAAAHc3NoLXJzYQAAAAMBAAEAAAGBALlvUAJIjWRvE1RSq8+BaH\n"
	"M9+BsoZGfW8v3ZNnXiUnB66IEYz4DGfhTatBfDipRXcLmW4liRNAl6l4NkSs+N5ENv+kmX\n"
	"92CjFQH9my5MPlZG0pMLl3fmpbzvaB7NFu3Wzm6fzN2SenVB6Jua2NcbgjcbcsU207wj/9\n"
	"gI5I9XJ8jqa54DOBkJ4YOC8Nv22ZjCqbHvnjBDRO3e2kbmkWanmEiuTYAacPQoLoTVE8d7\n"
	"ydBI3WMv6wc8VoUprA4VC3+/9ZhKeG2noo2/Gtfvk6Js0EE7kEK0GyTPTAInvEvBNmkijR\n"
	"mIzw0Hph+6Rt1qd9RA2avDGubQRARzwPg1wSZutPqdBz1dWD2mMzbsilkKIsH74RnbPBbz\n"
	"7kU33qJ1Mabrj59qLD1mTsFP4AjdHC+yA7sy2GPMsQOe3gP+g0WCiFJwzgQtmhbWiaJQ/2\n"
	"u5q/gOIqiLrGwqe/4EPqunKWXpv8HDgpBRdzJcdpckRNCvUxGOrGG8LOMuoAY7CC0u9uWU\n"
	"0wAAAANnaXQAAAAAAAAABnNoYTUxMgAAAZQAAAAMcnNhLXNoYTItNTEyAAABgGsRESOe4z\n"
	"K9xl4Kj+YRQ8xgVcJ58kiEgmqRQHgSSSc6+Bil6kq9mm1lT9gQjYWYmwcHpe/LkO9rGIgY\n"
	"yYyaIEMIXq0s0RFlGGjguBBVDWq26SrwYNygJfo/vbQlOuvO4DKmMO+CE5XgSullPcNB5n\n"
	"5nJO/vafG+3FDWJijP+Dj7OHgzojl8J9F0IUwEx/iQ+4y5tPVYOe4ucZZEHd7lUCWqHmLH\n"
	"Qdv9V4br/Jt4HXI5Zyhrfy/ll9weUmsNxO0Kodz5bmTzOYSn9+8TMEk3DUI7nBvNZ5vZN/\n"
	"a5SEvU+LIY0/mhLLjlkXmlf/qaVBw6fT6R18OejTmODPCU2ApuoxIABCNtIcs1wOIKXywA\n"
	"VZyE2zp5z+KkMjGRgnSJfHYZwcsMGI41TL1oAD4W0UmMghMNTLfBzwENoF5uox1XT764Ez\n"
	"8rXbsycJtEqMJbDLnu6Ho61V6N3yitjBkLkp+w2mMo0ObG4gKJ5jmssLYa0RejOn3NW6yW\n"
	"6/dEYm4mQXBOUg==\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_rsa256[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAZcAAAAHc3NoLXJzYQAAAAMBAAEAAAGBALlvUAJIjWRvE1RSq8+BaH\n"
	"M9+BsoZGfW8v3ZNnXiUnB66IEYz4DGfhTatBfDipRXcLmW4liRNAl6l4NkSs+N5ENv+kmX\n"
	"92CjFQH9my5MPlZG0pMLl3fmpbzvaB7NFu3Wzm6fzN2SenVB6Jua2NcbgjcbcsU207wj/9\n"
	"gI5I9XJ8jqa54DOBkJ4YOC8Nv22ZjCqbHvnjBDRO3e2kbmkWanmEiuTYAacPQoLoTVE8d7\n"
	"ydBI3WMv6wc8VoUprA4VC3+/9ZhKeG2noo2/Gtfvk6Js0EE7kEK0GyTPTAInvEvBNmkijR\n"
	"mIzw0Hph+6Rt1qd9RA2avDGubQRARzwPg1wSZutPqdBz1dWD2mMzbsilkKIsH74RnbPBbz\n"
	"7kU33qJ1Mabrj59qLD1mTsFP4AjdHC+yA7sy2GPMsQOe3gP+g0WCiFJwzgQtmhbWiaJQ/2\n"
	"u5q/gOIqiLrGwqe/4EPqunKWXpv8HDgpBRdzJcdpckRNCvUxGOrGG8LOMuoAY7CC0u9uWU\n"
	"0wAAAANnaXQAAAAAAAAABnNoYTUxMgAAAZQAAAAMcnNhLXNoYTItMjU2AAABgGmsqA+FlT\n"
	"5dpJGCJ/3p6d3gH41tbD9LX0eXf7IzAnwvNw+E6WfpFtHugwxMKemgIom+XKNMW17tZic9\n"
	"5FTPVUlurq0hzboFbsEs9cZLoVVI5k6Yg2+NIrZS4baHDZQA/csSTbTg7AZY6x/6naH1SO\n"
	"o74b4Qkgps5hvqcWceN63+Jm3zzfvmvfxDMVaPmIydj6Nmf/THLezbnmUv3OVb4ZenLZvh\n"
	"rcWvaqQVJ8Ln42abidnfNCa22cdWUTQ1EdqjrMq0OI6RI3ymR/jfXQz4XBT2sAtLJXu4Za\n"
	"F5nLwIfvD5uUpQbx6TyknYnm27Z4ta6TFYJAj3+rxSERfoICYk7GduqotA7zi63IgMks8F\n"
	"m3SR2TrTN3LccY+4OXFi3pQNkwC7mk5Q07VxkicTjWXjSrPHFRuSL7PrFsc+H0/2bPsKFG\n"
	"NUsNXN/6gZ4BjY55HTYtOhJ257XUO/o4cy6sfZReJBuYii2UWVBMooI6JkY1bvcel3bF5P\n"
	"i2gVQu6/fxfTDw==\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_rsa_sha1[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAZcAAAAHc3NoLXJzYQAAAAMBAAEAAAGBALlvUAJIjWRvE1RSq8+BaH\n"
	"M9+BsoZGfW8v3ZNnXiUnB66IEYz4DGfhTatBfDipRXcLmW4liRNAl6l4NkSs+N5ENv+kmX\n"
	"92CjFQH9my5MPlZG0pMLl3fmpbzvaB7NFu3Wzm6fzN2SenVB6Jua2NcbgjcbcsU207wj/9\n"
	"gI5I9XJ8jqa54DOBkJ4YOC8Nv22ZjCqbHvnjBDRO3e2kbmkWanmEiuTYAacPQoLoTVE8d7\n"
	"ydBI3WMv6wc8VoUprA4VC3+/9ZhKeG2noo2/Gtfvk6Js0EE7kEK0GyTPTAInvEvBNmkijR\n"
	"mIzw0Hph+6Rt1qd9RA2avDGubQRARzwPg1wSZutPqdBz1dWD2mMzbsilkKIsH74RnbPBbz\n"
	"7kU33qJ1Mabrj59qLD1mTsFP4AjdHC+yA7sy2GPMsQOe3gP+g0WCiFJwzgQtmhbWiaJQ/2\n"
	"u5q/gOIqiLrGwqe/4EPqunKWXpv8HDgpBRdzJcdpckRNCvUxGOrGG8LOMuoAY7CC0u9uWU\n"
	"0wAAAANnaXQAAAAAAAAABnNoYTUxMgAAAY8AAAAHc3NoLXJzYQAAAYAZ0yD79FmQQjl1qN\n"
	"/6dLzxVgNXDdHGopBqb1DzIGj5PWRHiAIY7WL1pWPvjO/33xtkxD5F9AYcx5GN4vblKgPi\n"
	"HnCUvnvRkqdZlbaq2aLAYKU3aw4dbqF6j0ZnIAdboo4P6dFAgOq5ElBMpvN8ne9DJfTVVt\n"
	"9BBWzD8YKBJXKZOtk6O8cIRYy1gqvI2Z4dCqDUbSEUu7zMl+7kKuNlfk18jyOTcHOF/AZE\n"
	"c69EAA1SAzn/7JpSbm7EVShOOcAdfpRy2xDIylm+QIJAttUGSFD5owIFsQ/pVKN0tjs/0C\n"
	"TSDLmDuW6drOidMA7zEbGxgYDoXrCGz/kfnQwvFHqMtX/JtQUJu8brnqL8ckf2NBNg9r3q\n"
	"/Esz9OauA5/g8tLroojqvYK2sLLUoIZYEOLgyxPHLAp3ZoIgJtrkuMsuzCKbicxmIRZsOn\n"
	"DcMQVFMqQ76eMXIzJzYMfx+Vp0bk3/BUa8p7RZwYB6/4dU21HwPoiQ1CAYxc9iJ2K8nqzb\n"
	"w/3ercE=\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_p384[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAAIgAAAATZWNkc2Etc2hhMi1uaXN0cDM4NAAAAAhuaXN0cDM4NAAAAG\n"
	"EEgMJrAuVeuF82qAFkp3XeKbd5aMcQQD7DQzYml5wlnE4KgJ6nfliDYKD7aIWUHQKNclPR\n"
	"8k17TRFppS94vrFCsnKxMaU/8NuUTENv1SlljIusnXCJMMaZ5lgpVCvc3jH3AAAAA2dpdA\n"
	"AAAAAAAAAGc2hhNTEyAAAAhQAAABNlY2RzYS1zaGEyLW5pc3RwMzg0AAAAagAAADEA0T0K\n"
	"fUya1mfcUP7sdvgXrRSVSu+FLUTHqtwKC8Zi9E0l8Ia6Uc5bJzvte3PjozfjAAAAMQDJhC\n"
	"B0xeVccljoJ7Up56rB1LjDuO6wuYH5MuZDuuWJMvrHSJ8areQXyCgoMX3vE2w=\n"
	"-----END SSH SIGNATURE-----\n";

static const char sig_ns_file[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgUBpmR/ZWsA5d98mvf3nEDoWJG6\n"
	"sAvO5l7hnYFv87wNcAAAAEZmlsZQAAAAAAAAAGc2hhNTEyAAAAUwAAAAtzc2gtZWQyNTUx\n"
	"OQAAAEDRMNyzjTSFcEcnGMF4DtI4gRKoGu3ScLEj4RVFKXsmxnOVOD5UyG4mbDXewXSWW0\n"
	"8U0f0CIqBg9+pWnOSz0wwM\n"
	"-----END SSH SIGNATURE-----\n";

/* ---- helpers ---- */

static const struct vec {
	const char *name, *sig, *pub, *fp;
} good[] = {
	{ "ed25519", sig_ed25519, pub_ed25519,
	  "SHA256:2FgxW65xzCwEYtTw+CN260N5dSxQwHOYB4k5d1bxg1A" },
	{ "ed25519 sha256", sig_ed25519_sha256, pub_ed25519,
	  "SHA256:2FgxW65xzCwEYtTw+CN260N5dSxQwHOYB4k5d1bxg1A" },
	{ "ecdsa p256", sig_ecdsa, pub_ecdsa,
	  "SHA256:hLipF+/BnbCvl9zsMlazkGwUB/rAQIhxWh6NHcI9UhY" },
	{ "ecdsa p384", sig_p384, pub_p384,
	  "SHA256:ZNmMTZEe0v4XB5PDim20HAnSyXRa+WNS9yPwYbKwOuQ" },
	{ "rsa-sha2-512", sig_rsa, pub_rsa,
	  "SHA256:njeA9lcazrCHllLlUCV16Rt7x+37LMC/+qJIBK0cJDI" },
	{ "rsa-sha2-256", sig_rsa256, pub_rsa,
	  "SHA256:njeA9lcazrCHllLlUCV16Rt7x+37LMC/+qJIBK0cJDI" },
};

static enum sshsig_status verify_text(const char *sig, const char *data,
				      const char *ns)
{
	struct sshsig s;
	enum sshsig_status st;

	assert_int_equal(sshsig_verify(&s, sig, strlen(sig), data,
				       strlen(data), ns), 0);
	st = s.status;
	if (st == SSHSIG_GOOD)
		assert_string_equal(s.why, "");
	else
		assert_true(s.why && *s.why);
	sshsig_release(&s);
	return st;
}

/* "TYPE BASE64" of "TYPE BASE64 COMMENT" */
static char *canonical(const char *pub)
{
	const char *sp = strchr(strchr(pub, ' ') + 1, ' ');

	return sp ? xstrndup(pub, (size_t)(sp - pub)) : xstrdup(pub);
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* the armor's body decoded (no checks: the vectors are well-formed) */
static size_t unarmor(unsigned char *out, const char *sig)
{
	const char *p = strchr(sig, '\n') + 1, *end = strstr(sig, "-----END");
	unsigned acc = 0;
	size_t n = 0;
	int got = 0;

	for (; p < end; p++) {
		const char *c = *p ? strchr(b64, *p) : NULL;

		if (!c)
			continue;
		acc = acc << 6 | (unsigned)(c - b64);
		if ((got += 6) >= 8) {
			got -= 8;
			out[n++] = (unsigned char)(acc >> got);
		}
	}
	return n;
}

static char *armor(const unsigned char *p, size_t n)
{
	struct sbuf b = { 0 };
	size_t i, col = 0;

	sbuf_adds(&b, "-----BEGIN SSH SIGNATURE-----\n");
	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 |
			     (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		int k;

		for (k = 0; k < 4; k++) {
			sbuf_addc(&b, k > 1 && i + (size_t)k > n ? '=' :
				  b64[v >> (18 - 6 * k) & 63]);
			if (++col == 70) {
				sbuf_addc(&b, '\n');
				col = 0;
			}
		}
	}
	sbuf_adds(&b, col ? "\n-----END SSH SIGNATURE-----\n" :
		  "-----END SSH SIGNATURE-----\n");
	return sbuf_take(&b);
}

/* ---- tests ---- */

static void good_signatures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(*good); i++) {
		struct sshsig s;
		char *key = canonical(good[i].pub);

		print_message("%s\n", good[i].name);
		assert_int_equal(sshsig_verify(&s, good[i].sig,
					       strlen(good[i].sig), msg,
					       strlen(msg), "git"), 0);
		assert_int_equal(s.status, SSHSIG_GOOD);
		assert_string_equal(s.key, key);
		assert_string_equal(s.fingerprint, good[i].fp);
		sshsig_release(&s);
		free(key);
	}
}

static void other_content(void **state)
{
	char *other = xstrdup(msg);
	size_t i;

	(void)state;
	other[strlen(other) - 2] ^= 1;
	for (i = 0; i < sizeof(good) / sizeof(*good); i++) {
		print_message("%s\n", good[i].name);
		assert_int_equal(verify_text(good[i].sig, other, "git"),
				 SSHSIG_MISMATCH);
		/* a byte more, a byte less */
		assert_int_equal(verify_text(good[i].sig, "", "git"),
				 SSHSIG_MISMATCH);
	}
	free(other);
	/* the message with its newline dropped */
	other = xstrndup(msg, strlen(msg) - 1);
	assert_int_equal(verify_text(sig_ed25519, other, "git"),
			 SSHSIG_MISMATCH);
	free(other);
}

/* a changed signature byte, and another key put in the signer's place */
static void tampered_blob(void **state)
{
	unsigned char blob[2048], key2[64];
	size_t n, i;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(*good); i++) {
		print_message("%s\n", good[i].name);
		n = unarmor(blob, good[i].sig);
		assert_true(n > 100);
		blob[n - 5] ^= 0x40;
		text = armor(blob, n);
		/* ECDSA's r and s are numbers in a form: a changed byte
		 * may break the form rather than the number */
		enum sshsig_status st = verify_text(text, msg, "git");

		assert_true(st == SSHSIG_MISMATCH || st == SSHSIG_MALFORMED);
		free(text);
	}
	/* the Ed25519 key inside the signature swapped for another one:
	 * the blob's key is 4 + 11 + 4 + 32 bytes after the magic, the
	 * version and the key's length */
	n = unarmor(blob, sig_ed25519);
	text = xstrdup(sig_ed25519);
	assert_int_equal(unarmor(key2, "x\n"
				 "AAAAC3NzaC1lZDI1NTE5AAAAIPY0ObCkNgaq7YixWYDF"
				 "TmQS3SW3Yc98eumVWNVa/qRx\n-----END"), 51);
	memcpy(blob + 6 + 4 + 4, key2, 51);
	free(text);
	text = armor(blob, n);
	assert_int_equal(verify_text(text, msg, "git"), SSHSIG_MISMATCH);
	free(text);
	/* the same blob armored again by this test: still good */
	n = unarmor(blob, sig_rsa);
	text = armor(blob, n);
	assert_int_equal(verify_text(text, msg, "git"), SSHSIG_GOOD);
	free(text);
}

static void malformed(void **state)
{
	static const char *const cases[] = {
		"",
		"-----BEGIN SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN PGP SIGNATURE-----\n\niQEz\n"
		"-----END PGP SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n"
		"-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n"
		"-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\n!!!!\n"
		"-----END SSH SIGNATURE-----\n",
	};
	unsigned char blob[2048];
	size_t i, n;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		print_message("case %zu\n", i);
		assert_int_equal(verify_text(cases[i], msg, "git"),
				 SSHSIG_MALFORMED);
	}
	/* without its footer, with data after it */
	text = xstrndup(sig_ed25519, strlen(sig_ed25519) - 10);
	assert_int_equal(verify_text(text, msg, "git"), SSHSIG_MALFORMED);
	free(text);
	text = xasprintf("%sx", sig_ed25519);
	assert_int_equal(verify_text(text, msg, "git"), SSHSIG_MALFORMED);
	free(text);
	/* white space after it is not data; CR LF lines are lines */
	text = xasprintf("%s \n\n", sig_ed25519);
	assert_int_equal(verify_text(text, msg, "git"), SSHSIG_GOOD);
	free(text);
	/* a byte cut from the blob's end, a byte added */
	n = unarmor(blob, sig_ed25519);
	text = armor(blob, n - 1);
	assert_int_equal(verify_text(text, msg, "git"), SSHSIG_MALFORMED);
	free(text);
	blob[n] = 0;
	text = armor(blob, n + 1);
	assert_int_equal(verify_text(text, msg, "git"), SSHSIG_MALFORMED);
	free(text);
	/* version 2 */
	n = unarmor(blob, sig_ed25519);
	blob[9] = 2;
	text = armor(blob, n);
	assert_int_equal(verify_text(text, msg, "git"), SSHSIG_MALFORMED);
	free(text);
}

static void namespace_and_algorithms(void **state)
{
	(void)state;
	assert_int_equal(verify_text(sig_ns_file, msg, "git"),
			 SSHSIG_NAMESPACE);
	assert_int_equal(verify_text(sig_ns_file, msg, "file"), SSHSIG_GOOD);
	assert_int_equal(verify_text(sig_ed25519, msg, "gi"),
			 SSHSIG_NAMESPACE);
	/* RSA over SHA-1: refused, as by ssh-keygen */
	assert_int_equal(verify_text(sig_rsa_sha1, msg, "git"),
			 SSHSIG_UNSUPPORTED);
}

static void key_texts(void **state)
{
	const char *why;
	char *k, *want;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(*good); i++) {
		char fp[64];

		k = sshsig_key_text(good[i].pub, &why);
		want = canonical(good[i].pub);
		assert_non_null(k);
		assert_string_equal(k, want);
		sshsig_key_fingerprint(fp, k);
		assert_string_equal(fp, good[i].fp);
		free(k);
		/* without a comment it is the same key */
		k = sshsig_key_text(want, &why);
		assert_string_equal(k, want);
		free(k);
		free(want);
	}
	k = sshsig_key_text(pub_rsa1024, &why);
	assert_non_null(k);
	free(k);
	/* another type named than the blob's; truncated; not base64;
	 * padding bits set; a type not verified; nothing */
	assert_null(sshsig_key_text("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIPY0ObCk"
				    "Ngaq7YixWYDFTmQS3SW3Yc98eumVWNVa/qRx",
				    &why));
	assert_true(*why);
	assert_null(sshsig_key_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPY0"
				    "ObCkNgaq7YixWYDFTmQS3SW3Yc98eumVWNVa",
				    &why));
	assert_null(sshsig_key_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPY0"
				    "ObCkNgaq7YixWYDFTmQS3SW3Yc98eumVWNVa/q"
				    "R!", &why));
	k = canonical(pub_ecdsa);
	want = strchr(k, '=') - 1;
	*want = b64[(strchr(b64, *want) - b64) | 1];
	assert_null(sshsig_key_text(k, &why));
	free(k);
	assert_null(sshsig_key_text("ssh-dss AAAAB3NzaC1kc3MAAACBAP", &why));
	assert_null(sshsig_key_text("ssh-ed25519", &why));
	assert_null(sshsig_key_text("", &why));
	assert_null(sshsig_key_text(NULL, &why));
	{
		char fp[64];

		sshsig_key_fingerprint(fp, "nonsense");
		assert_string_equal(fp, "");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_signatures),
		cmocka_unit_test(other_content),
		cmocka_unit_test(tampered_blob),
		cmocka_unit_test(malformed),
		cmocka_unit_test(namespace_and_algorithms),
		cmocka_unit_test(key_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
