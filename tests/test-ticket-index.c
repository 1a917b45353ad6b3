/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HdTicketIndex answers HdTicketQuery in memory: its ids, in order, must be
 * exactly those of the SQL the list model used to run
 * (hd_ticket_query_build_id_sql), for every filter, sort and search text,
 * and again after the store changes.
 */
#include "config.h"

#include "hd-config.h"
#include "hd-sample-data.h"
#include "hd-ticket-index.h"
#include "test-store-common.h"

#define N_TICKETS 3000

static const char *searches[] = {
  NULL, "客", "客户", "客户A", "登录", "退款", "无法登录", "login", "LOGIN", "refund",
  "E", "E1", "e10", "zzz-nothing", "客户 login", "\"; DROP TABLE tickets", "50%", "a_b",
  /* Several terms of one index: each phrase's list read, then intersected. */
  "re lo", "客 户", "login 客户 e", "无法登录 客户", "退款 refund", "E1 zzz",
  /* One letter or digit: answered from the snapshot's search_chars. */
  "l", " Z ", "7", "q", "_",
};

typedef struct {
  StoreFixture fx;
  HdStore *store;
  HdTicketIndex *index;
  GPtrArray *handlers;     /* distinct values in the store, plus one absent */
  GPtrArray *groups;
  GPtrArray *priorities;
  GPtrArray *types;
} Fixture;

static GPtrArray *
distinct (HdStore *store, const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT DISTINCT %s FROM tickets WHERE %s IS NOT NULL"
                                          " ORDER BY 1 LIMIT 6", column, column);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (hd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_ptr_array_add (values, g_strdup ("absent-value"));
  return values;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(GPtrArray) tickets = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *groups[] = { "一线", "二线", "billing", NULL };

  g_assert_no_error (error);
  store_fixture_setup (&f->fx, data);
  f->store = hd_store_open (f->fx.path, &error);
  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (f->store, TRUE);

  tickets = hd_sample_data_generate (config, N_TICKETS, 7, now);
  for (guint i = 0; i < tickets->len; i++)
    {
      HdTicket *t = g_ptr_array_index (tickets, i);

      /* Every kind of key the SQL compares: NULLs, unknown values, ties. */
      hd_ticket_set_group (t, groups[i % G_N_ELEMENTS (groups)]);
      hd_ticket_set_escalated (t, i % 7 == 0);
      if (i % 11 == 0)
        hd_ticket_set_priority (t, NULL);
      else if (i % 13 == 0)
        hd_ticket_set_priority (t, "P-unknown");
      if (i % 17 == 0)
        hd_ticket_set_resolution_due (t, i % 34 == 0 ? 0 : now + 3600);
      if (i % 19 == 0)
        hd_ticket_set_created_at (t, now - 86400);
      if (i % 23 == 0)
        hd_ticket_set_customer_label (t, "客户A-50%_b");
    }
  g_assert_true (hd_store_create_tickets (f->store, tickets, "test", &error));
  g_assert_no_error (error);

  f->index = hd_ticket_index_get_for_store (f->store);
  f->handlers = distinct (f->store, "handler");
  f->groups = distinct (f->store, "handling_group");
  f->priorities = distinct (f->store, "priority");
  f->types = distinct (f->store, "type_l1");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->index);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->handlers);
  g_ptr_array_unref (f->groups);
  g_ptr_array_unref (f->priorities);
  g_ptr_array_unref (f->types);
  store_fixture_teardown (&f->fx, data);
}

static GArray *
sql_ids (HdStore *store, HdTicketQuery *query)
{
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = hd_ticket_query_build_id_sql (query, binds);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (hd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_true (hd_store_bind_strings (stmt, binds));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return ids;
}

/* Runs @query both ways and compares; returns the number of results. */
static guint
assert_same (Fixture *f, HdTicketQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicketIndexQuery) q = hd_ticket_index_query_new (query, g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(GArray) expected = sql_ids (f->store, query);
  g_autoptr(GArray) ids = hd_ticket_index_run (f->index, q, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  if (ids->len != expected->len)
    g_error ("status %d sort %d search “%s”: %u ids, SQL %u", hd_ticket_query_get_status (query),
             hd_ticket_query_get_sort (query), hd_ticket_query_get_search_text (query),
             ids->len, expected->len);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) != g_array_index (expected, gint64, i))
      g_error ("status %d sort %d search “%s”: id %" G_GINT64_FORMAT " at %u, SQL %" G_GINT64_FORMAT,
               hd_ticket_query_get_status (query), hd_ticket_query_get_sort (query),
               hd_ticket_query_get_search_text (query), g_array_index (ids, gint64, i), i,
               g_array_index (expected, gint64, i));
  return ids->len;
}

