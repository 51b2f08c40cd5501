/*
 * audit: prove from history alone that every recorded change of the plan
 * was valid and made by someone entitled to make it (docs/audit.md).  Run
 * over a range in CI, or as git's pre-receive hook on the server, where
 * it refuses a push that brings a commit breaking the rules.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "fileset.h"
#include "repo.h"
#include "source.h"
#include "xalloc.h"

static const char usage[] =
	N_("usage: plan audit [-C DIR] [--format text|json] [--pusher ID] "
	"[-q]\n"
	"                  [REVISION-RANGE]\n"
	"   or: plan audit [-C DIR] --pre-receive [--pusher ID] [--protect "
	"REF]...");

static const char help[] =
	N_("Check that every commit after the plan's founding commit records "
	"a\n"
	"valid plan and that each of its changes was made by a committer\n"
	"entitled to it: progress fields by a unit responsible for the task\n"
	"or the administrator, everything else by the administrator alone.\n"
	"Rights are read from each commit's first parent (docs/audit.md).\n"
	"A commit's SSH signature must verify and be made with a key its\n"
	"author's unit lists; with 'signatures: required' in plan.yaml every\n"
	"commit must be so signed.\n"
	"\n"
	"  -C, --repo DIR     the repository (default: the one around .)\n"
	"      --format FMT   text (default) or json\n"
	"      --pusher ID    the authenticated pusher (address or account\n"
	"                     name); each change must be allowed for it too\n"
	"      --pre-receive  run as git's pre-receive hook: read the\n"
	"                     'OLD NEW REF' lines on standard input and check\n"
	"                     the commits the push brings that no ref\n"
	"                     reaches yet\n"
	"      --protect REF  with --pre-receive: refuse deleting REF or\n"
	"                     rewriting its history (repeatable; default\n"
	"                     refs/heads/main)\n"
	"  -q, --quiet        no closing summary line\n"
	"  -h, --help         this text\n"
	"      --lang LANG    zh or en (default: the locale's language,\n"
	"                     else the plan's language:, else en)\n"
	"      --version      the version\n"
	"\n"
	"REVISION-RANGE is A..B or a revision (default: all of HEAD's\n"
	"history).  With --pre-receive the pusher is also read from\n"
	"GITEA_PUSHER_EMAIL (Gitea), GL_USERNAME or GL_ID (GitLab) when\n"
	"--pusher is not given.\n"
	"\n"
	"Exit status: 0 every change allowed (push accepted), 1 findings\n"
	"(push refused), 2 usage or environment error.\n"
	"\n"
	"Examples:\n"
	"  plan audit                          the whole history of HEAD\n"
	"  plan audit origin/main..HEAD        what a merge request adds (CI)\n"
	"  plan audit --format json HEAD~5..   findings for other programs\n"
	"  plan audit --pre-receive            in hooks/pre-receive on the "
	"server\n"
	"  plan audit --pre-receive --protect refs/heads/main --protect "
	"refs/heads/2011\n");

struct audit_opts {
	const char *dir;
	const char *range;
	const char *pusher;
	char **protect;
	size_t n_protect;
	int json, quiet, pre_receive;
};

static int parse_opts(struct audit_opts *o, int argc, char **argv)
{
	enum { OPT_FORMAT = CLI_OPT_FIRST, OPT_PUSHER, OPT_PRE,
	       OPT_PROTECT };
	static const struct option longs[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "pusher", required_argument, NULL, OPT_PUSHER },
		{ "pre-receive", no_argument, NULL, OPT_PRE },
		{ "protect", required_argument, NULL, OPT_PROTECT },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_LONG_OPTIONS
	};
	size_t cap = 0;
	int c;

	while ((c = getopt_long(argc, argv, ":C:qh", longs, NULL)) != -1) {
		switch (c) {
		case 'C': o->dir = optarg; break;
		case 'q': o->quiet = 1; break;
		case OPT_PUSHER: o->pusher = optarg; break;
		case OPT_PRE: o->pre_receive = 1; break;
		case OPT_PROTECT:
			XGROW(o->protect, cap, o->n_protect + 1);
			/* "main" means the branch, as git push reads it */
			o->protect[o->n_protect++] =
				strncmp(optarg, "refs/", 5) ?
				xasprintf("refs/heads/%s", optarg) :
				xstrdup(optarg);
			break;
		case OPT_FORMAT:
			if (cli_text_or_json(&o->json, usage, optarg))
				return EXIT_TROUBLE;
			break;
		default:
			if (cli_option(c, usage, help, argv))
				return EXIT_TROUBLE;
			break;
		}
	}
	if (argc - optind > 1)
		return diag_usage(usage, _("one revision range at most"));
	if (argc > optind && o->pre_receive)
		return diag_usage(usage, _("--pre-receive reads the pushed refs "
				     "from standard input, not from arguments"));
	if (o->n_protect && !o->pre_receive)
		return diag_usage(usage, _("--protect needs --pre-receive"));
	o->range = argc > optind ? argv[optind] : NULL;
	if (o->pre_receive && !o->n_protect) {
		o->protect = xmalloc(sizeof(*o->protect));
		o->protect[o->n_protect++] = xstrdup("refs/heads/main");
	}
	return 0;
}

