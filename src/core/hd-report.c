/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-report-private.h"
#include "hd-store-private.h"

/*
 * Reports (SPEC R7) over tickets created in a period. One query streams the
 * period's tickets (a range of the created_at index) with their timeline in
 * brief (ticket_timeline_summary, kept by a trigger); the counts are tallied,
 * the durations measured in working time and sorted for medians, in that
 * one pass. docs/reports.md says why it is not a GROUP BY. Everything runs
 * on a read-only connection, off the main thread.
 */

/* Query ---------------------------------------------------------------------- */

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

/* Report --------------------------------------------------------------------- */

static void
count_free (gpointer data)
{
  HdReportCount *count = data;

  if (count == NULL)
    return;
  g_free (count->id);
  g_free (count->sub_id);
  g_free (count);
}

static void
duration_free (gpointer data)
{
  HdReportDuration *duration = data;

  if (duration == NULL)
    return;
  g_free (duration->key);
  g_free (duration);
}

static void
cluster_free (gpointer data)
{
  HdReportCluster *cluster = data;

  g_free (cluster->description);
  g_free (cluster->number);
  g_free (cluster);
}

static void
report_clear (gpointer data)
{
  HdReport *report = data;

  g_clear_pointer (&report->trend, g_array_unref);
  g_clear_pointer (&report->types, g_ptr_array_unref);
  g_clear_pointer (&report->handling, duration_free);
  g_clear_pointer (&report->handling_by_priority, g_ptr_array_unref);
  g_clear_pointer (&report->handling_by_group, g_ptr_array_unref);
  g_clear_pointer (&report->response, duration_free);
  g_clear_pointer (&report->response_by_priority, g_ptr_array_unref);
  g_clear_pointer (&report->response_by_group, g_ptr_array_unref);
  g_clear_pointer (&report->top_subtypes, g_ptr_array_unref);
  g_clear_pointer (&report->top_similar, g_ptr_array_unref);
  g_clear_pointer (&report->handlers, g_strfreev);
}

G_DEFINE_BOXED_TYPE (HdReport, hd_report, hd_report_ref, hd_report_unref)

static HdReport *
hd_report_new (void)
{
  HdReport *report = g_atomic_rc_box_new0 (HdReport);

  report->csat = -1;
  report->previous_csat = -1;
  report->trend = g_array_new (FALSE, TRUE, sizeof (HdReportTrendPoint));
  report->types = g_ptr_array_new_with_free_func (count_free);
  report->handling_by_priority = g_ptr_array_new_with_free_func (duration_free);
  report->handling_by_group = g_ptr_array_new_with_free_func (duration_free);
  report->response_by_priority = g_ptr_array_new_with_free_func (duration_free);
  report->response_by_group = g_ptr_array_new_with_free_func (duration_free);
  report->top_subtypes = g_ptr_array_new_with_free_func (count_free);
  report->top_similar = g_ptr_array_new_with_free_func (cluster_free);
  return report;
}

HdReport *
hd_report_ref (HdReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return g_atomic_rc_box_acquire (report);
}

void
hd_report_unref (HdReport *report)
{
  g_return_if_fail (report != NULL);
  g_atomic_rc_box_release_full (report, report_clear);
}

static double
ratio (guint a, guint b)
{
  return b == 0 ? -1.0 : (double) a / (double) b;
}

double
hd_report_get_response_compliance (const HdReport *report)
{
  g_return_val_if_fail (report != NULL, -1);
  return ratio (report->response_met, report->response_met + report->response_missed);
}

double
hd_report_get_resolution_compliance (const HdReport *report)
{
  g_return_val_if_fail (report != NULL, -1);
  return ratio (report->resolution_met, report->resolution_met + report->resolution_missed);
}

double
hd_report_get_reopen_rate (const HdReport *report)
{
  g_return_val_if_fail (report != NULL, -1);
  return ratio (report->reopened, report->resolved);
}

/* SQL ------------------------------------------------------------------------ */

