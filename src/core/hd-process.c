/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-process"

#include "config.h"

#include <stdlib.h>   /* defines __GLIBC__ */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "hd-process.h"

#define MMAP_THRESHOLD (256 * 1024)

void
hd_process_tune_memory (void)
{
#ifdef __GLIBC__
  /* Setting it fixes it: no more dynamic raising. */
  if (mallopt (M_MMAP_THRESHOLD, MMAP_THRESHOLD) != 1)
    g_debug ("Could not set the mmap threshold");
#endif
}
