/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reports: every figure against an independent computation
 * (test-report-fixture.c), for the week, under each filter and at the
 * period's edges, plus the period ranges and the CSV export. The similar
 * descriptions are in test-report-similar.c.
 */
#include "config.h"

#include <string.h>

#include "hd-config-item.h"
#include "hd-report.h"
#include "hd-store-private.h"
#include "hd-store.h"
#include "test-report-fixture.h"

static void
test_working_time_oracle (void)
{
  /* Friday 17:00 → Tuesday after the holiday 10:00: Friday 1 h, Sunday
   * 29 September (a make-up working day) 8 h, Monday 8 h, 1–7 October off,
   * Tuesday 8 October 1 h. */
  gint64 fri = WEEK_START + 4 * 86400 + 17 * HOUR;
  gint64 tue = WEEK_START + 15 * 86400 + 10 * HOUR;

  g_assert_cmpint (working_between (fri, tue), ==, 18 * HOUR);
  /* Saturday 28 September is a weekend day. */
  g_assert_cmpint (working_between (WEEK_START + 5 * 86400, WEEK_START + 6 * 86400), ==, 0);
  /* The lunch break does not count. */
  g_assert_cmpint (working_between (WEEK_START + 11 * HOUR, WEEK_START + 14 * HOUR), ==, 2 * HOUR);
}

/* Tests ---------------------------------------------------------------------- */

static void
test_period_ranges (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  gint64 start, end;
  GDate first, last;

  /* Wednesday 2 October 2024, 12:00. */
  hd_report_period_range (HD_REPORT_PERIOD_LAST_WEEK, tz, NOW, NULL, NULL, &start, &end);
  g_assert_cmpint (start, ==, WEEK_START);
  g_assert_cmpint (end, ==, WEEK_END);
  hd_report_period_range (HD_REPORT_PERIOD_THIS_WEEK, tz, NOW, NULL, NULL, &start, &end);
  g_assert_cmpint (start, ==, WEEK_END);
  g_assert_cmpint (end, ==, G_GINT64_CONSTANT (1728230400));
  hd_report_period_range (HD_REPORT_PERIOD_THIS_MONTH, tz, NOW, NULL, NULL, &start, &end);
  g_assert_cmpint (start, ==, G_GINT64_CONSTANT (1727712000));
  g_assert_cmpint (end, ==, G_GINT64_CONSTANT (1730390400));
  hd_report_period_range (HD_REPORT_PERIOD_LAST_MONTH, tz, NOW, NULL, NULL, &start, &end);
  g_assert_cmpint (start, ==, G_GINT64_CONSTANT (1725120000));
  g_assert_cmpint (end, ==, G_GINT64_CONSTANT (1727712000));
  /* Monday 00:00 local is still Sunday in UTC: the week is local. */
  hd_report_period_range (HD_REPORT_PERIOD_THIS_WEEK, tz, WEEK_START, NULL, NULL, &start, &end);
  g_assert_cmpint (start, ==, WEEK_START);
  hd_report_period_range (HD_REPORT_PERIOD_THIS_WEEK, tz, WEEK_START - 1, NULL, NULL, &start, &end);
  g_assert_cmpint (end, ==, WEEK_START);
  /* January's last month is December of the year before. */
  hd_report_period_range (HD_REPORT_PERIOD_LAST_MONTH, tz, G_GINT64_CONSTANT (1735660800) + 14 * 86400,
                          NULL, NULL, &start, &end);
  g_assert_cmpint (start, ==, G_GINT64_CONSTANT (1732982400));
  g_assert_cmpint (end, ==, G_GINT64_CONSTANT (1735660800));
  /* A custom range includes its last day. */
  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 23, G_DATE_SEPTEMBER, 2024);
  g_date_set_dmy (&last, 29, G_DATE_SEPTEMBER, 2024);
  hd_report_period_range (HD_REPORT_PERIOD_CUSTOM, tz, 0, &first, &last, &start, &end);
  g_assert_cmpint (start, ==, WEEK_START);
  g_assert_cmpint (end, ==, WEEK_END);
}

static void
test_week (Fixture *f, gconstpointer data)
{
  g_autoptr(HdReportQuery) q = week_query ();
  g_autoptr(HdReport) r = compute_report (f, q);

  g_assert_cmpuint (r->n_tickets, >, 40);
  g_assert_cmpuint (r->handling->n, >, 5);
  check_report (f, q, r);
}

/* Computes the report for @q (taken) and checks it against the oracle. */
static void
check_query (Fixture *f, HdReportQuery *q)
{
  g_autoptr(HdReportQuery) query = q;
  g_autoptr(HdReport) r = compute_report (f, query);

  check_report (f, query, r);
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) groups = hd_config_list_groups (f->config);
  HdReportQuery *q;

  for (guint i = 0; i < G_N_ELEMENTS (report_handlers); i++)
    {
      q = week_query ();
      q->handler = g_strdup (report_handlers[i]);
      check_query (f, q);
    }
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(HdConfigItem) group = g_list_model_get_item (groups, i);

      q = week_query ();
      q->group = g_strdup (hd_config_item_get_id (group));
      check_query (f, q);
    }
  for (int c = 0; c <= HD_CHANNEL_OTHER; c++)
    {
      q = week_query ();
      q->channel = c;
      check_query (f, q);
    }
  /* Two weeks: the earlier generated tickets and the previous period. */
  q = week_query ();
  q->start -= 7 * 86400;
  check_query (f, q);
}

