/*
 * parallel: the same work over many independent items, on all cores.
 * Reading and parsing ten thousand task files is work each file does on
 * its own; the callers gather the results in item order afterwards, so
 * what they build is the same as on one thread.
 *
 * Ownership: nothing is allocated; ctx stays the caller's.
 */
#ifndef PARALLEL_H
#define PARALLEL_H

#include <stddef.h>

/*
 * Call fn(ctx, i) once for every i below n.  When heavy is set, on one
 * thread per online CPU (at most 8), the calling one among them, each
 * taking every k-th i; otherwise in the calling thread, in order.  fn
 * must touch nothing that another i touches.  A thread that cannot be
 * started leaves its share to the calling thread.
 */
void parallel_each(size_t n, int heavy, void (*fn)(void *ctx, size_t i),
		   void *ctx);

#endif
