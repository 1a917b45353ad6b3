/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-window-private.h"

/* The intake form arrives with its own issue; until then say so plainly. */
void
hd_window_open_intake (HdWindow *self)
{
  hd_window_add_toast (self, adw_toast_new (_("The intake form is not available in this build yet")));
}