/*
 * Who the server says is pushing (docs/audit.md, "Who pushed"): Gitea's
 * address, or an account name (GitLab's GL_USERNAME, a web server's
 * REMOTE_USER) turned into an address by the server's own git config
 * plan.account.NAME, which no push can change.  An unmapped account
 * stays a name, which matches no committer.  A variable that is set but
 * empty is a broken setup: -1 after diag_fail, never "no pusher".
 * *out is NULL when the server names nobody; else the caller frees it.
 */
static int server_pusher(char **out, struct repo *r)
{
	static const char *const vars[] = {
		"GITEA_PUSHER_EMAIL", "GL_USERNAME", "REMOTE_USER", "GL_ID"
	};
	const char *v = NULL;
	char *key, *mapped = NULL;
	size_t i;
	int found;

	*out = NULL;
	for (i = 0; i < sizeof(vars) / sizeof(*vars) && !v; i++) {
		v = getenv(vars[i]);
		if (v && !*v)
			return diag_fail(_("%s is set but empty: the server "
					   "does not say who is pushing, so "
					   "nothing can be accepted"),
					 vars[i]), -1;
	}
	if (!v)
		return 0;
	if (strchr(v, '@')) {
		*out = xstrdup(v);
		return 0;
	}
	key = xasprintf("plan.account.%s", v);
	found = repo_config_get(&mapped, r, key);
	free(key);
	if (found < 0)
		return -1;
	*out = mapped ? mapped : xstrdup(v);
	return 0;
}

/* how many audited commits carry which signature (docs/audit.md) */
static void sig_summary(FILE *f, const struct auth *a)
{
	static const char *const label[SIG_N] = {
		[SIG_NONE] = N_("not signed"),
		[SIG_GOOD] = N_("signed with the author's key"),
		[SIG_UNKNOWN_KEY] = N_("signed with a key no unit lists"),
		[SIG_OTHER_KEY] = N_("signed with another person's key"),
		[SIG_INVALID] = N_("signature invalid"),
		[SIG_MISMATCH] = N_("signature not matching the commit"),
		[SIG_UNVERIFIABLE] = N_("signature not verifiable here"),
	};
	size_t i, total = 0;
	const char *sep = "";

	for (i = 0; i < SIG_N; i++)
		total += a->sigs[i];
	if (total == a->sigs[SIG_NONE])
		return;		/* nobody signs yet: nothing to tell */
	fputs(_("audit: signatures:"), f);
	for (i = 0; i < SIG_N; i++) {
		if (!a->sigs[i])
			continue;
		fprintf(f, "%s %zu %s", sep, a->sigs[i], _(label[i]));
		sep = ",";
	}
	fputc('\n', f);
}

