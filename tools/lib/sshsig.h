/*
 * sshsig: OpenSSH's signature format (PROTOCOL.sshsig in OpenSSH's
 * sources), as `git commit -S` writes it with gpg.format=ssh and as
 * `ssh-keygen -Y verify` checks it: an armored blob "-----BEGIN SSH
 * SIGNATURE-----" holding the signer's public key, a namespace ("git"
 * for commits), a hash algorithm (sha256 or sha512) and a signature over
 * the namespace, the hash algorithm and the hash of the message.
 *
 * Keys verified: ssh-ed25519, ecdsa-sha2-nistp256 and ssh-rsa (at least
 * 1024 bits, signatures rsa-sha2-256 or rsa-sha2-512: SHA-1 signatures are
 * refused, as ssh-keygen refuses them).  Ed25519, the key ssh-keygen
 * makes by default, is verified with libsodium (about 40 us a signature
 * against 90 us through libcrypto's EVP interface: audit verifies one per
 * commit); ECDSA and RSA, which administrations' smart cards and policies
 * give, with OpenSSL's libcrypto.  Nothing here spawns a process.
 *
 * Public keys are written as in an authorized_keys or allowed-signers
 * file: "TYPE BASE64 [COMMENT]".  Such a text and the key in a signature
 * are compared by the canonical form "TYPE BASE64" (sshsig_key_text).
 *
 * Ownership: a struct sshsig is filled by sshsig_verify and emptied by
 * sshsig_release; strings in it are owned by it, except why, which is
 * static.  Thread-safe: no state is kept between calls.
 */
#ifndef SSHSIG_H
#define SSHSIG_H

#include <stddef.h>

enum sshsig_status {
	SSHSIG_GOOD,		/* the key signed exactly these bytes */
	SSHSIG_MISMATCH,	/* well-formed, but the signature does not
				 * verify over these bytes with its key
				 * (other content, or a forged signature) */
	SSHSIG_MALFORMED,	/* not a well-formed SSH signature */
	SSHSIG_NAMESPACE,	/* a signature made for another namespace */
	SSHSIG_UNSUPPORTED	/* a key type, hash or signature algorithm
				 * not verified here (SHA-1 RSA, DSA,
				 * security keys, other curves) */
};

struct sshsig {
	enum sshsig_status status;
	char *key;		/* "TYPE BASE64" of the signer's public key,
				 * NULL when the blob did not parse that far */
	char fingerprint[64];	/* "SHA256:..." as ssh-keygen -l shows it,
				 * "" without a key */
	const char *why;	/* static English text, marked N_ for the
				 * catalogue: what is wrong; "" for a good
				 * signature */
};

/*
 * Verify the armored signature sig (sig_len bytes) over data (data_len
 * bytes) in namespace ns.  Returns 0 with the verdict in *out (a bad
 * signature is a verdict, not a failure); the caller releases *out.
 */
int sshsig_verify(struct sshsig *out, const char *sig, size_t sig_len,
		  const char *data, size_t data_len, const char *ns);
void sshsig_release(struct sshsig *s);

/*
 * A public key's canonical text "TYPE BASE64" from text "TYPE BASE64
 * [COMMENT]": returns it (the caller frees it), or NULL with *why set
 * (static English text) when text is not a public key of a supported type
 * whose blob names that same type.
 */
char *sshsig_key_text(const char *text, const char **why);

/* "SHA256:..." of a canonical key text (sshsig_key_text); "" if none */
void sshsig_key_fingerprint(char out[64], const char *key);

#endif