/* The period and the filters, bound by name in every query. */
static void
append_where (GString *sql, const HdReportQuery *query)
{
  g_string_append (sql, " t.created_at >= :start AND t.created_at < :end");
  if (query->group != NULL)
    g_string_append (sql, " AND t.handling_group = :grp");
  if (query->handler != NULL)
    g_string_append (sql, " AND t.handler = :handler");
  if (query->channel >= 0)
    g_string_append (sql, " AND t.channel = :channel");
}

static gboolean
prepare (HdReportRun  *run,
         const char   *sql,
         gint64        start,
         gint64        end,
         sqlite3_stmt **out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (run->db, sql, -1, &stmt, NULL);
  int i;

  if (rc != SQLITE_OK)
    {
      hd_store_set_error (run->store, run->error, rc, sqlite3_errmsg (run->db));
      return FALSE;
    }
  if ((i = sqlite3_bind_parameter_index (stmt, ":start")) > 0)
    sqlite3_bind_int64 (stmt, i, start);
  if ((i = sqlite3_bind_parameter_index (stmt, ":end")) > 0)
    sqlite3_bind_int64 (stmt, i, end);
  if ((i = sqlite3_bind_parameter_index (stmt, ":grp")) > 0)
    sqlite3_bind_text (stmt, i, run->query->group, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (stmt, ":handler")) > 0)
    sqlite3_bind_text (stmt, i, run->query->handler, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (stmt, ":channel")) > 0)
    sqlite3_bind_text (stmt, i, hd_channel_to_id (run->query->channel), -1, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":now")) > 0)
    sqlite3_bind_int64 (stmt, i, run->now);
  *out = stmt;
  return TRUE;
}

/* Steps @stmt to its next row; FALSE at the end or on an error (set). */
gboolean
hd_report_run_step (HdReportRun *run, sqlite3_stmt *stmt, gboolean *failed)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      if ((++run->rows & 4095) == 0 && g_cancellable_is_cancelled (run->cancellable))
        rc = SQLITE_INTERRUPT;
      else
        return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      if (g_cancellable_set_error_if_cancelled (run->cancellable, run->error))
        ;
      else
        hd_store_set_error (run->store, run->error, rc, sqlite3_errmsg (run->db));
      *failed = TRUE;
    }
  return FALSE;
}

sqlite3_stmt *
hd_report_run_prepare (HdReportRun *run, const char *sql_head, const char *sql_tail)
{
  g_autoptr(GString) sql = g_string_new (sql_head);
  sqlite3_stmt *stmt = NULL;

  append_where (sql, run->query);
  if (sql_tail != NULL)
    g_string_append (sql, sql_tail);
  if (!prepare (run, sql->str, run->query->start, run->query->end, &stmt))
    return NULL;
  return stmt;
}

static int
compare_counts (gconstpointer a, gconstpointer b)
{
  const HdReportCount *x = *(HdReportCount * const *) a;
  const HdReportCount *y = *(HdReportCount * const *) b;
  int c;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if ((c = strcmp (x->id, y->id)) != 0)
    return c;
  return g_strcmp0 (x->sub_id, y->sub_id);
}

static void
add_count (GHashTable *table, GPtrArray *out, const char *id, const char *sub_id, guint n)
{
  g_autofree char *key = g_strconcat (id, "\x1f", sub_id, NULL);
  HdReportCount *count = g_hash_table_lookup (table, key);

  if (count == NULL)
    {
      count = g_new0 (HdReportCount, 1);
      count->id = g_strdup (id);
      count->sub_id = g_strdup (sub_id);
      g_ptr_array_add (out, count);
      g_hash_table_insert (table, g_steal_pointer (&key), count);
    }
  count->count += n;
}

/* Satisfaction, status, type and sub-type counts, tallied in the per-ticket
 * pass: SQLite has no hash aggregation, and a GROUP BY over a million
 * tickets sorts them all, several times slower than the pass itself
 * (docs/reports.md). */