static const char *priority_order[] = { "P1", "P0", "P3", "P2", "P0", NULL };

static void
set_sort (HdTicketQuery *query, guint sort)
{
  /* 0..3 the sorts, 4: by priority with an order (a duplicate in it). */
  hd_ticket_query_set_sort (query, MIN (sort, HD_TICKET_SORT_PRIORITY));
  hd_ticket_query_set_priority_order (query, sort == 4 ? priority_order : NULL);
}

/* Every status × every sort × every search text. */
static void
assert_all_searches (Fixture *f)
{
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  guint found = 0;

  for (int status = -1; status < HD_N_STATUSES; status++)
    for (guint sort = 0; sort <= 4; sort++)
      for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
        {
          hd_ticket_query_set_status (query, status);
          set_sort (query, sort);
          hd_ticket_query_set_search_text (query, searches[s]);
          found += assert_same (f, query);
        }
  g_assert_cmpuint (found, >, 0);
}

static void
test_searches (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();

  /* The data holds what the searches look for. */
  g_assert_cmpuint (assert_same (f, query), ==, N_TICKETS);
  hd_ticket_query_set_search_text (query, "客户");
  g_assert_cmpuint (assert_same (f, query), >, 0);
  hd_ticket_query_set_search_text (query, "50%");
  g_assert_cmpuint (assert_same (f, query), >, 0);
  hd_ticket_query_set_search_text (query, "zzz-nothing");
  g_assert_cmpuint (assert_same (f, query), ==, 0);

  assert_all_searches (f);
  g_assert_cmpuint (hd_ticket_index_get_n_tickets (f->index), ==, N_TICKETS);
  /* Under 110 bytes a ticket for the keys and search_chars, plus 12 for
   * each sorted order the searches asked for (position and id): 4 sorts,
   * by status and over all, and the priority sort with and without an
   * order. */
  g_assert_cmpuint (hd_ticket_index_get_size (f->index), <, (110 + 12 * 10) * N_TICKETS);
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  struct { const char *property; GPtrArray *values; } strings[] = {
    { "handler", f->handlers }, { "group", f->groups },
    { "priority", f->priorities }, { "type-l1", f->types },
  };
  guint found = 0;

  g_assert_cmpuint (f->handlers->len, >, 2);
  g_assert_cmpuint (f->groups->len, >, 2);
  g_assert_cmpuint (f->priorities->len, >, 2);
  g_assert_cmpuint (f->types->len, >, 2);

  /* Each filter alone, with each sort, in every column and in none. */
  for (guint p = 0; p < G_N_ELEMENTS (strings); p++)
    for (guint v = 0; v < strings[p].values->len; v++)
      for (guint sort = 0; sort <= 4; sort++)
        for (int status = -1; status < HD_N_STATUSES; status++)
          {
            g_autoptr(HdTicketQuery) one = hd_ticket_query_new ();

            g_object_set (one, strings[p].property, g_ptr_array_index (strings[p].values, v),
                          "status", status, NULL);
            set_sort (one, sort);
            found += assert_same (f, one);
          }
  g_assert_cmpuint (found, >, 0);

  for (guint sort = 0; sort <= 4; sort++)
    for (int status = -1; status < HD_N_STATUSES; status++)
      {
        hd_ticket_query_set_status (query, status);
        set_sort (query, sort);
        g_object_set (query, "escalated-only", TRUE, "overdue-only", FALSE, NULL);
        assert_same (f, query);
        g_object_set (query, "escalated-only", FALSE, "overdue-only", TRUE, NULL);
        assert_same (f, query);
        g_object_set (query, "escalated-only", TRUE, NULL);
        assert_same (f, query);
        g_object_set (query, "escalated-only", FALSE, "overdue-only", FALSE, NULL);
      }
  hd_ticket_query_set_status (query, -1);
  hd_ticket_query_set_overdue_only (query, TRUE);
  g_assert_cmpuint (assert_same (f, query), >, 0);
  hd_ticket_query_set_overdue_only (query, FALSE);
  hd_ticket_query_set_escalated_only (query, TRUE);
  g_assert_cmpuint (assert_same (f, query), >, 0);

  /* Everything at once, as the board's toolbar sets it. */
  g_object_set (query, "status", HD_STATUS_IN_PROGRESS, "overdue-only", TRUE, "escalated-only", FALSE,
                "handler", g_ptr_array_index (f->handlers, 0), "group", g_ptr_array_index (f->groups, 1),
                "search-text", "客户", NULL);
  for (guint sort = 0; sort <= 4; sort++)
    {
      set_sort (query, sort);
      assert_same (f, query);
    }
}

