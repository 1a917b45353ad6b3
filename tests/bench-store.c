/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "hd-ticket-list-model.h"
#include "test-store-common.h"

/*
 * Store benchmark (docs/benchmarks.md). Each figure is printed beside the
 * limit measured in the same run with plain sqlite3 calls on a bare file of
 * the same schema: the difference is what HdStore itself costs.
 *
 *   meson test -C build --benchmark --suite store -v
 *   HD_BENCH_TICKETS=20000 build/tests/bench-store   (a quicker run)
 */

#define BATCH 1000

static const char *zh_problems[] = {
  "无法登录，提示密码错误", "退款申请一直没有到账", "支付失败，错误码 E1002", "积分规则咨询",
  "订单显示已发货但物流信息不更新", "优惠券无法使用", "账号被锁定，需要解封", "发票开具申请",
  "App 闪退，重装后依旧", "会员权益未生效", "修改收货地址", "客服回复太慢，要求投诉",
};
static const char *zh_tried[] = {
  "已尝试重置密码", "已重启手机", "已清除缓存", "已联系快递", "客户情绪激动", "第二次来电",
};
static const char *en_problems[] = {
  "cannot log in after the update", "refund not received", "payment failed with E1002",
  "app crashes on start", "invoice request", "coupon code rejected", "wrong item delivered",
};
static const char *groups[] = { "技术咨询组", "账务组", "投诉处理组", "产品反馈组" };
static const char *handlers[] = { "王五", "赵六", "Alice", "Bob", "陈七", "周八" };
static const char *priorities[] = { "P0", "P1", "P2" };

static HdTicket *
generate (GRand *rand, guint i)
{
  HdTicket *t = hd_ticket_new ();
  g_autofree char *label = g_strdup_printf ("客户%c-%u", 'A' + g_rand_int_range (rand, 0, 26), 2020 + i % 5);
  g_autofree char *number = g_strdup_printf ("C2024%07u", g_rand_int_range (rand, 0, 9999999));
  g_autofree char *contact = g_strdup_printf ("尾号%04d", g_rand_int_range (rand, 0, 10000));
  g_autofree char *desc = NULL;

  if (g_rand_int_range (rand, 0, 4) == 0)
    desc = g_strdup_printf ("%s; order DD%08u, %s.",
                            en_problems[g_rand_int_range (rand, 0, G_N_ELEMENTS (en_problems))],
                            g_rand_int (rand) % 100000000,
                            en_problems[g_rand_int_range (rand, 0, G_N_ELEMENTS (en_problems))]);
  else
    desc = g_strdup_printf ("%s。%s，订单号 DD%08u。客户诉求：尽快处理。",
                            zh_problems[g_rand_int_range (rand, 0, G_N_ELEMENTS (zh_problems))],
                            zh_tried[g_rand_int_range (rand, 0, G_N_ELEMENTS (zh_tried))],
                            g_rand_int (rand) % 100000000);

  hd_ticket_set_customer_label (t, label);
  hd_ticket_set_customer_number (t, number);
  hd_ticket_set_customer_type (t, "电商VIP");
  hd_ticket_set_contact (t, contact);
  hd_ticket_set_channel (t, g_rand_int_range (rand, 0, 6));
  hd_ticket_set_emotion (t, g_rand_int_range (rand, 0, 4));
  hd_ticket_set_description (t, desc);
  hd_ticket_set_type_l1 (t, "技术故障");
  hd_ticket_set_type_l2 (t, "登录异常");
  hd_ticket_set_priority (t, priorities[g_rand_int_range (rand, 0, 3)]);
  hd_ticket_set_group (t, groups[g_rand_int_range (rand, 0, G_N_ELEMENTS (groups))]);
  hd_ticket_set_handler (t, handlers[g_rand_int_range (rand, 0, G_N_ELEMENTS (handlers))]);
  hd_ticket_set_receiver (t, handlers[g_rand_int_range (rand, 0, G_N_ELEMENTS (handlers))]);
  /* A year of tickets, 2023-01-01 onwards. */
  hd_ticket_set_created_at (t, 1672531200 + (gint64) i * 315);
  hd_ticket_set_resolution_due (t, 1672531200 + (gint64) i * 315 + g_rand_int_range (rand, 3600, 5 * 86400));
  hd_ticket_set_status (t, g_rand_int_range (rand, 0, 10) < 6 ? HD_STATUS_CLOSED : g_rand_int_range (rand, 0, 4));
  return t;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
percentiles (GArray *ms, double *p50, double *p95)
{
  g_array_sort (ms, cmp_double);
  *p50 = g_array_index (ms, double, ms->len / 2);
  *p95 = g_array_index (ms, double, MIN (ms->len - 1, ms->len * 95 / 100));
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

static guint
raw_query (sqlite3 *db, const char *sql, const char *bind)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (bind != NULL)
    sqlite3_bind_text (stmt, 1, bind, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      /* Read every column, as the store does. */
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        (void) sqlite3_column_text (stmt, c);
      n++;
    }
  sqlite3_finalize (stmt);
  return n;
}

static void
bench_search (HdStore    *store,
              sqlite3    *raw,
              const char *label,
              const char * const *queries,
              guint       n_queries)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint hits = 0;
  double p50, p95, r50, r95;

  for (guint round = 0; round < 10; round++)
    for (guint i = 0; i < n_queries; i++)
      {
        g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *sql = NULL;
        g_autoptr(GPtrArray) result = NULL;
        sqlite3_stmt *stmt = NULL;
        double t0 = now_ms (), t1;

        result = hd_store_search (store, queries[i], 50, NULL);
        t1 = now_ms ();
        g_array_append_val (ms, (double) { t1 - t0 });
        hits += result->len;

        /* The same SQL and binds, rows read but no objects made. */
        sql = hd_store_build_search_sql (queries[i], 50, binds);
        t0 = now_ms ();
        g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
        hd_store_bind_strings (stmt, binds);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            (void) sqlite3_column_text (stmt, c);
        sqlite3_finalize (stmt);
        t1 = now_ms ();
        g_array_append_val (raw_ms, (double) { t1 - t0 });
      }

  percentiles (ms, &p50, &p95);
  percentiles (raw_ms, &r50, &r95);
  g_print ("search %s: p50 %.2f ms, p95 %.2f ms (raw sqlite: p50 %.2f ms, p95 %.2f ms; %u queries, %.0f hits each)\n",
           label, p50, p95, r50, r95, ms->len, (double) hits / ms->len);
}