typedef struct {
  GHashTable *types;      /* "l1" → HdReportCount in report->types */
  GHashTable *subtypes;   /* "l1\x1fl2" → HdReportCount in all */
  GPtrArray *all_subtypes;
} Tally;

static void
tally_ticket (HdReport *report, Tally *tally, const char *satisfaction, const char *status,
              const char *type, const char *sub)
{
  HdSatisfaction sat;
  HdStatus st;

  report->n_tickets++;
  if (hd_satisfaction_from_id (satisfaction, &sat))
    report->satisfaction[sat]++;
  if (hd_status_from_id (status, &st))
    report->status[st]++;
  add_count (tally->types, report->types, type, NULL, 1);
  if (sub[0] != '\0')
    add_count (tally->subtypes, tally->all_subtypes, type, sub, 1);
}

static void
tally_finish (HdReport *report, Tally *tally)
{
  for (guint i = HD_SATISFACTION_VERY_SATISFIED; i <= HD_SATISFACTION_DISSATISFIED; i++)
    report->answered += report->satisfaction[i];
  report->csat = ratio (report->satisfaction[HD_SATISFACTION_VERY_SATISFIED] +
                        report->satisfaction[HD_SATISFACTION_SATISFIED], report->answered);

  g_ptr_array_sort (report->types, compare_counts);
  g_ptr_array_sort (tally->all_subtypes, compare_counts);
  for (guint i = 0; i < tally->all_subtypes->len && i < 5; i++)
    g_ptr_array_add (report->top_subtypes, g_steal_pointer (&tally->all_subtypes->pdata[i]));
}

/* The CSAT trend's buckets: local days (weeks from 63 days on), so days
 * follow the timezone and its daylight-saving changes. They are filled by
 * the per-ticket pass (measure_durations), which reads every ticket of the
 * period anyway. The previous period's CSAT is one more count. */
