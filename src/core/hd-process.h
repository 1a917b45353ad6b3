/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Settings of the whole process, made once at the start of main().
 *
 * Memory: glibc serves blocks of 256 KiB and more (a board column's ids,
 * the ticket index, a search's results) from their own mappings, given back
 * to the system when freed. By default glibc raises that threshold to the
 * largest block freed so far, after which such blocks come from the heap
 * and, freed, stay in the process: 4.6 MiB more at 20 000 tickets on the
 * board benchmark (docs/board.md).
 */
void hd_process_tune_memory (void);

G_END_DECLS