/* What short terms cost before the one-character index: LIKE '%term%' over
 * the six searchable columns, every term, newest first, at most 50. */
static void
bench_like_scan (sqlite3            *raw,
                 const char         *label,
                 const char * const *queries,
                 guint               n_queries)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  double p50, p95;

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < n_queries; i++)
      {
        g_auto(GStrv) terms = g_strsplit (queries[i], " ", -1);
        g_autoptr(GString) sql = g_string_new ("SELECT id FROM tickets WHERE 1");
        sqlite3_stmt *stmt = NULL;
        double t0 = now_ms ();

        for (guint t = 0; terms[t] != NULL; t++)
          g_string_append_printf (sql, " AND (number LIKE ?%1$u OR customer_label LIKE ?%1$u"
                                  " OR customer_name LIKE ?%1$u OR customer_number LIKE ?%1$u"
                                  " OR contact LIKE ?%1$u OR description LIKE ?%1$u)", t + 1);
        g_string_append (sql, " ORDER BY id DESC LIMIT 50");
        g_assert_cmpint (sqlite3_prepare_v2 (raw, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
        for (guint t = 0; terms[t] != NULL; t++)
          sqlite3_bind_text (stmt, t + 1, g_strdup_printf ("%%%s%%", terms[t]), -1, g_free);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          ;
        sqlite3_finalize (stmt);
        g_array_append_val (ms, (double) { now_ms () - t0 });
      }
  percentiles (ms, &p50, &p95);
  g_print ("  before the one-character index (LIKE scan, %s): p50 %.2f ms, p95 %.2f ms\n", label, p50, p95);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20231001);
  g_autofree char *raw_path = NULL;
  StoreFixture fx;
  HdStore *store;
  sqlite3 *raw;
  const char *env = g_getenv ("HD_BENCH_TICKETS");
  guint n = env ? (guint) atoi (env) : 100000;
  double store_ms = 0, raw_ms = 0, t0;
  const char *long_queries[] = { "无法登录", "没有到账", "E1002", "优惠券", "log in", "客户Q-2022", "物流信息", "crashes" };
  const char *short_queries[] = { "登录", "退款", "发票", "闪退", "锁定", "解封" };
  const char *rare_queries[] = { "火星", "E9", "鲸鱼 qq" };
  const char *mixed_queries[] = { "客户 登录失败", "退款 客户", "E1002 登录", "crashes e" };

  store_fixture_setup (&fx, NULL);
  raw_path = g_build_filename (fx.dir, "raw.db", NULL);
  g_print ("store benchmark: %u tickets in %s\n", n, fx.dir);

  store = hd_store_open (fx.path, &error);
  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (store, TRUE);

  raw = open_raw (raw_path);
  g_assert_cmpint (sqlite3_exec (raw, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (hd_store_schema_migrate (raw, 0, HD_STORE_SCHEMA_VERSION, NULL));
  g_assert_cmpint (sqlite3_exec (raw, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);

  /* Insert, in transactions of BATCH tickets, the same rows both ways. */
  for (guint done = 0; done < n; done += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      sqlite3_stmt *stmt = NULL;

      for (guint i = done; i < MIN (n, done + BATCH); i++)
        g_ptr_array_add (batch, generate (rand, i));

      t0 = now_ms ();
      g_assert_true (hd_store_create_tickets (store, batch, "bench", &error));
      g_assert_no_error (error);
      store_ms += now_ms () - t0;

      t0 = now_ms ();
      sqlite3_exec (raw, "BEGIN", NULL, NULL, NULL);
      g_assert_cmpint (sqlite3_prepare_v2 (raw, hd_store_ticket_sql ()->insert, -1, &stmt, NULL), ==, SQLITE_OK);
      for (guint i = 0; i < batch->len; i++)
        {
          hd_store_bind_ticket (stmt, batch->pdata[i]);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_reset (stmt);
        }
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_exec (raw, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
      raw_ms += now_ms () - t0;
    }
  g_print ("insert: %.0f tickets/s (raw sqlite: %.0f rows/s, ratio %.2f) — store: row + both FTS indexes + search_chars + created event + outbox op with JSON; raw: row + both FTS indexes + search_chars\n",
           n / (store_ms / 1000), n / (raw_ms / 1000), raw_ms / store_ms);

  bench_search (store, raw, "≥3 characters (FTS5 trigram)", long_queries, G_N_ELEMENTS (long_queries));
  bench_search (store, raw, "2 characters (short-term index)", short_queries, G_N_ELEMENTS (short_queries));
  bench_like_scan (raw, "same terms", short_queries, G_N_ELEMENTS (short_queries));
  bench_search (store, raw, "1-2 characters, no match (short-term index)", rare_queries, G_N_ELEMENTS (rare_queries));
  bench_like_scan (raw, "same terms", rare_queries, G_N_ELEMENTS (rare_queries));
  bench_search (store, raw, "a short and a long term (both indexes, intersected)", mixed_queries, G_N_ELEMENTS (mixed_queries));

  {
    guint counts[HD_N_STATUSES];
    t0 = now_ms ();
    hd_store_count_by_status (store, counts, NULL);
    g_print ("count by status: %.1f ms (pending %u, closed %u)\n", now_ms () - t0,
             counts[HD_STATUS_PENDING], counts[HD_STATUS_CLOSED]);
  }
  {
    t0 = now_ms ();
    g_assert_true (hd_store_check_integrity (store, FALSE, NULL));
    g_print ("full quick_check: %.0f ms (hd_store_open checks fully only files up to 16 MiB)\n", now_ms () - t0);
  }
  g_clear_object (&store);
  sqlite3_close (raw);

  /* Cold-ish open and the first card of a board column and of the whole list. */
  for (int status = HD_STATUS_PENDING; status >= -1; status -= 1 + HD_STATUS_PENDING)
    {
      g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
      g_autoptr(HdTicketListModel) model = NULL;
      g_autoptr(HdTicket) first = NULL;
      g_autofree char *raw_sql = NULL;
      double t_open, t_model, t_raw;
      guint rows;

      t0 = now_ms ();
      store = hd_store_open (fx.path, &error);
      g_assert_no_error (error);
      t_open = now_ms () - t0;
      hd_ticket_query_set_status (query, status);
      model = hd_ticket_list_model_new (store, query);
      while (hd_ticket_list_model_get_loading (model))
        g_main_context_iteration (NULL, TRUE);
      first = g_list_model_get_item (G_LIST_MODEL (model), 0);
      t_model = now_ms () - t0;

      t0 = now_ms ();
      raw = open_raw (fx.path);
      raw_sql = g_strdup_printf ("SELECT %s FROM tickets %s ORDER BY resolution_due = 0, resolution_due, id LIMIT 50",
                                 hd_store_ticket_columns (), status >= 0 ? "WHERE status = ?1" : "");
      rows = raw_query (raw, raw_sql, status >= 0 ? hd_status_to_id (status) : NULL);
      t_raw = now_ms () - t0;
      sqlite3_close (raw);

      g_print ("open + first page (%s, %u rows): %.1f ms, of which open %.1f ms (raw sqlite open + SELECT … LIMIT 50: %.1f ms, %u rows)\n",
               status >= 0 ? "pending column" : "all tickets",
               g_list_model_get_n_items (G_LIST_MODEL (model)), t_model, t_open, t_raw, rows);
      g_clear_object (&model);
      g_clear_object (&store);
    }

  {
    GStatBuf st;
    if (g_stat (fx.path, &st) == 0)
      g_print ("file size: %.1f MiB for %u tickets\n", st.st_size / 1048576.0, n);
  }

  store_fixture_teardown (&fx, NULL);
  return 0;
}
