/*
 * sshsig: see sshsig.h.  The checks follow OpenSSH's sshsig.c and
 * sshkey.c, so that what `ssh-keygen -Y verify` accepts is accepted here
 * and what it refuses is refused, with one difference meant for an
 * auditor: anything but white space after the armor's footer makes the
 * signature malformed (OpenSSH ignores it), so that no two texts of one
 * signature exist.
 */
#include "sshsig.h"
#include "i18n.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>

#define ARMOR_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define ARMOR_END "-----END SSH SIGNATURE-----"
#define MAGIC "SSHSIG"
#define MAGIC_LEN 6
#define SIG_VERSION 1
#define RSA_MIN_BITS 1024
#define RSA_MAX_BITS 16384

/* ---- base64 ---- */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Decode n bytes of base64 (white space skipped when skip_space) into a
 * new buffer; padding must be complete and its unused bits zero, so that
 * a blob has one text only.  0, or -1 when s is not such base64.
 */
static int b64_decode(unsigned char **out, size_t *out_len, const char *s,
		      size_t n, int skip_space)
{
	unsigned char *buf = xmalloc(n / 4 * 3 + 3);
	unsigned acc = 0;
	size_t i, len = 0, quads = 0;
	int got = 0, pad = 0;

	for (i = 0; i < n; i++) {
		int v, c = (unsigned char)s[i];

		if (skip_space && is_space(c))
			continue;
		if (c == '=') {
			/* "xx==" or "xxx=" and nothing after but padding */
			if (got < 2 || got + pad >= 4)
				goto bad;
			pad++;
			continue;
		}
		if (pad || (v = b64_value(c)) < 0)
			goto bad;
		acc = acc << 6 | (unsigned)v;
		if (++got == 4) {
			buf[len++] = (unsigned char)(acc >> 16);
			buf[len++] = (unsigned char)(acc >> 8);
			buf[len++] = (unsigned char)acc;
			acc = 0;
			got = 0;
			quads++;
		}
	}
	if (got + pad != 0 && got + pad != 4)
		goto bad;
	if (got == 2) {
		if (acc & 0xf)
			goto bad;
		buf[len++] = (unsigned char)(acc >> 4);
	} else if (got == 3) {
		if (acc & 0x3)
			goto bad;
		buf[len++] = (unsigned char)(acc >> 10);
		buf[len++] = (unsigned char)(acc >> 2);
	}
	if (!len)
		goto bad;
	*out = buf;
	*out_len = len;
	return 0;
bad:
	free(buf);
	return -1;
}

static void b64_encode(struct sbuf *b, const unsigned char *p, size_t n,
		       int pad)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 |
			     p[i + 2];

		sbuf_addc(b, b64[v >> 18 & 63]);
		sbuf_addc(b, b64[v >> 12 & 63]);
		sbuf_addc(b, b64[v >> 6 & 63]);
		sbuf_addc(b, b64[v & 63]);
	}
	if (n - i == 1) {
		sbuf_addc(b, b64[p[i] >> 2]);
		sbuf_addc(b, b64[(p[i] & 3) << 4]);
		if (pad)
			sbuf_adds(b, "==");
	} else if (n - i == 2) {
		unsigned v = (unsigned)p[i] << 8 | p[i + 1];

		sbuf_addc(b, b64[v >> 10]);
		sbuf_addc(b, b64[v >> 4 & 63]);
		sbuf_addc(b, b64[(v & 15) << 2]);
		if (pad)
			sbuf_addc(b, '=');
	}
}

/* ---- SSH wire format (RFC 4251) ---- */

struct rd {
	const unsigned char *p;
	size_t n;
};

static int get_u32(struct rd *r, unsigned long *v)
{
	if (r->n < 4)
		return -1;
	*v = (unsigned long)r->p[0] << 24 | (unsigned long)r->p[1] << 16 |
	     (unsigned long)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->n -= 4;
	return 0;
}

/* a string: its bytes stay in the reader's buffer */
static int get_string(struct rd *r, struct rd *s)
{
	unsigned long len;

	if (get_u32(r, &len) || len > r->n)
		return -1;
	s->p = r->p;
	s->n = len;
	r->p += len;
	r->n -= len;
	return 0;
}

