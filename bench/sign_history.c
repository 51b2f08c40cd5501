/*
 * sign_history: rewrite a branch so that every commit carries an SSH
 * signature (the SSHSIG format `git commit -S` writes with
 * gpg.format=ssh), for the benchmark of audit over signed history.  The
 * trees, authors, dates and messages stay; only the signatures (and so
 * the ids) are new.  One Ed25519 key, made here, signs everything; its
 * public key is printed in OpenSSH's form.  The rewritten commits are
 * loose objects: repack afterwards.
 *
 * Usage: sign_history -C REPO [REF...]   (default refs/heads/main)
 *
 * The REFs are rewritten together: a branch that grows from another
 * (push-1 from main) stays grown from its signed copy.
 */
#include <git2.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static void add(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* an SSH string: its length, big-endian, then its bytes */
static void add_string(struct buf *b, const void *p, size_t n)
{
	unsigned char len[4] = { n >> 24, n >> 16, n >> 8, n };

	add(b, len, 4);
	add(b, p, n);
}

static void add_base64(struct buf *b, const unsigned char *p, size_t n,
		       int wrap)
{
	static const char t[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, col = 0;

	for (i = 0; i < n; i += 3) {
		unsigned v = p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		char q[4] = { t[v >> 18 & 63], t[v >> 12 & 63],
			      i + 1 < n ? t[v >> 6 & 63] : '=',
			      i + 2 < n ? t[v & 63] : '=' };

		for (int k = 0; k < 4; k++) {
			if (wrap && col == 70) {
				add(b, "\n", 1);
				col = 0;
			}
			add(b, &q[k], 1);
			col++;
		}
	}
}

struct signer {
	EVP_PKEY *key;
	struct buf pub;		/* the public key blob */
};

/* the armored signature of data in namespace "git", NUL-terminated */
static char *sign(const struct signer *s, const char *data, size_t len)
{
	unsigned char hash[64], sig[64];
	size_t sig_len = sizeof(sig);
	struct buf msg = { 0 }, inner = { 0 }, blob = { 0 }, out = { 0 };
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	EVP_Digest(data, len, hash, NULL, EVP_sha512(), NULL);
	add(&msg, "SSHSIG", 6);
	add_string(&msg, "git", 3);
	add_string(&msg, "", 0);
	add_string(&msg, "sha512", 6);
	add_string(&msg, hash, sizeof(hash));
	if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, s->key) != 1 ||
	    EVP_DigestSign(ctx, sig, &sig_len, msg.p, msg.n) != 1)
		abort();
	EVP_MD_CTX_free(ctx);
	add_string(&inner, "ssh-ed25519", 11);
	add_string(&inner, sig, sig_len);
	add(&blob, "SSHSIG\0\0\0\1", 10);
	add_string(&blob, s->pub.p, s->pub.n);
	add_string(&blob, "git", 3);
	add_string(&blob, "", 0);
	add_string(&blob, "sha512", 6);
	add_string(&blob, inner.p, inner.n);
	add(&out, "-----BEGIN SSH SIGNATURE-----\n", 30);
	add_base64(&out, blob.p, blob.n, 1);
	add(&out, "\n-----END SSH SIGNATURE-----\0", 29);
	free(msg.p);
	free(inner.p);
	free(blob.p);
	return (char *)out.p;
}

/* old id -> new id, open addressing */
struct map {
	git_oid *from, *to;
	size_t cap;
};

static size_t slot(const struct map *m, const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	for (h &= m->cap - 1; !git_oid_is_zero(&m->from[h]) &&
	     git_oid_cmp(&m->from[h], id); h = (h + 1) & (m->cap - 1))
		;
	return h;
}

