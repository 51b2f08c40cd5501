/*
 * sigstate: see sigstate.h.
 */
#include "sigstate.h"
#include "history.h"
#include "i18n.h"
#include "sshsig.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[SIG_N] = {
	"none", "good", "unknown-key", "other-key", "invalid", "mismatch",
	"unverifiable"
};

const char *sig_state_name(enum sig_state s)
{
	return s < SIG_N ? names[s] : "?";
}

static int starts(const struct sbuf *b, const char *with)
{
	return b->len >= strlen(with) && !memcmp(b->s, with, strlen(with));
}

int commit_sig_load(struct commit_sig *out, struct repo *r, const char *id)
{
	int ret;

	memset(out, 0, sizeof(*out));
	out->why = "";
	if ((ret = history_signature(r, id, &out->sig, &out->data)) <= 0)
		return ret;
	if (starts(&out->sig, "-----BEGIN PGP SIGNATURE-----")) {
		out->format = "openpgp";
		out->state = SIG_UNVERIFIABLE;
		out->why = N_("an OpenPGP signature, which this tool does not "
			      "verify");
	} else if (starts(&out->sig, "-----BEGIN SIGNED MESSAGE-----")) {
		out->format = "x509";
		out->state = SIG_UNVERIFIABLE;
		out->why = N_("an X.509 signature, which this tool does not "
			      "verify");
	} else {
		out->format = "ssh";
		out->pending = 1;
	}
	return 0;
}

void commit_sig_check(struct commit_sig *s)
{
	struct sshsig v;

	if (!s->pending)
		return;
	s->pending = 0;
	sshsig_verify(&v, s->sig.s, s->sig.len, s->data.s, s->data.len,
		      "git");
	s->key = v.key;
	v.key = NULL;
	memcpy(s->fingerprint, v.fingerprint, sizeof(s->fingerprint));
	s->why = v.why;
	switch (v.status) {
	case SSHSIG_GOOD:
		s->state = SIG_GOOD;
		break;
	case SSHSIG_MISMATCH:
		s->state = SIG_MISMATCH;
		break;
	case SSHSIG_UNSUPPORTED:
		s->state = SIG_UNVERIFIABLE;
		break;
	case SSHSIG_MALFORMED:
	case SSHSIG_NAMESPACE:
		s->state = SIG_INVALID;
		break;
	}
	sshsig_release(&v);
	sbuf_release(&s->sig);
	sbuf_release(&s->data);
}

int commit_sig_read(struct commit_sig *out, struct repo *r, const char *id)
{
	if (commit_sig_load(out, r, id))
		return -1;
	commit_sig_check(out);
	return 0;
}

void commit_sig_release(struct commit_sig *s)
{
	if (!s)
		return;
	free(s->key);
	sbuf_release(&s->sig);
	sbuf_release(&s->data);
	memset(s, 0, sizeof(*s));
}