static int is_str(const struct rd *s, const char *want)
{
	return s->n == strlen(want) && !memcmp(s->p, want, s->n);
}

/*
 * An mpint holding a positive number, written as OpenSSH writes it: no
 * sign bit set, no needless leading zero; its magnitude in *m.
 */
static int get_mpint(struct rd *r, struct rd *m, size_t max_bytes)
{
	if (get_string(r, m) || !m->n || m->p[0] & 0x80)
		return -1;
	if (m->p[0] == 0) {
		if (m->n == 1 || !(m->p[1] & 0x80))
			return -1;
		m->p++;
		m->n--;
	}
	return m->n > max_bytes ? -1 : 0;
}

/* ---- keys ---- */

enum key_type { KEY_ED25519, KEY_ECDSA, KEY_RSA };

static const struct curve {
	const char *type, *ssh_name, *group;
	size_t field;		/* bytes of a coordinate */
	const char *md;
} curves[] = {
	{ "ecdsa-sha2-nistp256", "nistp256", "prime256v1", 32, "SHA256" },
	{ "ecdsa-sha2-nistp384", "nistp384", "secp384r1", 48, "SHA384" },
	{ "ecdsa-sha2-nistp521", "nistp521", "secp521r1", 66, "SHA512" },
};

struct key {
	enum key_type type;
	const struct curve *curve;	/* for KEY_ECDSA */
	size_t rsa_bytes;		/* for KEY_RSA: the modulus' size */
	unsigned char ed25519[32];	/* for KEY_ED25519 */
	EVP_PKEY *pkey;			/* for the others */
};

/*
 * libcrypto reports an allocation that failed as a check that failed,
 * which would read as a signature that does not match.  Out of memory is
 * exit 2 in every tool, so its allocations go through xalloc, which says
 * so.  Set before libcrypto allocates anything: a constructor runs before
 * main, and libgit2 starts libcrypto only in git_libgit2_init.
 */
static void *crypto_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return n ? xmalloc(n) : NULL;
}

static void *crypto_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	if (!n) {
		free(p);
		return NULL;
	}
	return xrealloc(p, n);
}

static void crypto_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	free(p);
}

__attribute__((constructor)) static void crypto_memory(void)
{
	CRYPTO_set_mem_functions(crypto_malloc, crypto_realloc, crypto_free);
}

static EVP_PKEY *pkey_from(const char *alg, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	EVP_PKEY *pkey = NULL;

	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

static EVP_PKEY *ec_pkey(const struct curve *c, const struct rd *q)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *pkey = NULL;

	if (bld && OSSL_PARAM_BLD_push_utf8_string(bld,
			OSSL_PKEY_PARAM_GROUP_NAME, c->group, 0) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					     q->p, q->n))
		pkey = pkey_from("EC", bld);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

static EVP_PKEY *rsa_pkey(const struct rd *e, const struct rd *n)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn = BN_bin2bn(n->p, (int)n->n, NULL);
	BIGNUM *be = BN_bin2bn(e->p, (int)e->n, NULL);
	EVP_PKEY *pkey = NULL;

	if (bld && bn && be &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be))
		pkey = pkey_from("RSA", bld);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	return pkey;
}

/*
 * Parse a public key blob (RFC 4253 6.6, RFC 5656 3.1, RFC 8709 4); with
 * k NULL only its form is checked.  SSHSIG_GOOD, or the status with *why.
 */