static gboolean
count_trend (HdReportRun *run)
{
  HdReport *report = run->report;
  GTimeZone *tz = hd_calendar_get_timezone (run->calendar);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (report->start);
  g_autoptr(GDateTime) day = g_date_time_to_timezone (utc, tz);
  sqlite3_stmt *stmt = NULL;
  gboolean failed = FALSE;
  gint64 span = report->end - report->start;
  g_autoptr(GString) prev = NULL;

  report->trend_step_days = span > 62 * 86400 ? 7 : 1;
  while (g_date_time_to_unix (day) < report->end && report->trend->len < 400)
    {
      GDateTime *next = g_date_time_add_days (day, report->trend_step_days);
      HdReportTrendPoint point = { g_date_time_to_unix (day), 0, 0 };

      g_array_append_val (report->trend, point);
      g_date_time_unref (day);
      day = next;
    }

  prev = g_string_new ("SELECT count(*), sum(t.satisfaction IN ('very_satisfied', 'satisfied'))"
                       " FROM tickets t WHERE t.satisfaction != 'none' AND");
  append_where (prev, run->query);
  if (!prepare (run, prev->str, report->start - span, report->start, &stmt))
    return FALSE;
  if (hd_report_run_step (run, stmt, &failed))
    report->previous_csat = ratio (sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  return !failed;
}

static void
add_to_trend (HdReport *report, gint64 created, const char *satisfaction)
{
  GArray *trend = report->trend;
  guint lo = 0, hi = trend->len;
  HdSatisfaction sat;

  if (trend->len == 0 || !hd_satisfaction_from_id (satisfaction, &sat) || sat == HD_SATISFACTION_NONE)
    return;
  /* The last bucket starting at or before @created. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (trend, HdReportTrendPoint, mid).start <= created)
        lo = mid;
      else
        hi = mid;
    }
  g_array_index (trend, HdReportTrendPoint, lo).answered++;
  if (sat == HD_SATISFACTION_VERY_SATISFIED || sat == HD_SATISFACTION_SATISFIED)
    g_array_index (trend, HdReportTrendPoint, lo).satisfied++;
}

/* Working time ----------------------------------------------------------------- */

/* Working seconds for a million tickets: the calendar walks every day between
 * two instants; this table walks them once. Each local day of the period
 * (and a while after it, for late closes) keeps its working spans and the
 * working seconds before it, so a duration is two lookups. Days the table does
 * not cover, or a calendar it cannot reproduce exactly, go to the calendar. */
#define WORK_TABLE_DAYS_AFTER 400

typedef gint64 DaySpans[HD_CALENDAR_MAX_SPANS][2];

typedef struct {
  guint n_days;
  gint64 *midnight;            /* n_days + 1 local midnights */
  gint64 *before;              /* working seconds from midnight[0] to midnight[d] */
  DaySpans *spans;
  guint8 *n_spans;
} WorkTable;

static void
work_table_clear (WorkTable *table)
{
  g_clear_pointer (&table->midnight, g_free);
  g_clear_pointer (&table->before, g_free);
  g_clear_pointer (&table->spans, g_free);
  g_clear_pointer (&table->n_spans, g_free);
  table->n_days = 0;
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WorkTable, work_table_clear)

static void
work_table_init (WorkTable *table, HdCalendar *calendar, gint64 start, gint64 end)
{
  GTimeZone *tz = hd_calendar_get_timezone (calendar);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  guint n = (guint) ((end - start) / 86400) + 2 + WORK_TABLE_DAYS_AFTER;
  guint n_calendar_spans = hd_calendar_get_n_spans (calendar);
  int y, m, d;

  if (end <= start || n > 20000)
    return;
  table->n_days = n;
  table->midnight = g_new (gint64, n + 1);
  table->before = g_new (gint64, n + 1);
  table->spans = g_new0 (DaySpans, n);
  table->n_spans = g_new0 (guint8, n);

  g_date_time_get_ymd (local, &y, &m, &d);
  table->before[0] = 0;
  for (guint i = 0; i <= n; i++)
    {
      g_autoptr(GDateTime) day0 = g_date_time_new (tz, y, m, d, 0, 0, 0);
      g_autoptr(GDateTime) day = g_date_time_add_days (day0, i);
      int dy, dm, dd;
      GDate date;
      gint64 total = 0;

      table->midnight[i] = g_date_time_to_unix (day);
      if (i == n)
        break;
      g_date_time_get_ymd (day, &dy, &dm, &dd);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, dd, dm, dy);
      if (hd_calendar_is_working_day (calendar, &date))
        for (guint s = 0; s < n_calendar_spans; s++)
          {
            guint a, b;
            g_autoptr(GDateTime) from = NULL;
            g_autoptr(GDateTime) to = NULL;

            hd_calendar_get_span (calendar, s, &a, &b);
            from = g_date_time_new (tz, dy, dm, dd, a / 60, a % 60, 0);
            to = b >= 24 * 60 ? g_date_time_add_days (day, 1) : g_date_time_new (tz, dy, dm, dd, b / 60, b % 60, 0);
            table->spans[i][s][0] = g_date_time_to_unix (from);
            table->spans[i][s][1] = g_date_time_to_unix (to);
            table->n_spans[i]++;
            total += table->spans[i][s][1] - table->spans[i][s][0];
          }
      table->before[i + 1] = table->before[i] + total;
    }

  /* The table must agree with the calendar, day by day; else it is off. */
  for (guint i = 0; i < n; i++)
    if (table->before[i + 1] - table->before[i] !=
        hd_calendar_working_seconds_between (calendar, table->midnight[i], table->midnight[i + 1]))
      {
        g_debug ("Working-time table disagrees with the calendar on day %u; not used", i);
        work_table_clear (table);
        return;
      }
}

/* Working seconds from midnight[0] to @t, or -1 outside the table. */
static gint64
work_table_at (const WorkTable *table, gint64 t)
{
  gint64 total;
  guint d;

  if (table->n_days == 0 || t < table->midnight[0] || t >= table->midnight[table->n_days])
    return -1;
  d = (guint) MIN ((t - table->midnight[0]) / 86400, table->n_days - 1);
  while (d > 0 && table->midnight[d] > t)
    d--;
  while (d + 1 < table->n_days && table->midnight[d + 1] <= t)
    d++;
  total = table->before[d];
  for (guint s = 0; s < table->n_spans[d]; s++)
    total += CLAMP (t - table->spans[d][s][0], 0, table->spans[d][s][1] - table->spans[d][s][0]);
  return total;
}

static gint64
work_table_between (const WorkTable *table, HdCalendar *calendar, gint64 from, gint64 to)
{
  gint64 a = work_table_at (table, from), b = work_table_at (table, to);

  if (a < 0 || b < 0)
    return hd_calendar_working_seconds_between (calendar, from, to);
  return b - a;
}

/* Durations ------------------------------------------------------------------ */

typedef struct {
  GArray *clock;    /* gint64 */
  GArray *working;
} Samples;

static void
samples_free (gpointer data)
{
  Samples *samples = data;

  g_array_unref (samples->clock);
  g_array_unref (samples->working);
  g_free (samples);
}

static void
samples_add (GHashTable *table, const char *key, gint64 clock, gint64 working)
{
  Samples *samples = g_hash_table_lookup (table, key);

  if (samples == NULL)
    {
      samples = g_new0 (Samples, 1);
      samples->clock = g_array_new (FALSE, FALSE, sizeof (gint64));
      samples->working = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (table, g_strdup (key), samples);
    }
  g_array_append_val (samples->clock, clock);
  g_array_append_val (samples->working, working);
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
mean_median (GArray *values, double *mean, double *median)
{
  double sum = 0;
  guint n = values->len;

  g_array_sort (values, compare_gint64);
  for (guint i = 0; i < n; i++)
    sum += g_array_index (values, gint64, i);
  *mean = sum / n;
  *median = n % 2 ? g_array_index (values, gint64, n / 2)
                  : (g_array_index (values, gint64, n / 2 - 1) + g_array_index (values, gint64, n / 2)) / 2.0;
}

static HdReportDuration *
summarise (const char *key, Samples *samples)
{
  HdReportDuration *duration = g_new0 (HdReportDuration, 1);

  duration->key = g_strdup (key);
  duration->n = samples != NULL ? samples->clock->len : 0;
  if (duration->n > 0)
    {
      mean_median (samples->clock, &duration->mean_clock, &duration->median_clock);
      mean_median (samples->working, &duration->mean_working, &duration->median_working);
    }
  return duration;
}

static int
compare_duration_key (gconstpointer a, gconstpointer b)
{
  const HdReportDuration *x = *(HdReportDuration * const *) a;
  const HdReportDuration *y = *(HdReportDuration * const *) b;

  return strcmp (x->key, y->key);
}

static void
summarise_table (GHashTable *table, GPtrArray *out)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (out, summarise (key, value));
  g_ptr_array_sort (out, compare_duration_key);
}

/* One row per ticket of the period, with its timeline in brief from
 * ticket_timeline_summary (kept by a trigger on status changes, schema
 * migration 5). A ticket imported closed has no timeline: its close time is
 * updated_at. */
static const char durations_sql[] =
  "SELECT coalesce(t.priority, ''), coalesce(t.handling_group, ''), t.created_at,"
  " t.first_response_at, t.response_due, t.resolution_due, t.status = 'closed', t.updated_at,"
  " t.status IN ('awaiting_feedback', 'pending_close', 'closed'),"
  " coalesce(s.closed_at, 0), coalesce(s.resolved, 0), coalesce(s.reopened, 0), t.satisfaction,"
  " t.status, coalesce(t.type_l1, ''), coalesce(t.type_l2, '')"
  " FROM tickets t LEFT JOIN ticket_timeline_summary s ON s.ticket_id = t.id WHERE";

const char *
hd_report_durations_sql (void)
{
  return durations_sql;
}

static gboolean
measure_durations (HdReportRun *run)
{
  HdReport *report = run->report;
  g_autoptr(GHashTable) handling_p = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, samples_free);
  g_autoptr(GHashTable) handling_g = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, samples_free);
  g_autoptr(GHashTable) response_p = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, samples_free);
  g_autoptr(GHashTable) response_g = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, samples_free);
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, samples_free);
  g_auto(WorkTable) table = { 0 };
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) subtypes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) all_subtypes = g_ptr_array_new_with_free_func (count_free);
  Tally tally = { types, subtypes, all_subtypes };
  sqlite3_stmt *stmt;
  gboolean failed = FALSE;

  work_table_init (&table, run->calendar, run->report->start, run->report->end);
  stmt = hd_report_run_prepare (run, durations_sql, NULL);
  if (stmt == NULL)
    return FALSE;
  while (hd_report_run_step (run, stmt, &failed))
    {
      const char *priority = (const char *) sqlite3_column_text (stmt, 0);
      const char *group = (const char *) sqlite3_column_text (stmt, 1);
      gint64 created = sqlite3_column_int64 (stmt, 2);
      gint64 responded = sqlite3_column_int64 (stmt, 3);
      gint64 response_due = sqlite3_column_int64 (stmt, 4);
      gint64 resolution_due = sqlite3_column_int64 (stmt, 5);
      gboolean closed = sqlite3_column_int (stmt, 6);
      gint64 closed_at = sqlite3_column_int64 (stmt, 9);

      if (closed_at == 0)
        closed_at = sqlite3_column_int64 (stmt, 7);
      add_to_trend (report, created, (const char *) sqlite3_column_text (stmt, 12));
      tally_ticket (report, &tally, (const char *) sqlite3_column_text (stmt, 12),
                    (const char *) sqlite3_column_text (stmt, 13),
                    (const char *) sqlite3_column_text (stmt, 14),
                    (const char *) sqlite3_column_text (stmt, 15));
      if (sqlite3_column_int (stmt, 8) || sqlite3_column_int (stmt, 10))
        {
          report->resolved++;
          if (sqlite3_column_int (stmt, 11))
            report->reopened++;
        }

      if (responded > 0 && responded >= created)
        {
          gint64 working = work_table_between (&table, run->calendar, created, responded);

          samples_add (response_p, priority, responded - created, working);
          samples_add (response_g, group, responded - created, working);
          samples_add (all, "response", responded - created, working);
        }
      if (closed && closed_at >= created)
        {
          gint64 working = work_table_between (&table, run->calendar, created, closed_at);

          samples_add (handling_p, priority, closed_at - created, working);
          samples_add (handling_g, group, closed_at - created, working);
          samples_add (all, "handling", closed_at - created, working);
        }

      if (response_due > 0)
        {
          if (responded > 0)
            {
              if (responded <= response_due)
                report->response_met++;
              else
                report->response_missed++;
            }
          else if (run->now > response_due)
            report->response_missed++;
        }
      if (resolution_due > 0)
        {
          if (closed)
            {
              if (closed_at <= resolution_due)
                report->resolution_met++;
              else
                report->resolution_missed++;
            }
          else if (run->now > resolution_due)
            report->resolution_missed++;
        }
    }
  sqlite3_finalize (stmt);
  if (failed)
    return FALSE;

  tally_finish (report, &tally);
  report->handling = summarise ("", g_hash_table_lookup (all, "handling"));
  report->response = summarise ("", g_hash_table_lookup (all, "response"));
  summarise_table (handling_p, report->handling_by_priority);
  summarise_table (handling_g, report->handling_by_group);
  summarise_table (response_p, report->response_by_priority);
  summarise_table (response_g, report->response_by_group);
  return TRUE;
}

