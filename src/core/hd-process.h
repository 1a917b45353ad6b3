/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Gives the memory freed in the process's heaps back to the system
 * (glibc's malloc_trim()): the blocks a burst of work freed (a board
 * column's ids, a search's results, the rows read to build the ticket
 * index) otherwise stay in the process, 4.6 MiB at 20 000 tickets on the
 * board benchmark (docs/board.md). Called when the work is done and the
 * app is idle, not after each piece: the heap's reuse of freed blocks is
 * what keeps a frame's paint surfaces from being mapped and faulted in
 * again each time (a fixed mmap threshold cost 2 ms a keystroke).
 */
void hd_process_release_memory (void);

G_END_DECLS