static int fail(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "sign_history: error: %s: %s\n", what,
		e ? e->message : "unknown error");
	return 2;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *deflt = "refs/heads/main";
	const char **refs = NULL;
	size_t n_refs = 0, j;
	git_repository *repo = NULL;
	git_revwalk *walk = NULL;
	struct signer s = { 0 };
	struct map m = { 0 };
	EVP_PKEY_CTX *kctx;
	unsigned char raw[32];
	size_t raw_len = sizeof(raw), n = 0, count = 0;
	struct buf line = { 0 };
	git_oid id, last;
	int i;

	refs = calloc((size_t)argc + 1, sizeof(*refs));
	for (i = 1; refs && i < argc; i++) {
		if (!strcmp(argv[i], "-C") && i + 1 < argc)
			dir = argv[++i];
		else if (argv[i][0] != '-')
			refs[n_refs++] = argv[i];
		else
			break;
	}
	if (!refs || !dir || i < argc) {
		fprintf(stderr, "usage: sign_history -C REPO [REF...]\n");
		return 2;
	}
	if (!n_refs)
		refs[n_refs++] = deflt;
	kctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	if (!kctx || EVP_PKEY_keygen_init(kctx) != 1 ||
	    EVP_PKEY_keygen(kctx, &s.key) != 1 ||
	    EVP_PKEY_get_raw_public_key(s.key, raw, &raw_len) != 1)
		abort();
	EVP_PKEY_CTX_free(kctx);
	add_string(&s.pub, "ssh-ed25519", 11);
	add_string(&s.pub, raw, raw_len);

	git_libgit2_init();
	if (git_repository_open(&repo, dir))
		return fail(dir);
	if (git_revwalk_new(&walk, repo))
		return fail("walk");
	for (j = 0; j < n_refs; j++)
		if (git_revwalk_push_ref(walk, refs[j]))
			return fail(refs[j]);
	while (!git_revwalk_next(&id, walk))
		n++;
	for (m.cap = 1024; m.cap < n * 2; m.cap *= 2)
		;
	m.from = calloc(m.cap, sizeof(*m.from));
	m.to = calloc(m.cap, sizeof(*m.to));
	if (!m.from || !m.to)
		abort();
	git_revwalk_reset(walk);
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	for (j = 0; j < n_refs; j++)
		git_revwalk_push_ref(walk, refs[j]);
	while (!git_revwalk_next(&id, walk)) {
		git_commit *c, *parents[16];
		git_tree *tree;
		git_buf content = GIT_BUF_INIT;
		size_t np, k;
		char *sig;

		if (git_commit_lookup(&c, repo, &id) ||
		    git_commit_tree(&tree, c))
			return fail("read a commit");
		np = git_commit_parentcount(c);
		if (np > 16)
			return fail("an octopus of over 16 parents");
		for (k = 0; k < np; k++) {
			size_t h = slot(&m, git_commit_parent_id(c, k));

			if (git_commit_lookup(&parents[k], repo,
					      git_oid_is_zero(&m.from[h]) ?
					      git_commit_parent_id(c, k) :
					      &m.to[h]))
				return fail("read a parent");
		}
		if (git_commit_create_buffer(&content, repo,
				git_commit_author(c), git_commit_committer(c),
				git_commit_message_encoding(c),
				git_commit_message(c), tree, np,
				(const git_commit **)parents))
			return fail("make a commit");
		sig = sign(&s, content.ptr, content.size);
		if (git_commit_create_with_signature(&last, repo, content.ptr,
						     sig, NULL))
			return fail("write a commit");
		k = slot(&m, &id);
		m.from[k] = id;
		m.to[k] = last;
		free(sig);
		git_buf_dispose(&content);
		for (k = 0; k < np; k++)
			git_commit_free(parents[k]);
		git_tree_free(tree);
		git_commit_free(c);
		count++;
	}
	for (j = 0; j < n_refs; j++) {
		git_reference *r = NULL;
		git_oid old;
		size_t h;

		if (git_reference_name_to_id(&old, repo, refs[j]))
			return fail(refs[j]);
		h = slot(&m, &old);
		if (git_oid_is_zero(&m.from[h]))
			continue;
		if (git_reference_create(&r, repo, refs[j], &m.to[h], 1,
					 "sign_history"))
			return fail(refs[j]);
		git_reference_free(r);
	}
	add(&line, "ssh-ed25519 ", 12);
	add_base64(&line, s.pub.p, s.pub.n, 0);
	add(&line, "\0", 1);
	printf("%s\n", (char *)line.p);
	fprintf(stderr, "sign_history: %zu commits signed\n", count);
	free(refs);
	git_revwalk_free(walk);
	git_repository_free(repo);
	git_libgit2_shutdown();
	EVP_PKEY_free(s.key);
	return 0;
}