static gboolean
list_handlers (HdReportRun *run)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;
  gboolean failed = FALSE;

  /* A loose scan of the tickets_handler index: one seek per distinct agent
   * rather than a walk over every ticket. */
  if (!prepare (run, "WITH RECURSIVE h (x) AS ("
                " SELECT min (handler) FROM tickets WHERE handler > ''"
                " UNION ALL"
                " SELECT (SELECT min (handler) FROM tickets WHERE handler > h.x) FROM h WHERE h.x IS NOT NULL)"
                " SELECT x FROM h WHERE x IS NOT NULL LIMIT 500", 0, 0, &stmt))
    return FALSE;
  while (hd_report_run_step (run, stmt, &failed))
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  run->report->handlers = g_strv_builder_end (builder);
  return !failed;
}

/* Compute -------------------------------------------------------------------- */

static void
interrupt_reader (GCancellable *cancellable,
                  sqlite3      *reader)
{
  sqlite3_interrupt (reader);
}

HdReport *
hd_report_compute (HdStore             *store,
                   HdCalendar          *calendar,
                   const HdReportQuery *query,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(HdReport) report = NULL;
  HdReportRun run = { 0 };
  gboolean ok = FALSE;
  gulong handler = 0;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report = hd_report_new ();
  report->start = query->start;
  report->end = query->end;

  run.store = store;
  run.calendar = calendar;
  run.query = query;
  run.report = report;
  run.cancellable = cancellable;
  run.error = error;
  run.now = query->now != 0 ? query->now : g_get_real_time () / G_USEC_PER_SEC;
  run.db = hd_store_acquire_reader (store, error);
  if (run.db == NULL)
    return NULL;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_reader), run.db, NULL);

  /* A report reads the period's index range several times: map the file
   * and keep the pages, rather than copying each one in again. */
  sqlite3_exec (run.db, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536", NULL, NULL, NULL);

  /* One read transaction: every figure sees the same snapshot. */
  if (sqlite3_exec (run.db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK)
    {
      ok = count_trend (&run) &&
           measure_durations (&run) &&
           hd_report_group_similar (&run) &&
           list_handlers (&run);
      sqlite3_exec (run.db, "COMMIT", NULL, NULL, NULL);
    }
  else
    hd_store_set_error (store, error, sqlite3_errcode (run.db), sqlite3_errmsg (run.db));

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  hd_store_release_reader (store, run.db);

  if (!ok)
    return NULL;
  return g_steal_pointer (&report);
}

typedef struct {
  HdStore *store;
  HdCalendar *calendar;
  HdReportQuery *query;
} ComputeData;

static void
compute_data_free (gpointer data)
{
  ComputeData *compute = data;

  g_object_unref (compute->store);
  g_object_unref (compute->calendar);
  hd_report_query_free (compute->query);
  g_free (compute);
}

static void
compute_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  g_autoptr(GError) error = NULL;
  HdReport *report;

  report = hd_report_compute (data->store, data->calendar, data->query, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) hd_report_unref);
}