static enum sshsig_status key_parse(struct key *k, const unsigned char *blob,
				    size_t len, const char **why)
{
	struct rd r = { blob, len }, type, a, b;
	size_t i;

	if (get_string(&r, &type)) {
		*why = N_("the public key is truncated");
		return SSHSIG_MALFORMED;
	}
	if (is_str(&type, "ssh-ed25519")) {
		if (get_string(&r, &a) || a.n != 32 || r.n)
			goto malformed;
		if (k) {
			k->type = KEY_ED25519;
			memcpy(k->ed25519, a.p, sizeof(k->ed25519));
		}
		return SSHSIG_GOOD;
	}
	if (is_str(&type, "ssh-rsa")) {
		if (get_mpint(&r, &a, 64) || get_mpint(&r, &b,
							 RSA_MAX_BITS / 8) ||
		    r.n)
			goto malformed;
		/* bits of the modulus, as BN_num_bits counts them */
		i = b.n * 8;
		for (unsigned char top = b.p[0]; !(top & 0x80); top <<= 1)
			i--;
		if (i < RSA_MIN_BITS) {
			*why = N_("the RSA key is shorter than 1024 bits");
			return SSHSIG_UNSUPPORTED;
		}
		if (k) {
			k->type = KEY_RSA;
			k->rsa_bytes = b.n;
			k->pkey = rsa_pkey(&a, &b);
		}
		goto made;
	}
	for (i = 0; i < sizeof(curves) / sizeof(*curves); i++) {
		const struct curve *c = &curves[i];

		if (!is_str(&type, c->type))
			continue;
		if (get_string(&r, &a) || !is_str(&a, c->ssh_name) ||
		    get_string(&r, &b) || b.n != 1 + 2 * c->field ||
		    b.p[0] != 4 || r.n)
			goto malformed;
		if (k) {
			k->type = KEY_ECDSA;
			k->curve = c;
			k->pkey = ec_pkey(c, &b);
		}
		goto made;
	}
	*why = N_("the key type is not one verified here (ssh-ed25519, "
		  "ecdsa-sha2-nistp256/384/521, ssh-rsa)");
	return SSHSIG_UNSUPPORTED;
made:
	if (k && !k->pkey) {
		ERR_clear_error();
		*why = N_("the public key is not a valid point or number");
		return SSHSIG_MALFORMED;
	}
	return SSHSIG_GOOD;
malformed:
	*why = N_("the public key is malformed");
	return SSHSIG_MALFORMED;
}

static char *key_text(const struct rd *blob)
{
	struct rd r = { blob->p, blob->n }, type;
	struct sbuf b = { 0 };

	if (get_string(&r, &type))
		return NULL;
	sbuf_add(&b, (const char *)type.p, type.n);
	sbuf_addc(&b, ' ');
	b64_encode(&b, blob->p, blob->n, 1);
	return sbuf_take(&b);
}

static void fingerprint(char out[64], const unsigned char *blob, size_t n)
{
	unsigned char md[32];
	struct sbuf b = { 0 };

	out[0] = '\0';
	if (!EVP_Digest(blob, n, md, NULL, EVP_sha256(), NULL)) {
		ERR_clear_error();
		return;
	}
	sbuf_adds(&b, "SHA256:");
	b64_encode(&b, md, sizeof(md), 0);
	snprintf(out, 64, "%s", b.s);
	sbuf_release(&b);
}

char *sshsig_key_text(const char *text, const char **why)
{
	const char *sp, *end;
	unsigned char *blob = NULL;
	size_t len;
	char *ret = NULL;
	struct rd type, r;

	*why = N_("not a public key in OpenSSH's form 'TYPE BASE64 "
		  "[COMMENT]'");
	if (!text || !(sp = strchr(text, ' ')) || sp == text)
		return NULL;
	for (end = sp + 1; *end && !is_space((unsigned char)*end); end++)
		;
	if (*end && *end != ' ')
		return NULL;
	if (b64_decode(&blob, &len, sp + 1, (size_t)(end - sp - 1), 0))
		return NULL;
	r.p = blob;
	r.n = len;
	if (get_string(&r, &type) || type.n != (size_t)(sp - text) ||
	    memcmp(type.p, text, type.n)) {
		*why = N_("the key's type and the type inside its base64 "
			  "differ");
		goto done;
	}
	if (key_parse(NULL, blob, len, why) != SSHSIG_GOOD)
		goto done;
	r.p = blob;
	r.n = len;
	ret = key_text(&r);
	*why = "";
done:
	free(blob);
	return ret;
}

void sshsig_key_fingerprint(char out[64], const char *key)
{
	const char *sp = key ? strchr(key, ' ') : NULL;
	unsigned char *blob;
	size_t len;

	out[0] = '\0';
	if (!sp || b64_decode(&blob, &len, sp + 1, strlen(sp + 1), 0))
		return;
	fingerprint(out, blob, len);
	free(blob);
}

/* ---- signatures ---- */

static void put_string(struct sbuf *b, const void *p, size_t n)
{
	unsigned char len[4] = {
		(unsigned char)(n >> 24), (unsigned char)(n >> 16),
		(unsigned char)(n >> 8), (unsigned char)n
	};

	sbuf_add(b, (const char *)len, 4);
	sbuf_add(b, p, n);
}

