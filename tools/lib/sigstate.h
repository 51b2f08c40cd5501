/*
 * sigstate: the signature of a commit, as mathematics alone tells it.
 * The signature git records in a commit's gpgsig header (history.h) is
 * checked in process: an SSH signature (gpg.format ssh) by sshsig.h in
 * the namespace "git", as `git verify-commit` asks ssh-keygen to; an
 * OpenPGP or X.509 signature is recognised, never verified.  Whose key
 * signed is the caller's question: auth.c asks the units (docs/audit.md).
 *
 * Ownership: a struct commit_sig is filled by commit_sig_read and
 * emptied by commit_sig_release; why is static.
 */
#ifndef SIGSTATE_H
#define SIGSTATE_H

#include "repo.h"
#include "xalloc.h"

enum sig_state {
	SIG_NONE,		/* not signed */
	SIG_GOOD,		/* verifies with its key, and (audit) the
				 * key is the author's */
	SIG_UNKNOWN_KEY,	/* verifies; no unit lists the key */
	SIG_OTHER_KEY,		/* verifies; a unit lists the key for
				 * another address than the author's */
	SIG_INVALID,		/* not a well-formed SSH signature for git
				 * (garbled, another namespace) */
	SIG_MISMATCH,		/* well-formed, but does not verify over
				 * this commit */
	SIG_UNVERIFIABLE,	/* OpenPGP, X.509, or an SSH key or hash
				 * this tool does not verify */
	SIG_N
};

/* "none", "good", "unknown-key", "other-key", "invalid", "mismatch",
 * "unverifiable": the names JSON and the documentation use */
const char *sig_state_name(enum sig_state s);

struct commit_sig {
	enum sig_state state;	/* SIG_NONE, SIG_GOOD (the key verifies
				 * it; whose it is not asked yet),
				 * SIG_INVALID, SIG_MISMATCH or
				 * SIG_UNVERIFIABLE */
	const char *format;	/* "ssh", "openpgp", "x509", or NULL */
	char *key;		/* "TYPE BASE64" of an SSH signer, or NULL */
	char fingerprint[64];	/* "SHA256:..." of key, or "" */
	const char *why;	/* static English text (N_): what is wrong */
	int pending;		/* read, not yet checked: */
	struct sbuf sig, data;	/* the signature and what it signs */
};

/*
 * Read commit id's signature (libgit2: in the thread that owns r), to be
 * checked by commit_sig_check: 0, or -1 after diag_fail.
 */
int commit_sig_load(struct commit_sig *out, struct repo *r, const char *id);
/* Check what commit_sig_load read: arithmetic alone, in any thread. */
void commit_sig_check(struct commit_sig *s);
/* Both at once. */
int commit_sig_read(struct commit_sig *out, struct repo *r, const char *id);
void commit_sig_release(struct commit_sig *s);

#endif