void
hd_report_compute_async (HdStore             *store,
                         HdCalendar          *calendar,
                         const HdReportQuery *query,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  g_return_if_fail (HD_IS_STORE (store));
  g_return_if_fail (HD_IS_CALENDAR (calendar));
  g_return_if_fail (query != NULL);

  data = g_new0 (ComputeData, 1);
  data->store = g_object_ref (store);
  data->calendar = g_object_ref (calendar);
  data->query = hd_report_query_copy (query);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_report_compute_async);
  g_task_set_task_data (task, data, compute_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, compute_worker);
}

HdReport *
hd_report_compute_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_report_compute_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Labels --------------------------------------------------------------------- */

const char *
hd_report_type_label (HdConfig   *config,
                      const char *type_id)
{
  const char *label;

  if (type_id == NULL || type_id[0] == '\0')
    return _("Unclassified");
  label = config != NULL ? hd_config_get_type_label (config, type_id, NULL) : NULL;
  return label != NULL ? label : type_id;
}

const char *
hd_report_key_label (HdConfig   *config,
                     gboolean    by_group,
                     const char *key)
{
  const char *label = NULL;

  if (key == NULL || key[0] == '\0')
    return by_group ? _("No group") : _("No priority");
  if (config != NULL)
    label = by_group ? hd_config_get_group_label (config, key)
                     : hd_config_get_priority_label (config, key);
  return label != NULL ? label : key;
}
