/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  HD_DUE_NONE,     /* no deadline */
  HD_DUE_OK,
  HD_DUE_SOON,     /* less than a quarter of a day, or of the target, left */
  HD_DUE_OVERDUE,
} HdDueState;

/* "in 3 h 20 min", "overdue 2 h", "in 4 days": a deadline relative to now. */
char       *hd_due_format     (gint64 due,
                               gint64 now);
HdDueState  hd_due_get_state  (gint64 due,
                               gint64 now);

G_END_DECLS