/* the DER form of an ECDSA signature from the SSH form (mpint r, s) */
static int ecdsa_der(unsigned char **out, size_t *out_len, struct rd *sig,
		     size_t field)
{
	struct rd r, s;
	ECDSA_SIG *es;
	BIGNUM *br, *bs;
	int n;

	if (get_mpint(sig, &r, field) || get_mpint(sig, &s, field) ||
	    sig->n)
		return -1;
	es = ECDSA_SIG_new();
	br = BN_bin2bn(r.p, (int)r.n, NULL);
	bs = BN_bin2bn(s.p, (int)s.n, NULL);
	if (!es || !br || !bs || !ECDSA_SIG_set0(es, br, bs)) {
		BN_free(br);
		BN_free(bs);
		ECDSA_SIG_free(es);
		ERR_clear_error();
		return -1;
	}
	*out = NULL;
	n = i2d_ECDSA_SIG(es, out);
	ECDSA_SIG_free(es);
	if (n <= 0) {
		ERR_clear_error();
		return -1;
	}
	*out_len = (size_t)n;
	return 0;
}

/*
 * Check signature blob sig (RFC 4253 6.6: string type, string bytes) by
 * key k over msg.  SSHSIG_GOOD or another status with *why.
 */
static enum sshsig_status key_verify(const struct key *k, struct rd sig,
				     const struct sbuf *msg, const char **why)
{
	struct rd type, bytes;
	const char *md = NULL;
	unsigned char *der = NULL, *padded = NULL;
	const unsigned char *s;
	size_t slen;
	EVP_MD_CTX *ctx = NULL;
	enum sshsig_status st = SSHSIG_MALFORMED;

	*why = N_("the signature blob is malformed");
	if (get_string(&sig, &type) || get_string(&sig, &bytes) || sig.n)
		return st;
	s = bytes.p;
	slen = bytes.n;
	switch (k->type) {
	case KEY_ED25519:
		if (!is_str(&type, "ssh-ed25519") || bytes.n != 64)
			return st;
		/* libsodium: twice as fast as libcrypto's EVP path here, and
		 * a plan's keys are mostly Ed25519 */
		if (crypto_sign_verify_detached(bytes.p,
				(const unsigned char *)msg->s, msg->len,
				k->ed25519)) {
			*why = N_("the signature does not verify: the signed "
				  "content or the signature was changed after "
				  "signing");
			return SSHSIG_MISMATCH;
		}
		*why = "";
		return SSHSIG_GOOD;
	case KEY_ECDSA:
		if (!is_str(&type, k->curve->type) ||
		    ecdsa_der(&der, &slen, &bytes, k->curve->field))
			return st;
		s = der;
		md = k->curve->md;
		break;
	case KEY_RSA:
		if (is_str(&type, "rsa-sha2-256")) {
			md = "SHA256";
		} else if (is_str(&type, "rsa-sha2-512")) {
			md = "SHA512";
		} else if (is_str(&type, "ssh-rsa")) {
			*why = N_("an RSA signature with SHA-1 (ssh-rsa), "
				  "which ssh-keygen refuses too");
			return SSHSIG_UNSUPPORTED;
		} else {
			return st;
		}
		if (!bytes.n || bytes.n > k->rsa_bytes)
			return st;
		if (bytes.n < k->rsa_bytes) {
			/* OpenSSH pads a short signature with zeros */
			padded = xcalloc(1, k->rsa_bytes);
			memcpy(padded + k->rsa_bytes - bytes.n, bytes.p,
			       bytes.n);
			s = padded;
			slen = k->rsa_bytes;
		}
		break;
	}
	st = SSHSIG_MISMATCH;
	*why = N_("the signature does not verify: the signed content or the "
		  "signature was changed after signing");
	ctx = EVP_MD_CTX_new();
	if (ctx && EVP_DigestVerifyInit_ex(ctx, NULL, md, NULL, NULL,
					   k->pkey, NULL) == 1 &&
	    EVP_DigestVerify(ctx, s, slen, (const unsigned char *)msg->s,
			     msg->len) == 1) {
		st = SSHSIG_GOOD;
		*why = "";
	}
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
	free(padded);
	return st;
}