static void
test_boundaries (Fixture *f, gconstpointer data)
{
  g_autoptr(HdReportQuery) q = week_query ();
  g_autoptr(HdReport) r = NULL;

  q->handler = g_strdup ("Boundary");
  r = compute_report (f, q);
  /* WEEK_START and WEEK_END - 60 are in; WEEK_START - 60 and WEEK_END out. */
  g_assert_cmpuint (r->n_tickets, ==, 2);
  check_report (f, q, r);
}

static void
test_working_time_handling (Fixture *f, gconstpointer data)
{
  g_autoptr(HdReportQuery) q = week_query ();
  g_autoptr(HdReport) r = NULL;

  q->handler = g_strdup ("Holiday");
  r = compute_report (f, q);
  g_assert_cmpuint (r->n_tickets, ==, 1);
  g_assert_cmpuint (r->handling->n, ==, 1);
  /* Friday 17:00 → Tuesday 8 October 10:00: 11 days less 7 h on the clock,
   * 18 working hours (see test_working_time_oracle). */
  g_assert_cmpfloat (r->handling->median_clock, ==, 11 * 86400 - 7 * HOUR);
  g_assert_cmpfloat (r->handling->median_working, ==, 18 * HOUR);
  g_assert_cmpfloat (r->handling->mean_working, ==, 18 * HOUR);
  /* Answered on the make-up working Sunday at 09:30: 1 h + 30 min. */
  g_assert_cmpfloat (r->response->median_working, ==, 90 * MINUTE);
  check_report (f, q, r);
}

/* A cache written before migration 5 gets its timeline summaries from the
 * timelines already there. */
static void
test_migration_backfill (Fixture *f, gconstpointer data)
{
  g_autoptr(HdReportQuery) q = week_query ();
  g_autoptr(HdReport) r = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = hd_store_get_db (f->store);

  g_assert_cmpint (sqlite3_exec (db, "BEGIN; DROP TRIGGER ticket_timeline_summary_event;"
                                 " DROP TABLE ticket_timeline_summary", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (hd_store_schema_migrate (db, 4, 5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);

  r = compute_report (f, q);
  check_report (f, q, r);
}

static void
report_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HdReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = hd_report_compute_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(HdReportQuery) q = week_query ();
  g_autoptr(HdReport) r = NULL;

  hd_report_compute_async (f->store, hd_config_get_calendar (f->config), q, NULL, report_ready, &r);
  while (r == NULL)
    g_main_context_iteration (NULL, TRUE);
  check_report (f, q, r);
}

static void
test_csv_cells (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "=1+1", "'=1+1" },
    { "+cmd", "'+cmd" },
    { "-2+3", "'-2+3" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"" },
    { "无法登录", "无法登录" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      hd_csv_append_cell (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

static void
test_csv_report (Fixture *f, gconstpointer data)
{
  g_autoptr(HdReportQuery) q = week_query ();
  g_autoptr(HdReport) r = compute_report (f, q);
  g_autofree char *csv = hd_report_to_csv (r, f->config);
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_autofree char *tickets = g_strdup_printf ("summary,Tickets,count,%u", r->n_tickets);
  gboolean found = FALSE;

  g_assert_true (g_str_has_prefix (csv, "section,item,measure,value\r\n"));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    found |= g_str_equal (lines[i], tickets);
  g_assert_true (found);
  g_assert_nonnull (strstr (csv, "top_similar,无法登录，APP提示错误代码E1002，已经重启手机仍然不行,count,4"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/working-time-oracle", test_working_time_oracle);
  g_test_add_func ("/report/period-ranges", test_period_ranges);
  g_test_add_func ("/report/csv-cells", test_csv_cells);
  g_test_add ("/report/week", Fixture, NULL, report_fixture_set_up, test_week, report_fixture_tear_down);
  g_test_add ("/report/filters", Fixture, NULL, report_fixture_set_up, test_filters, report_fixture_tear_down);
  g_test_add ("/report/boundaries", Fixture, NULL, report_fixture_set_up, test_boundaries, report_fixture_tear_down);
  g_test_add ("/report/working-time", Fixture, NULL, report_fixture_set_up, test_working_time_handling, report_fixture_tear_down);
  g_test_add ("/report/migration-backfill", Fixture, NULL, report_fixture_set_up, test_migration_backfill, report_fixture_tear_down);
  g_test_add ("/report/async", Fixture, NULL, report_fixture_set_up, test_async, report_fixture_tear_down);
  g_test_add ("/report/csv", Fixture, NULL, report_fixture_set_up, test_csv_report, report_fixture_tear_down);

  return g_test_run ();
}
