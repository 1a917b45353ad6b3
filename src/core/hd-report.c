/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

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

/* Report --------------------------------------------------------------------- */

void
hd_report_count_free (gpointer data)
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
  report->types = g_ptr_array_new_with_free_func (hd_report_count_free);
  report->handling_by_priority = g_ptr_array_new_with_free_func (duration_free);
  report->handling_by_group = g_ptr_array_new_with_free_func (duration_free);
  report->response_by_priority = g_ptr_array_new_with_free_func (duration_free);
  report->response_by_group = g_ptr_array_new_with_free_func (duration_free);
  report->top_subtypes = g_ptr_array_new_with_free_func (hd_report_count_free);
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

double
hd_report_ratio (guint a, guint b)
{
  return b == 0 ? -1.0 : (double) a / (double) b;
}

double
hd_report_get_response_compliance (const HdReport *report)
{
  g_return_val_if_fail (report != NULL, -1);
  return hd_report_ratio (report->response_met, report->response_met + report->response_missed);
}

double
hd_report_get_resolution_compliance (const HdReport *report)
{
  g_return_val_if_fail (report != NULL, -1);
  return hd_report_ratio (report->resolution_met, report->resolution_met + report->resolution_missed);
}

double
hd_report_get_reopen_rate (const HdReport *report)
{
  g_return_val_if_fail (report != NULL, -1);
  return hd_report_ratio (report->reopened, report->resolved);
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

/* The CSAT trend's buckets: local days (weeks from 63 days on), so days
 * follow the timezone and its daylight-saving changes. They are filled by
 * the per-ticket pass (hd-report-durations.c), which reads every ticket of the
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
    report->previous_csat = hd_report_ratio (sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  return !failed;
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
           hd_report_measure_durations (&run) &&
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
