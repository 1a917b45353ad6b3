/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-process"

#include "config.h"

#include <stdlib.h>   /* defines __GLIBC__ */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "hd-process.h"

void
hd_process_release_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
