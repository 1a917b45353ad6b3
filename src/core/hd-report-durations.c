/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <string.h>

#include "hd-report-private.h"
#include "hd-store-private.h"

/*
 * The per-ticket pass of a report: one query streams the period's tickets
 * with their timeline in brief; each ticket is tallied (satisfaction, status,
 * types, the CSAT trend) and its response and handling times are measured in
 * clock and working time, then summarised as means and medians.
 */

/* Counts --------------------------------------------------------------------- */

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
  report->csat = hd_report_ratio (report->satisfaction[HD_SATISFACTION_VERY_SATISFIED] +
                        report->satisfaction[HD_SATISFACTION_SATISFIED], report->answered);

  g_ptr_array_sort (report->types, compare_counts);
  g_ptr_array_sort (tally->all_subtypes, compare_counts);
  for (guint i = 0; i < tally->all_subtypes->len && i < 5; i++)
    g_ptr_array_add (report->top_subtypes, g_steal_pointer (&tally->all_subtypes->pdata[i]));
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

static void
mean_median (GArray *values, double *mean, double *median)
{
  double sum = 0;
  guint n = values->len;

  g_array_sort (values, hd_compare_int64);
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

gboolean
hd_report_measure_durations (HdReportRun *run)
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
  g_autoptr(GPtrArray) all_subtypes = g_ptr_array_new_with_free_func (hd_report_count_free);
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
