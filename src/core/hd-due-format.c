/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-due-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-due-format.h"

#define MINUTE 60
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)
#define SOON (4 * HOUR)

/* The span in its two largest units, rounded down: "2 days 3 h", "3 h 20 min". */
static char *
format_span (gint64 seconds)
{
  gint64 days = seconds / DAY;
  gint64 hours = (seconds % DAY) / HOUR;
  gint64 minutes = (seconds % HOUR) / MINUTE;

  if (days > 0 && hours > 0)
    /* Translators: a duration, e.g. "2 days 3 h" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day %d h", "%d days %d h", (gulong) days),
                            (int) days, (int) hours);
  if (days > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) days), (int) days);
  if (hours > 0 && minutes > 0)
    /* Translators: a duration, e.g. "3 h 20 min" */
    return g_strdup_printf (_("%d h %d min"), (int) hours, (int) minutes);
  if (hours > 0)
    return g_strdup_printf (_("%d h"), (int) hours);
  return g_strdup_printf (_("%d min"), (int) MAX (minutes, 1));
}

char *
hd_due_format (gint64 due,
               gint64 now)
{
  g_autofree char *span = NULL;

  if (due <= 0)
    return g_strdup (_("No deadline"));

  span = format_span (due >= now ? due - now : now - due);
  if (due >= now)
    /* Translators: time left before a deadline, e.g. "in 3 h 20 min" */
    return g_strdup_printf (_("in %s"), span);
  /* Translators: time past a deadline, e.g. "overdue 2 h" */
  return g_strdup_printf (_("overdue %s"), span);
}

HdDueState
hd_due_get_state (gint64 due,
                  gint64 now)
{
  if (due <= 0)
    return HD_DUE_NONE;
  if (due < now)
    return HD_DUE_OVERDUE;
  if (due - now < SOON)
    return HD_DUE_SOON;
  return HD_DUE_OK;
}