static void summary(const struct audit_opts *o, const struct auth *a)
{
	/* a hook's stdout and stderr both reach the pusher; the verdict goes
	 * last, after the findings */
	FILE *f = o->pre_receive ? stderr : stdout;

	fflush(stdout);
	if (o->pre_receive && a->n) {
		fprintf(f, ngettext("audit: push refused: %zu finding (rules: "
				    "docs/audit.md)\n",
				    "audit: push refused: %zu findings (rules: "
				    "docs/audit.md)\n", (unsigned long)a->n),
			a->n);
		/* the way back, in words a clerk can follow (docs/audit.md,
		 * "After a refused push") */
		fprintf(f, _("audit: nothing of this push has landed.  To send "
			     "what you may change and drop the rest:\n"
			     "audit:   git reset --soft origin/%s    (your "
			     "commits undone, your edits kept)\n"
			     "audit:   git restore --staged --worktree FILE    "
			     "(each file named above that is not yours to "
			     "change)\n"
			     "audit:   git commit -m \"...\" && git push\n"
			     "audit: a later commit that puts a value back does "
			     "not excuse an earlier one: each commit that lands "
			     "is audited by itself\n"),
			o->n_protect && !strncmp(o->protect[0], "refs/heads/",
						 11) ? o->protect[0] + 11 :
			"main");
	} else if (o->pre_receive)
		fprintf(f, ngettext("audit: push accepted: %zu commit checked\n",
				    "audit: push accepted: %zu commits "
				    "checked\n", a->checked), a->checked);
	else if (o->range && !a->checked && !a->skipped)
		/* a routine CI run with nothing new: say so, not "not
		 * founded" */
		fprintf(f, _("audit: the range %s holds no commit: nothing "
			     "to check\n"), o->range);
	else if (a->founding[0] || a->checked) {
		/* TRANSLATORS: the first part of "audit: 16 commits checked
		 * since the founding commit 76da96c58b, 1 not audited ...:
		 * 9 findings" */
		if (a->founding[0])
			fprintf(f, ngettext("audit: %zu commit checked since "
					    "the founding commit %.10s",
					    "audit: %zu commits checked since "
					    "the founding commit %.10s",
					    a->checked), a->checked,
				a->founding);
		else
			fprintf(f, ngettext("audit: %zu commit checked (the "
					    "plan was founded before the "
					    "range)",
					    "audit: %zu commits checked (the "
					    "plan was founded before the "
					    "range)", a->checked), a->checked);
		fprintf(f, _(", %zu not audited (before the founding commit, "
			     "or outside the plan)"), a->skipped);
		fprintf(f, ngettext(": %zu finding", ": %zu findings", a->n),
			a->n);
		if (a->n_warnings)
			fprintf(f, ngettext(", %zu warning", ", %zu warnings",
					    a->n_warnings), a->n_warnings);
		fputc('\n', f);
	} else {
		fprintf(f, ngettext("audit: the plan is not founded yet (no "
				    "unit lists committers): %zu commit not "
				    "audited\n",
				    "audit: the plan is not founded yet (no "
				    "unit lists committers): %zu commits not "
				    "audited\n", a->skipped), a->skipped);
	}
	if (!o->pre_receive)
		sig_summary(f, a);
}

/*
 * The language: plan.yaml's at HEAD, when neither --lang nor the locale
 * chose (i18n.h).  A repository without commits, or a HEAD that cannot be
 * read, says nothing here: the audit itself reports that.
 */
static void plan_language(struct repo *r)
{
	struct fileset fs = { 0 };

	if (repo_has_head(r) && !repo_fileset_rev_of(&fs, r, "HEAD", 0))
		source_plan_language(&fs);
	fileset_release(&fs);
}

int main(int argc, char **argv)
{
	struct audit_opts o = { 0 };
	struct plan_source src = { 0 };
	struct repo *r;
	struct auth a = { 0 };
	char *pusher = NULL;
	size_t i;
	int ret, empty;

	diag_set_program("audit");
	if ((ret = parse_opts(&o, argc, argv)))
		goto out;
	repo_init();
	ret = EXIT_TROUBLE;
	/* from the environment: a hook's objects are in quarantine */
	src.dir = o.dir;
	if (source_repo(&r, &src, 0))
		goto done;
	/* under a server's LANG=C, the plan's own language */
	plan_language(r);
	if (o.pre_receive && !o.pusher) {
		if (server_pusher(&pusher, r))
			goto done;
		o.pusher = pusher;
	}
	auth_init(&a, r, o.pusher);
	a.record_sigs = o.json;
	if (o.pre_receive) {
		if (auth_pre_receive(&a, stdin, o.protect, o.n_protect))
			goto done;
	} else if (!o.range && (empty = repo_is_empty(r)) != 0) {
		/* nothing recorded yet, nothing to audit; or HEAD cannot be
		 * read, which must never pass as "nothing to audit" */
		if (empty < 0)
			goto done;	/* repo_is_empty said why */
	} else {
		if (auth_walk(&a, o.range))
			goto done;
	}
	if (o.json)
		auth_print_json(stdout, &a);
	else
		auth_print_text(stdout, &a);
	if (!o.quiet && !o.json)
		summary(&o, &a);
	else if (o.pre_receive && a.n)
		summary(&o, &a);
	ret = a.n ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	free(pusher);
	auth_release(&a);
	source_close(&src);
	repo_shutdown();
out:
	for (i = 0; i < o.n_protect; i++)
		free(o.protect[i]);
	free(o.protect);
	return diag_finish(ret);
}
