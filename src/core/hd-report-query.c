/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include "hd-report.h"

/* The query of a report: its filters and the instants of its period. */

G_DEFINE_BOXED_TYPE (HdReportQuery, hd_report_query, hd_report_query_copy, hd_report_query_free)

HdReportQuery *
hd_report_query_new (void)
{
  HdReportQuery *query = g_new0 (HdReportQuery, 1);

  query->channel = -1;
  return query;
}

HdReportQuery *
hd_report_query_copy (const HdReportQuery *query)
{
  HdReportQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->group = g_strdup (query->group);
  copy->handler = g_strdup (query->handler);
  return copy;
}

void
hd_report_query_free (HdReportQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->group);
  g_free (query->handler);
  g_free (query);
}

static gint64
local_midnight (GTimeZone *tz, int year, int month, int day)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, 0, 0, 0);

  return g_date_time_to_unix (dt);
}

void
hd_report_period_range (HdReportPeriod  period,
                        GTimeZone      *timezone,
                        gint64          now,
                        const GDate    *first,
                        const GDate    *last,
                        gint64         *start,
                        gint64         *end)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  int y, m, d;

  g_return_if_fail (timezone != NULL);
  g_return_if_fail (start != NULL && end != NULL);

  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
    local = g_date_time_to_timezone (utc, timezone);
  }
  g_date_time_get_ymd (local, &y, &m, &d);
  day = g_date_time_new (timezone, y, m, d, 0, 0, 0);

  switch (period)
    {
    case HD_REPORT_PERIOD_THIS_WEEK:
    case HD_REPORT_PERIOD_LAST_WEEK:
      from = g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
      if (period == HD_REPORT_PERIOD_LAST_WEEK)
        {
          GDateTime *prev = g_date_time_add_days (from, -7);
          g_date_time_unref (from);
          from = prev;
        }
      g_date_time_get_ymd (from, &y, &m, &d);
      *start = local_midnight (timezone, y, m, d);
      to = g_date_time_add_days (from, 7);
      g_date_time_get_ymd (to, &y, &m, &d);
      *end = local_midnight (timezone, y, m, d);
      break;

    case HD_REPORT_PERIOD_THIS_MONTH:
    case HD_REPORT_PERIOD_LAST_MONTH:
      if (period == HD_REPORT_PERIOD_LAST_MONTH)
        {
          m -= 1;
          if (m == 0)
            {
              m = 12;
              y -= 1;
            }
        }
      *start = local_midnight (timezone, y, m, 1);
      *end = m == 12 ? local_midnight (timezone, y + 1, 1, 1)
                     : local_midnight (timezone, y, m + 1, 1);
      break;

    case HD_REPORT_PERIOD_CUSTOM:
    default:
      g_return_if_fail (first != NULL && last != NULL && g_date_valid (first) && g_date_valid (last));
      {
        GDate after = *last;

        g_date_add_days (&after, 1);
        *start = local_midnight (timezone, g_date_get_year (first), g_date_get_month (first),
                                 g_date_get_day (first));
        *end = local_midnight (timezone, g_date_get_year (&after), g_date_get_month (&after),
                               g_date_get_day (&after));
      }
      break;
    }
}
