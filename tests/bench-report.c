/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Report time over 100 000 and 1 000 000 tickets, beside the time of the raw
 * SQL that the report is built on. The tickets (two years, with timelines)
 * are written with prepared statements straight into a store file, which is
 * kept in the build directory and reused by later runs.
 *
 *   bench-report [N…]       (default: 100000 1000000)
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hd-config-item.h"
#include "hd-report-private.h"
#include "hd-report.h"
#include "hd-store-private.h"

/* The data ends here: 2024-10-01 00:00 in Asia/Shanghai. */
#define T_END G_GINT64_CONSTANT (1727712000)
#define SPAN (2 * 365 * G_GINT64_CONSTANT (86400))

static const char * const descriptions[] = {
  "无法登录，APP提示错误代码E1002，已重启手机仍然不行",
  "退款申请提交七天了还没有到账，请尽快处理",
  "会员积分什么时候过期？积分规则在哪里看",
  "The mobile app crashes when opening the coupon page on Android",
  "Customer cannot log in to the web portal since this morning",
  "快递显示已签收但没有收到包裹",
  "发票抬头开错了，需要重新开具增值税发票",
  "Data export for GDPR request: the customer wants a copy of all personal data",
};

static void
check (int rc, sqlite3 *db)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("SQLite: %s", sqlite3_errmsg (db));
}

