/*
 * pgen: synthetic plans for the benchmark, in the plan's own format
 * (docs/format.md), made from a seed so that every run measures the same
 * bytes.  A province is modelled as up to eleven cities, each with its
 * departments, counties, development zones and the two group units the
 * plan's wording uses (各县(市、区), 市直开发区(新区)); the text of a task is
 * assembled from phrases in the style of the city's plan, about 1.1 KB a
 * file.  Every plan made here passes bin/validate: ids match file names,
 * every unit named exists, status and progress agree.
 *
 * Ownership: pgen_make fills a plan the caller releases with pgen_release;
 * the text of every task belongs to the plan.  A pbuf starts zeroed and is
 * released with pbuf_release.
 */
#ifndef PGEN_H
#define PGEN_H

#include <stddef.h>
#include <stdint.h>

/* a growable, always NUL-terminated byte buffer */
struct pbuf {
	char *s;
	size_t len, cap;
};

void pbuf_add(struct pbuf *b, const char *s, size_t n);
void pbuf_adds(struct pbuf *b, const char *s);
void pbuf_printf(struct pbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pbuf_release(struct pbuf *b);

/* splitmix64: small, fast, and the same sequence on every machine */
struct prng {
	uint64_t s;
};

uint64_t prng_next(struct prng *r);
/* uniform in 0 .. n-1 (n > 0) */
unsigned prng_below(struct prng *r, unsigned n);
/* 1 with probability p */
int prng_chance(struct prng *r, double p);

enum { PGEN_OP_GE, PGEN_OP_LE, PGEN_OP_EQ, PGEN_OP_ABOUT };
enum {
	PGEN_NOT_STARTED, PGEN_IN_PROGRESS, PGEN_AT_RISK, PGEN_DONE
};

#define PGEN_MAX_IND 4
#define PGEN_MAX_ROLE 4
#define PGEN_MAX_MEMBERS 16

struct pgen_indicator {
	const char *name, *unit;	/* static text */
	int op;
	double target;
	int has_actual;
	double actual;
};

struct pgen_task {
	int id, category, city;
	char *content, *target, *units_text;	/* owned */
	int lead[PGEN_MAX_ROLE], n_lead;	/* indexes into units */
	int coop[PGEN_MAX_ROLE], n_coop;
	int impl[PGEN_MAX_ROLE], n_impl;
	struct pgen_indicator ind[PGEN_MAX_IND];
	int n_ind;
	char deadline[11];
	int status, progress;
	char as_of[11];		/* "" for null */
	char *note;		/* owned, never NULL */
};

struct pgen_unit {
	char id[24];
	char name[96];
	char alias[64];		/* "" when none */
	const char *kind;	/* "department", "county", ... */
	int members[PGEN_MAX_MEMBERS], n_members;
	int admin;
	int n_extra;		/* committers added after the founding */
};

struct pgen_plan {
	char title[160];
	int year;
	int n_cities;
	struct pgen_unit *units;
	int n_units;
	struct pgen_task *tasks;
	int n_tasks;
	int admin;		/* index of the administrator unit */
};

extern const char *const pgen_categories[13];

/*
 * Make a plan of n_tasks tasks over n_cities cities (1..11; one city is
 * the city of the seed, Shaoxing).  progress_mix: 0 leaves every task
 * not_started, as a plan is on the day it is published; 1 spreads the
 * tasks over all statuses, as a plan is in mid-year.
 */
void pgen_make(struct pgen_plan *p, uint64_t seed, int n_tasks,
	       int n_cities, int progress_mix);
void pgen_release(struct pgen_plan *p);

/* the file texts, appended to b */
void pgen_task_yaml(struct pbuf *b, const struct pgen_plan *p,
		    const struct pgen_task *t);
void pgen_unit_yaml(struct pbuf *b, const struct pgen_plan *p,
		    const struct pgen_unit *u);
void pgen_plan_yaml(struct pbuf *b, const struct pgen_plan *p);
/* "tasks/07.yaml", "units/sx-jxw.yaml" */
void pgen_task_path(char *out, size_t n, const struct pgen_task *t);
void pgen_unit_path(char *out, size_t n, const struct pgen_unit *u);

/* a sentence of progress for a department's note, appended to b */
void pgen_note(struct pbuf *b, struct prng *r, const char *date);
/* a committer of unit u: "王伟", "wangwei@sx-jxw.zj.gov.cn" (k picks one
 * of a few people per unit) */
void pgen_person(char *name, size_t nn, char *email, size_t ne,
		 const struct pgen_unit *u, unsigned k);
/* the committer pattern of unit u: "*@sx-jxw.zj.gov.cn" */
void pgen_unit_domain(char *out, size_t n, const struct pgen_unit *u);

/* "YYYY-MM-DD" of t (seconds since the epoch) at UTC+8 */
void pgen_date(char out[11], int64_t t);

#endif