/* the armor's base64 body: 0, or -1 when sig is not armored as it must */
static int dearmor(unsigned char **blob, size_t *len, const char *sig,
		   size_t n)
{
	size_t bl = strlen(ARMOR_BEGIN), el = strlen(ARMOR_END), at, i;

	if (n < bl || memcmp(sig, ARMOR_BEGIN, bl))
		return -1;
	at = bl;
	if (at < n && sig[at] == '\r')
		at++;
	if (at >= n || sig[at] != '\n')
		return -1;
	for (i = at; i + el <= n; i++)
		if (sig[i] == '-' && !memcmp(sig + i, ARMOR_END, el))
			break;
	if (i + el > n)
		return -1;
	for (size_t j = i + el; j < n; j++)
		if (!is_space((unsigned char)sig[j]))
			return -1;
	return b64_decode(blob, len, sig + at, i - at, 1);
}

int sshsig_verify(struct sshsig *out, const char *sig, size_t sig_len,
		  const char *data, size_t data_len, const char *ns)
{
	unsigned char *blob = NULL, hash[64];
	unsigned hash_len = 0;
	size_t len;
	struct rd r, key, got_ns, reserved, alg, inner;
	struct key k = { 0 };
	struct sbuf msg = { 0 };
	unsigned long version;
	const EVP_MD *md;

	memset(out, 0, sizeof(*out));
	if (sodium_init() < 0) {
		/* libsodium could not start: nothing is taken as verified */
		out->status = SSHSIG_UNSUPPORTED;
		out->why = N_("the cryptography library could not start");
		return 0;
	}
	out->status = SSHSIG_MALFORMED;
	out->why = N_("not an armored SSH signature");
	if (dearmor(&blob, &len, sig, sig_len))
		goto done;
	r.p = blob;
	r.n = len;
	out->why = N_("the signature is truncated or has trailing data");
	if (r.n < MAGIC_LEN || memcmp(r.p, MAGIC, MAGIC_LEN)) {
		out->why = N_("the signature does not start with SSHSIG");
		goto done;
	}
	r.p += MAGIC_LEN;
	r.n -= MAGIC_LEN;
	if (get_u32(&r, &version))
		goto done;
	if (version != SIG_VERSION) {
		out->why = N_("the signature's version is not 1");
		goto done;
	}
	if (get_string(&r, &key) || get_string(&r, &got_ns) ||
	    get_string(&r, &reserved) || get_string(&r, &alg) ||
	    get_string(&r, &inner) || r.n)
		goto done;
	if ((out->key = key_text(&key)))
		fingerprint(out->fingerprint, key.p, key.n);
	if ((out->status = key_parse(&k, key.p, key.n, &out->why)) !=
	    SSHSIG_GOOD)
		goto done;
	if (got_ns.n != strlen(ns) || memcmp(got_ns.p, ns, got_ns.n)) {
		out->status = SSHSIG_NAMESPACE;
		out->why = N_("the signature was made for another purpose "
			      "(its namespace is not the one expected)");
		goto done;
	}
	if (is_str(&alg, "sha256")) {
		md = EVP_sha256();
	} else if (is_str(&alg, "sha512")) {
		md = EVP_sha512();
	} else {
		out->status = SSHSIG_UNSUPPORTED;
		out->why = N_("the signature's hash is neither sha256 nor "
			      "sha512");
		goto done;
	}
	if (!EVP_Digest(data, data_len, hash, &hash_len, md, NULL)) {
		ERR_clear_error();
		out->status = SSHSIG_MISMATCH;
		out->why = N_("the signed content could not be hashed");
		goto done;
	}
	/* what was signed: the magic, the namespace, an empty reserved
	 * field, the hash's name and the hash of the message */
	sbuf_add(&msg, MAGIC, MAGIC_LEN);
	put_string(&msg, ns, strlen(ns));
	put_string(&msg, "", 0);
	put_string(&msg, alg.p, alg.n);
	put_string(&msg, hash, hash_len);
	out->status = key_verify(&k, inner, &msg, &out->why);
done:
	EVP_PKEY_free(k.pkey);
	sbuf_release(&msg);
	free(blob);
	return 0;
}

void sshsig_release(struct sshsig *s)
{
	if (!s)
		return;
	free(s->key);
	memset(s, 0, sizeof(*s));
}