static void
on_changed (HdTicketIndex *index, guint *count)
{
  (*count)++;
}

static void
test_store_change (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  g_autoptr(HdTicket) created = make_ticket (N_TICKETS + 1);
  g_autoptr(GPtrArray) some = NULL;
  guint changed = 0;

  g_signal_connect (f->index, "changed", G_CALLBACK (on_changed), &changed);
  hd_ticket_query_set_search_text (query, "退款");
  assert_same (f, query);
  g_assert_cmpuint (hd_ticket_index_get_n_tickets (f->index), ==, N_TICKETS);

  /* Moves, new priorities and handlers, escalation, a new ticket whose text
   * matches a cached search. */
  some = hd_store_search (f->store, "客户", 40, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 40);
  for (guint i = 0; i < some->len; i++)
    {
      HdTicket *t = g_ptr_array_index (some, i);

      hd_ticket_set_status (t, (HdStatus) (i % HD_N_STATUSES));
      hd_ticket_set_priority (t, i % 3 == 0 ? "P0" : NULL);
      hd_ticket_set_handler (t, i % 2 ? "新人" : NULL);
      hd_ticket_set_escalated (t, i % 4 == 0);
      hd_ticket_set_resolution_due (t, i % 5 == 0 ? 0 : g_get_real_time () / G_USEC_PER_SEC - 60 * i);
      /* "q" only here: the one-letter search follows the update. */
      hd_ticket_set_description (t, i == 0 ? "新的描述：退款 refund quickly" : "新的描述：退款 refund");
      g_assert_true (hd_store_update_ticket (f->store, t, "test", &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (changed, ==, some->len);
  g_assert_cmpuint (hd_ticket_index_get_n_tickets (f->index), ==, 0);

  hd_ticket_set_description (created, "退款 refund 新的");
  hd_ticket_set_status (created, HD_STATUS_PENDING);
  g_assert_true (hd_store_create_ticket (f->store, created, "test", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (assert_same (f, query), >, 40);
  g_assert_cmpuint (hd_ticket_index_get_n_tickets (f->index), ==, N_TICKETS + 1);
  hd_ticket_query_set_handler (query, "新人");
  g_assert_cmpuint (assert_same (f, query), ==, 20);
  hd_ticket_query_set_handler (query, NULL);
  hd_ticket_query_set_search_text (query, "q");
  g_assert_cmpuint (assert_same (f, query), >=, 1);
  hd_ticket_query_set_search_text (query, NULL);
  assert_all_searches (f);
}

/* Several threads asking at once (the five columns of one keystroke) get the
 * same answers as one alone. */
typedef struct {
  HdTicketIndex *index;
  HdTicketIndexQuery *query;
  GArray *ids;
} ThreadRun;

static gpointer
run_thread (gpointer data)
{
  ThreadRun *run = data;

  run->ids = hd_ticket_index_run (run->index, run->query, NULL, NULL);
  return NULL;
}

static void
test_threads (Fixture *f, gconstpointer data)
{
  ThreadRun runs[HD_N_STATUSES * 2];
  GThread *threads[G_N_ELEMENTS (runs)];
  guint read = hd_ticket_index_get_n_searches_read (f->index);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();

      hd_ticket_query_set_status (query, i % HD_N_STATUSES);
      hd_ticket_query_set_search_text (query, i < HD_N_STATUSES ? "客户" : "login");
      runs[i].index = f->index;
      runs[i].query = hd_ticket_index_query_new (query, g_get_real_time () / G_USEC_PER_SEC);
      threads[i] = g_thread_new ("run", run_thread, &runs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
      g_autoptr(GArray) expected = NULL;

      g_thread_join (threads[i]);
      hd_ticket_query_set_status (query, i % HD_N_STATUSES);
      hd_ticket_query_set_search_text (query, i < HD_N_STATUSES ? "客户" : "login");
      expected = sql_ids (f->store, query);
      g_assert_nonnull (runs[i].ids);
      g_assert_cmpuint (runs[i].ids->len, ==, expected->len);
      g_assert_cmpmem (runs[i].ids->data, runs[i].ids->len * sizeof (gint64),
                       expected->data, expected->len * sizeof (gint64));
      g_array_unref (runs[i].ids);
      hd_ticket_index_query_free (runs[i].query);
    }
  /* Each text was read once, however the threads met. */
  g_assert_cmpuint (hd_ticket_index_get_n_searches_read (f->index), ==, read + 2);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  g_autoptr(HdTicketIndexQuery) q = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  hd_ticket_query_set_search_text (query, "客");
  q = hd_ticket_index_query_new (query, 0);
  g_cancellable_cancel (cancellable);
  ids = hd_ticket_index_run (f->index, q, cancellable, &error);
  g_assert_null (ids);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Nothing half-done was kept. */
  assert_same (f, query);
}

static void
assert_diff (const gint64 *a, guint na, const gint64 *b, guint nb,
             gboolean changed, guint position, guint removed, guint added)
{
  guint p = G_MAXUINT, r = G_MAXUINT, n = G_MAXUINT;

  g_assert_cmpint (hd_ticket_ids_diff (a, na, b, nb, &p, &r, &n), ==, changed);
  g_assert_cmpuint (p, ==, position);
  g_assert_cmpuint (r, ==, removed);
  g_assert_cmpuint (n, ==, added);
}

static void
test_diff (void)
{
  const gint64 a[] = { 1, 2, 3, 4, 5 };
  const gint64 b[] = { 1, 2, 9, 4, 5 };
  const gint64 c[] = { 1, 5 };
  const gint64 d[] = { 2, 3, 4 };
  const gint64 e[] = { 5, 4, 3, 2, 1 };
  const gint64 g[] = { 1, 1, 1 };
  const gint64 h[] = { 1, 1 };

  assert_diff (a, 5, a, 5, FALSE, 5, 0, 0);
  assert_diff (NULL, 0, NULL, 0, FALSE, 0, 0, 0);
  assert_diff (NULL, 0, a, 5, TRUE, 0, 0, 5);
  assert_diff (a, 5, NULL, 0, TRUE, 0, 5, 0);
  assert_diff (a, 5, b, 5, TRUE, 2, 1, 1);
  assert_diff (a, 5, c, 2, TRUE, 1, 3, 0);     /* narrowed: the middle goes */
  assert_diff (c, 2, a, 5, TRUE, 1, 0, 3);
  assert_diff (a, 5, d, 3, TRUE, 0, 5, 3);
  assert_diff (a, 5, e, 5, TRUE, 0, 5, 5);
  assert_diff (g, 3, h, 2, TRUE, 2, 1, 0);     /* head and tail never overlap */
}

/* Erasing a character answers from the results kept of the last texts;
 * a text pushed out by eight newer ones, or any text after a change of
 * the store, is searched again. */
static void
test_search_memory (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  const char *others[] = { "客", "客户", "E", "E1", "E10", "re", "ref", "refu" };
  guint read;

  hd_ticket_query_set_search_text (query, "退款");
  assert_same (f, query);
  read = hd_ticket_index_get_n_searches_read (f->index);
  hd_ticket_query_set_search_text (query, "退款一");
  assert_same (f, query);
  g_assert_cmpuint (hd_ticket_index_get_n_searches_read (f->index), ==, read + 1);
  hd_ticket_query_set_search_text (query, "退款");
  assert_same (f, query);
  g_assert_cmpuint (hd_ticket_index_get_n_searches_read (f->index), ==, read + 1);

  /* Six other texts later, the longer one is still kept. */
  for (guint i = 0; i < 6; i++)
    {
      hd_ticket_query_set_search_text (query, others[i]);
      assert_same (f, query);
    }
  read = hd_ticket_index_get_n_searches_read (f->index);
  hd_ticket_query_set_search_text (query, "退款一");
  assert_same (f, query);
  g_assert_cmpuint (hd_ticket_index_get_n_searches_read (f->index), ==, read);

  for (guint i = 6; i < G_N_ELEMENTS (others); i++)
    {
      hd_ticket_query_set_search_text (query, others[i]);
      assert_same (f, query);
    }
  read = hd_ticket_index_get_n_searches_read (f->index);
  hd_ticket_query_set_search_text (query, "退款");
  assert_same (f, query);
  g_assert_cmpuint (hd_ticket_index_get_n_searches_read (f->index), ==, read + 1);

  /* A change of the store: the same text is searched again, and answers
   * with the new ticket. */
  {
    g_autoptr(HdTicket) created = make_ticket (N_TICKETS + 7);

    hd_ticket_set_description (created, "退款还没到");
    g_assert_true (hd_store_create_ticket (f->store, created, NULL, &error));
    g_assert_no_error (error);
  }
  read = hd_ticket_index_get_n_searches_read (f->index);
  assert_same (f, query);
  g_assert_cmpuint (hd_ticket_index_get_n_searches_read (f->index), ==, read + 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ticket-index/diff", test_diff);
#define ADD(path, func) \
  g_test_add ("/ticket-index/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("searches", test_searches);
  ADD ("filters", test_filters);
  ADD ("store-change", test_store_change);
  ADD ("threads", test_threads);
  ADD ("cancelled", test_cancelled);
  ADD ("search-memory", test_search_memory);
#undef ADD

  return g_test_run ();
}