static void
generate (const char *path, guint n, HdConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = hd_store_open (path, &error);
  g_autoptr(GListModel) priorities = hd_config_list_priorities (config);
  g_autoptr(GListModel) groups = hd_config_list_groups (config);
  g_autoptr(GListModel) types = hd_config_list_types (config);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  static const char * const statuses[] = { "pending", "in_progress", "awaiting_feedback", "pending_close", "closed" };
  static const char * const sats[] = { "none", "very_satisfied", "satisfied", "neutral", "dissatisfied" };
  static const char * const channels[] = { "phone", "chat", "email", "social", "sms", "other" };
  static const char * const handlers[] = { "张伟", "李娜", "王芳", "刘洋", "陈静", "Alex", "Maria", "杨磊" };
  sqlite3 *db = NULL;
  sqlite3_stmt *ticket = NULL, *event = NULL;
  gint64 t0 = g_get_monotonic_time ();
  guint64 n_events = 0;

  g_assert_no_error (error);
  g_clear_object (&store);

  check (sqlite3_open (path, &db), db);
  /* Search is not what is measured: skip the FTS triggers for speed. */
  check (sqlite3_exec (db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = WAL;"
                       "DROP TRIGGER IF EXISTS tickets_fts_insert;"
                       "DROP TRIGGER IF EXISTS tickets_short_insert;"
                       "DROP TRIGGER IF EXISTS tickets_search_chars_insert;"
                       "PRAGMA cache_size = -262144; BEGIN", NULL, NULL, NULL), db);
  check (sqlite3_prepare_v2 (db,
                             "INSERT INTO tickets (uuid, number, channel, emotion, description, type_l1,"
                             " type_l2, impact, urgency, priority, handling_group, handler, created_at,"
                             " updated_at, first_response_at, response_due, resolution_due, satisfaction,"
                             " status, sync_state)"
                             " VALUES (?1, ?2, ?3, 'calm', ?4, ?5, ?6, 'single', 'inquiry', ?7, ?8, ?9,"
                             " ?10, ?11, ?12, ?13, ?14, ?15, ?16, 'synced')",
                             -1, &ticket, NULL), db);
  check (sqlite3_prepare_v2 (db,
                             "INSERT INTO events (uuid, ticket_uuid, kind, author, created_at, data, sync_state)"
                             " VALUES (?1, ?2, 'status_change', 'bench', ?3, ?4, 'synced')",
                             -1, &event, NULL), db);

  for (guint i = 0; i < n; i++)
    {
      char uuid[40], number[24], desc[256], data[80], euuid[40];
      gint64 created = T_END - SPAN + (gint64) ((double) SPAN * i / n) + g_rand_int_range (rand, 0, 600);
      g_autoptr(HdConfigItem) priority = g_list_model_get_item (priorities, g_rand_int_range (rand, 0, g_list_model_get_n_items (priorities)));
      g_autoptr(HdConfigItem) group = g_list_model_get_item (groups, g_rand_int_range (rand, 0, g_list_model_get_n_items (groups)));
      g_autoptr(HdConfigItem) type = g_list_model_get_item (types, g_rand_int_range (rand, 0, g_list_model_get_n_items (types)));
      g_autoptr(GListModel) subtypes = hd_config_list_subtypes (config, hd_config_item_get_id (type));
      g_autoptr(HdConfigItem) sub = g_list_model_get_n_items (subtypes) > 0
        ? g_list_model_get_item (subtypes, g_rand_int_range (rand, 0, g_list_model_get_n_items (subtypes))) : NULL;
      /* Old tickets are closed; the last weeks hold the open ones. */
      int stage = created < T_END - 30 * 86400 ? 4 : g_rand_int_range (rand, 0, 5);
      gint64 when = created;

      /* Ascending ids keep the unique indexes append-only while generating. */
      g_snprintf (uuid, sizeof uuid, "%08x-0000-4000-8000-%012x", i, g_rand_int (rand));
      g_snprintf (number, sizeof number, "CS-B%08u", i);
      /* A varying tail, so descriptions of one problem are similar, not equal. */
      g_snprintf (desc, sizeof desc, "%s %u", descriptions[i % G_N_ELEMENTS (descriptions)],
                  g_rand_int_range (rand, 0, 99999));
      sqlite3_bind_text (ticket, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ticket, 2, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ticket, 3, channels[g_rand_int_range (rand, 0, 6)], -1, SQLITE_STATIC);
      sqlite3_bind_text (ticket, 4, desc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ticket, 5, hd_config_item_get_id (type), -1, SQLITE_TRANSIENT);
      if (sub != NULL)
        sqlite3_bind_text (ticket, 6, hd_config_item_get_id (sub), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (ticket, 6);
      sqlite3_bind_text (ticket, 7, hd_config_item_get_id (priority), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ticket, 8, hd_config_item_get_id (group), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ticket, 9, handlers[g_rand_int_range (rand, 0, G_N_ELEMENTS (handlers))], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ticket, 10, created);
      sqlite3_bind_int64 (ticket, 11, created);
      sqlite3_bind_int64 (ticket, 12, stage > 0 ? created + g_rand_int_range (rand, 60, 8 * 3600) : 0);
      sqlite3_bind_int64 (ticket, 13, created + 4 * 3600);
      sqlite3_bind_int64 (ticket, 14, created + 3 * 86400);
      sqlite3_bind_text (ticket, 15, stage >= 3 ? sats[g_rand_int_range (rand, 0, 5)] : "none", -1, SQLITE_STATIC);
      sqlite3_bind_text (ticket, 16, statuses[stage], -1, SQLITE_STATIC);
      check (sqlite3_step (ticket), db);
      sqlite3_reset (ticket);

      for (int s = 1; s <= stage; s++)
        {
          when += g_rand_int_range (rand, 300, 36 * 3600);
          g_snprintf (euuid, sizeof euuid, "%012" G_GINT64_MODIFIER "x-0001-4000-8000-%08x", (gint64) n_events++, g_rand_int (rand));
          g_snprintf (data, sizeof data, "{\"from\":\"%s\",\"to\":\"%s\"}", statuses[s - 1], statuses[s]);
          sqlite3_bind_text (event, 1, euuid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (event, 2, uuid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (event, 3, when);
          sqlite3_bind_text (event, 4, data, -1, SQLITE_TRANSIENT);
          check (sqlite3_step (event), db);
          sqlite3_reset (event);
        }
    }
  sqlite3_finalize (ticket);
  sqlite3_finalize (event);
  check (sqlite3_exec (db, "COMMIT; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), db);
  sqlite3_close (db);
  g_print ("# generated %u tickets and %" G_GUINT64_FORMAT " events in %.1f s\n",
           n, n_events, (g_get_monotonic_time () - t0) / 1e6);
}

static guint
count_tickets (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM tickets", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Runs @sql over [start, end) and steps through every row: the database's
 * share of the report, without the C work on the rows. */
static double
raw_sql (const char *path, const char *sql, gint64 start, gint64 end, guint *rows)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 t0;

  check (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), db);
  /* The same connection settings as the report's reader. */
  check (sqlite3_exec (db, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536", NULL, NULL, NULL), db);
  t0 = g_get_monotonic_time ();
  check (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), db);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":start"), start);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":end"), end);
  *rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    (*rows)++;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return (g_get_monotonic_time () - t0) / 1e3;
}

static void
bench (guint n, HdConfig *config)
{
  g_autofree char *name = g_strdup_printf ("bench-report-%u.db", n);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = NULL;
  g_autofree char *durations = g_strconcat (hd_report_durations_sql (),
                                            " t.created_at >= :start AND t.created_at < :end", NULL);
  static const char counts_sql[] =
    "SELECT t.satisfaction, t.status, coalesce(t.type_l1, ''), coalesce(t.type_l2, ''), count(*)"
    " FROM tickets t WHERE t.created_at >= :start AND t.created_at < :end GROUP BY 1, 2, 3, 4";
  static const struct { const char *name; gint64 days; } periods[] = {
    { "month", 30 }, { "quarter", 91 }, { "year", 365 }, { "all", 2 * 365 },
  };

  if (count_tickets (path) != n)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      generate (path, n, config);
    }
  store = hd_store_open (path, &error);
  g_assert_no_error (error);

  g_print ("%-9s %9s %9s %12s %14s %13s\n", "period", "tickets", "in period",
           "report ms", "raw main ms", "GROUP BY ms");
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr(HdReportQuery) query = hd_report_query_new ();
      g_autoptr(HdReport) report = NULL;
      double report_ms = G_MAXDOUBLE, main_ms = G_MAXDOUBLE, counts_ms = G_MAXDOUBLE;
      guint rows = 0, groups = 0;

      query->start = T_END - periods[i].days * 86400;
      query->end = T_END;
      query->now = T_END;
      /* Best of three: the first run also warms the page cache. */
      for (int run = 0; run < 3; run++)
        {
          gint64 t0 = g_get_monotonic_time ();

          g_clear_pointer (&report, hd_report_unref);
          report = hd_report_compute (store, hd_config_get_calendar (config), query, NULL, &error);
          g_assert_no_error (error);
          report_ms = MIN (report_ms, (g_get_monotonic_time () - t0) / 1e3);
          main_ms = MIN (main_ms, raw_sql (path, durations, query->start, query->end, &rows));
          counts_ms = MIN (counts_ms, raw_sql (path, counts_sql, query->start, query->end, &groups));
        }
      g_assert_cmpuint (rows, ==, report->n_tickets);
      g_print ("%-9s %9u %9u %12.1f %14.1f %13.1f\n", periods[i].name, n, report->n_tickets,
               report_ms, main_ms, counts_ms);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);

  g_assert_no_error (error);
  g_print ("# report: hd_report_compute() over the tickets created in the period (every\n"
           "# figure: counts, CSAT trend, durations in working time, SLA, reopen rate, top 5\n"
           "# sub-types and similar descriptions); raw main: its per-ticket SQL (ticket and\n"
           "# timeline summary) stepped to the end, without the work on the rows;\n"
           "# GROUP BY: the same counts as one SQL GROUP BY, which the report does not use.\n"
           "# Best of 3 runs, page cache warm.\n");
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      bench ((guint) strtoul (argv[i], NULL, 10), config);
  else
    {
      bench (100000, config);
      bench (1000000, config);
    }
  return 0;
}
