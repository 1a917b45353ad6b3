/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-ticket-list-model.h"
#include "test-store-common.h"

typedef struct {
  guint calls;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  g_assert_cmpuint (position, ==, 0);
  record->calls++;
  record->removed = removed;
  record->added = added;
}

static void
wait_loaded (HdTicketListModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (hd_ticket_list_model_get_loading (model))
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static HdStore *
filled_store (StoreFixture *fx,
              guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  HdStore *store = hd_store_open (fx->path, &error);

  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (store, TRUE);
  for (guint i = 0; i < n; i++)
    {
      HdTicket *t = make_ticket (i);
      hd_ticket_set_status (t, i % 4 == 0 ? HD_STATUS_PENDING : HD_STATUS_IN_PROGRESS);
      hd_ticket_set_priority (t, i % 3 == 0 ? "P0" : i % 3 == 1 ? "P1" : "P2");
      hd_ticket_set_handler (t, i % 2 ? "王五" : "赵六");
      /* Unique, shuffled due times; every tenth has none. */
      hd_ticket_set_resolution_due (t, i % 10 == 9 ? 0 : 1700000000 + (gint64) ((i * 7919) % n) * 60);
      if (i == 42)
        hd_ticket_set_description (t, "退款一直没有到账");
      g_ptr_array_add (batch, t);
    }
  g_assert_true (hd_store_create_tickets (store, batch, NULL, &error));
  g_assert_no_error (error);
  return store;
}

static void
test_paging (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = filled_store (fx, 1000);
  g_autoptr(HdTicketListModel) model = hd_ticket_list_model_new (store, NULL);
  ItemsChanged record = { 0 };
  gint64 previous = 0;
  guint n;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &record);
  g_assert_true (hd_ticket_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  wait_loaded (model);
  g_assert_cmpuint (record.calls, ==, 1);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 1000);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 1000);
  /* First screen: one page, read by the worker with the ids. */
  g_assert_cmpuint (hd_ticket_list_model_get_n_cached (model), ==, HD_STORE_PAGE_SIZE);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == HD_TYPE_TICKET);

  {
    g_autoptr(HdTicket) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(HdTicket) again = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (first == again);
    g_assert_cmpuint (hd_ticket_list_model_get_n_cached (model), ==, HD_STORE_PAGE_SIZE);
    g_assert_nonnull (hd_ticket_get_uuid (first));
  }

  /* Scrolling through everything: due order (no due time last), bounded cache. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HdTicket) t = g_list_model_get_item (G_LIST_MODEL (model), i);
      gint64 due = hd_ticket_get_resolution_due (t);

      g_assert_nonnull (hd_ticket_get_number (t));
      if (previous != 0 && due != 0)
        g_assert_cmpint (due, >, previous);
      if (i < 900)
        g_assert_cmpint (due, !=, 0);
      else
        g_assert_cmpint (due, ==, 0);
      previous = due;
      g_assert_cmpuint (hd_ticket_list_model_get_n_cached (model), <=, 16 * HD_STORE_PAGE_SIZE);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* An item whose page was evicted is read again, equal in content. */
  {
    g_autoptr(HdTicket) t = g_list_model_get_item (G_LIST_MODEL (model), 3);
    g_assert_cmpint (hd_ticket_get_resolution_due (t), >, 0);
  }
}

/* A board column's model reads only its first screen with the ids; the
 * rest comes a page at a time when asked for. */
static void
test_first_read (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = filled_store (fx, 300);
  g_autoptr(HdTicketListModel) model = hd_ticket_list_model_new (store, NULL);

  /* For the next reload (the model's first one is under way). */
  hd_ticket_list_model_set_first_read (model, 16);
  hd_ticket_list_model_reload (model);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);
  g_assert_cmpuint (hd_ticket_list_model_get_n_cached (model), ==, 16);
  {
    g_autoptr(HdTicket) in_view = g_list_model_get_item (G_LIST_MODEL (model), 15);
    g_autoptr(HdTicket) below = NULL;

    g_assert_nonnull (in_view);
    g_assert_cmpuint (hd_ticket_list_model_get_n_cached (model), ==, 16);
    below = g_list_model_get_item (G_LIST_MODEL (model), 16);
    g_assert_nonnull (below);
    g_assert_cmpuint (hd_ticket_list_model_get_n_cached (model), >, 16);
  }
}

static void
test_filters (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = filled_store (fx, 400);
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  g_autoptr(HdTicketListModel) model = NULL;
  const char *order[] = { "P0", "P1", "P2", NULL };
  guint counts[HD_N_STATUSES];

  hd_ticket_query_set_status (query, HD_STATUS_PENDING);
  model = hd_ticket_list_model_new (store, query);
  wait_loaded (model);
  g_assert_true (hd_store_count_by_status (store, counts, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, counts[HD_STATUS_PENDING]);
  g_assert_cmpuint (counts[HD_STATUS_PENDING], ==, 100);

  /* Changing the query reloads by itself. */
  hd_ticket_query_set_handler (query, "赵六");
  g_assert_true (hd_ticket_list_model_get_loading (model));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100); /* i%4==0 ⊂ even */

  hd_ticket_query_set_status (query, -1);
  hd_ticket_query_set_handler (query, NULL);
  hd_ticket_query_set_search_text (query, "退款");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  hd_ticket_query_set_search_text (query, "没有到账");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  hd_ticket_query_set_search_text (query, "\"; DROP TABLE tickets");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  hd_ticket_query_set_search_text (query, NULL);
  hd_ticket_query_set_priority_order (query, order);
  hd_ticket_query_set_sort (query, HD_TICKET_SORT_PRIORITY);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 400);
  {
    g_autoptr(HdTicket) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(HdTicket) last = g_list_model_get_item (G_LIST_MODEL (model), 399);
    g_assert_cmpstr (hd_ticket_get_priority (first), ==, "P0");
    g_assert_cmpstr (hd_ticket_get_priority (last), ==, "P2");
  }

  hd_ticket_query_set_sort (query, HD_TICKET_SORT_CREATED);
  hd_ticket_query_set_priority (query, "P1");
  wait_loaded (model);
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
    g_assert_cmpuint (n, ==, 133);
    for (guint i = 1; i < n; i++)
      {
        g_autoptr(HdTicket) a = g_list_model_get_item (G_LIST_MODEL (model), i - 1);
        g_autoptr(HdTicket) b = g_list_model_get_item (G_LIST_MODEL (model), i);
        g_assert_cmpint (hd_ticket_get_created_at (a), >=, hd_ticket_get_created_at (b));
        g_assert_cmpstr (hd_ticket_get_priority (b), ==, "P1");
      }
  }
}

static void
test_superseded_reload (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = filled_store (fx, 2000);
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  g_autoptr(HdTicketListModel) model = hd_ticket_list_model_new (store, query);
  ItemsChanged record = { 0 };
  const char *typed[] = { "客", "客户", "客户A", "客户A-", "客户A-00", "客户A-004", "客户A-0042" };

  wait_loaded (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &record);

  /* Typing fast: each keystroke supersedes the previous reload. */
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      hd_ticket_query_set_search_text (query, typed[i]);
      hd_ticket_list_model_reload (model);
    }
  g_assert_true (hd_ticket_list_model_get_loading (model));
  wait_loaded (model);

  g_assert_cmpuint (record.calls, ==, 1);
  g_assert_cmpuint (record.removed, ==, 2000);
  g_assert_cmpuint (record.added, ==, 1);
  {
    g_autoptr(HdTicket) t = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpstr (hd_ticket_get_customer_label (t), ==, "客户A-0042");
  }

  /* No stale completion arrives later. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (record.calls, ==, 1);
}

static void
test_reload_on_commit (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = filled_store (fx, 10);
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  g_autoptr(HdTicketListModel) model = NULL;
  g_autoptr(HdTicket) t = make_ticket (100);
  g_autoptr(HdTicket) moved = NULL;
  ItemsChanged record = { 0 };

  hd_ticket_query_set_status (query, HD_STATUS_PENDING);
  model = hd_ticket_list_model_new (store, query);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &record);

  hd_ticket_set_status (t, HD_STATUS_PENDING);
  g_assert_true (hd_store_create_ticket (store, t, NULL, &error));
  g_assert_true (hd_ticket_list_model_get_loading (model));
  wait_loaded (model);
  g_assert_cmpuint (record.calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);

  /* A card moved to another column leaves this one. */
  moved = g_list_model_get_item (G_LIST_MODEL (model), 0);
  hd_ticket_set_status (moved, HD_STATUS_IN_PROGRESS);
  g_assert_true (hd_store_update_ticket (store, moved, "王五", &error));
  g_assert_no_error (error);
  wait_loaded (model);
  g_assert_cmpuint (record.calls, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Labels of the model's tickets, sorted and joined with spaces. */
static char *
model_labels (HdTicketListModel *model)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  wait_loaded (model);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(HdTicket) t = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_ptr_array_add (labels, g_strdup (hd_ticket_get_customer_label (t)));
    }
  g_ptr_array_sort (labels, compare_strings);
  g_ptr_array_add (labels, NULL);
  return g_strjoinv (" ", (char **) labels->pdata);
}

static void
assert_labels (HdTicketListModel *model,
               const char        *expected)
{
  g_autofree char *labels = model_labels (model);

  g_assert_cmpstr (labels, ==, expected);
}

static void
test_type_overdue_escalated (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = hd_store_open (fx->path, &error);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  g_autoptr(HdTicketListModel) model = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const struct {
    const char *label;
    const char *type;
    HdStatus status;
    gint64 first_response_at;
    gint64 response_due;
    gint64 resolution_due;
    gboolean escalated;
  } rows[] = {
    /* Response overdue: pending, no first response yet. */
    { "a-response-late", "技术故障", HD_STATUS_PENDING, 0, now - 60, now + 7200, FALSE },
    /* Answered, so the resolution counts: still in time. */
    { "b-answered", "技术故障", HD_STATUS_PENDING, now - 600, now - 60, now + 7200, TRUE },
    /* Response due later, resolution passed: the response deadline counts. */
    { "c-response-ahead", "账务问题", HD_STATUS_PENDING, 0, now + 600, now - 60, FALSE },
    /* No response deadline, resolution passed. */
    { "d-resolution-late", "账务问题", HD_STATUS_PENDING, 0, 0, now - 60, FALSE },
    { "e-working-late", "技术故障", HD_STATUS_IN_PROGRESS, now - 900, now - 3600, now - 60, TRUE },
    { "f-working-in-time", "账务问题", HD_STATUS_IN_PROGRESS, now - 900, 0, now + 60, FALSE },
    /* The result is sent: nothing is waiting on a deadline any more. */
    { "g-pending-close", "技术故障", HD_STATUS_PENDING_CLOSE, 0, now - 3600, now - 60, TRUE },
    { "h-closed", "账务问题", HD_STATUS_CLOSED, 0, now - 3600, now - 60, FALSE },
    /* No deadline at all. */
    { "i-no-deadline", "其他", HD_STATUS_IN_PROGRESS, 0, 0, 0, TRUE },
  };

  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (store, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      HdTicket *t = make_ticket (i);

      hd_ticket_set_customer_label (t, rows[i].label);
      hd_ticket_set_type_l1 (t, rows[i].type);
      hd_ticket_set_status (t, rows[i].status);
      hd_ticket_set_first_response_at (t, rows[i].first_response_at);
      hd_ticket_set_response_due (t, rows[i].response_due);
      hd_ticket_set_resolution_due (t, rows[i].resolution_due);
      hd_ticket_set_escalated (t, rows[i].escalated);
      g_ptr_array_add (batch, t);
    }
  g_assert_true (hd_store_create_tickets (store, batch, NULL, &error));
  g_assert_no_error (error);

  model = hd_ticket_list_model_new (store, query);
  assert_labels (model, "a-response-late b-answered c-response-ahead d-resolution-late e-working-late "
                        "f-working-in-time g-pending-close h-closed i-no-deadline");

  hd_ticket_query_set_type_l1 (query, "账务问题");
  assert_labels (model, "c-response-ahead d-resolution-late f-working-in-time h-closed");
  hd_ticket_query_set_type_l1 (query, "");
  g_assert_null (hd_ticket_query_get_type_l1 (query));

  hd_ticket_query_set_escalated_only (query, TRUE);
  g_assert_true (hd_ticket_query_get_escalated_only (query));
  assert_labels (model, "b-answered e-working-late g-pending-close i-no-deadline");
  hd_ticket_query_set_escalated_only (query, FALSE);

  hd_ticket_query_set_overdue_only (query, TRUE);
  g_assert_true (hd_ticket_query_get_overdue_only (query));
  assert_labels (model, "a-response-late d-resolution-late e-working-late");

  /* Combined with AND, and through the properties. */
  g_object_set (query, "escalated-only", TRUE, "type-l1", "技术故障", NULL);
  assert_labels (model, "e-working-late");
  g_object_set (query, "overdue-only", FALSE, "type-l1", "其他", NULL);
  assert_labels (model, "i-no-deadline");
}

typedef struct {
  guint calls;
  guint position;        /* of the first change */
  guint removed;         /* in all changes */
  guint added;
  GPtrArray *mirror;     /* the items, as a view following the changes sees them */
} AnyChange;

static void
on_any_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               AnyChange  *record)
{
  if (record->calls++ == 0)
    record->position = position;
  record->removed += removed;
  record->added += added;
  g_assert_cmpuint (position + removed, <=, record->mirror->len);
  g_ptr_array_remove_range (record->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (record->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (record->mirror->len, ==, g_list_model_get_n_items (model));
}

static void
assert_mirrored (GListModel *model,
                 AnyChange  *record)
{
  g_assert_cmpuint (record->mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < record->mirror->len; i++)
    {
      g_autoptr(HdTicket) t = g_list_model_get_item (model, i);
      g_assert_true (t == g_ptr_array_index (record->mirror, i));
    }
}

static GPtrArray *
model_tickets (HdTicketListModel *model)
{
  GPtrArray *tickets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_ptr_array_add (tickets, g_list_model_get_item (G_LIST_MODEL (model), i));
  return tickets;
}

/* A new query keeps the objects of the tickets still shown (views keep their
 * rows) and announces one range: the common head and tail stay. A commit
 * brings new objects for everything. */
static void
test_keeps_tickets (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = filled_store (fx, 200);
  g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
  g_autoptr(HdTicketListModel) model = hd_ticket_list_model_new (store, query);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) committed = NULL;
  AnyChange record = { 0 };
  guint head = 0, tail = 0, kept = 0;

  wait_loaded (model);
  before = model_tickets (model);
  record.mirror = model_tickets (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_any_change), &record);

  hd_ticket_query_set_handler (query, "王五");
  wait_loaded (model);
  after = model_tickets (model);
  g_assert_cmpuint (after->len, ==, 100);

  for (guint i = 0; i < after->len; i++)
    for (guint j = 0; j < before->len; j++)
      if (g_strcmp0 (hd_ticket_get_uuid (g_ptr_array_index (after, i)),
                     hd_ticket_get_uuid (g_ptr_array_index (before, j))) == 0)
        {
          g_assert_true (g_ptr_array_index (after, i) == g_ptr_array_index (before, j));
          kept++;
        }
  g_assert_cmpuint (kept, ==, 100);

  while (head < after->len && g_ptr_array_index (after, head) == g_ptr_array_index (before, head))
    head++;
  while (tail < after->len - head &&
         g_ptr_array_index (after, after->len - 1 - tail) == g_ptr_array_index (before, before->len - 1 - tail))
    tail++;
  /* One range, announced in two steps when large (the first page of the
   * added items replaces the removed ones, the rest is inserted after). */
  g_assert_cmpuint (record.calls, ==, after->len - head - tail > HD_STORE_PAGE_SIZE ? 2 : 1);
  g_assert_cmpuint (record.position, ==, head);
  g_assert_cmpuint (record.removed, ==, before->len - head - tail);
  g_assert_cmpuint (record.added, ==, after->len - head - tail);
  assert_mirrored (G_LIST_MODEL (model), &record);

  /* The same query again: nothing to announce. */
  record.calls = 0;
  hd_ticket_list_model_reload (model);
  wait_loaded (model);
  g_assert_cmpuint (record.calls, ==, 0);

  /* A commit: every ticket may have changed, so all are read again. */
  hd_ticket_set_handler (g_ptr_array_index (after, 0), "王五");
  hd_ticket_set_customer_label (g_ptr_array_index (after, 0), "刚改过");
  g_assert_true (hd_store_update_ticket (store, g_ptr_array_index (after, 0), "王五", &error));
  g_assert_no_error (error);
  record.removed = record.added = 0;
  wait_loaded (model);
  g_assert_cmpuint (record.calls, ==, 2);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 100);
  g_assert_cmpuint (record.added, ==, 100);
  assert_mirrored (G_LIST_MODEL (model), &record);
  g_ptr_array_unref (record.mirror);
  committed = model_tickets (model);
  for (guint i = 0; i < committed->len; i++)
    {
      HdTicket *t = g_ptr_array_index (committed, i);

      for (guint j = 0; j < after->len; j++)
        g_assert_true (t != g_ptr_array_index (after, j));
      /* Read after the commit, including the first page read by the worker. */
      if (g_strcmp0 (hd_ticket_get_uuid (t), hd_ticket_get_uuid (g_ptr_array_index (after, 0))) == 0)
        g_assert_cmpstr (hd_ticket_get_customer_label (t), ==, "刚改过");
    }
}

/* Models of a group answer together: never one done and the other still
 * loading between two iterations of the main loop, however long each
 * one's query takes. */
static void
test_group_answers_together (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = filled_store (fx, 3000);
  g_autoptr(HdTicketQuery) quick = hd_ticket_query_new ();
  g_autoptr(HdTicketQuery) searched = hd_ticket_query_new ();
  g_autoptr(HdTicketListModel) a = hd_ticket_list_model_new (store, quick);
  g_autoptr(HdTicketListModel) b = hd_ticket_list_model_new (store, searched);
  g_autoptr(HdTicketListGroup) group = hd_ticket_list_group_new ();
  const char *texts[] = { "退款", "王", "Customer 1", "" };

  wait_loaded (a);
  wait_loaded (b);
  hd_ticket_list_model_set_group (a, group);
  hd_ticket_list_model_set_group (b, group);
  for (guint round = 0; round < G_N_ELEMENTS (texts) * 2; round++)
    {
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      hd_ticket_query_set_handler (quick, round % 2 == 0 ? "王五" : NULL);
      hd_ticket_query_set_search_text (searched, texts[round % G_N_ELEMENTS (texts)]);
      g_assert_true (hd_ticket_list_model_get_loading (a));
      g_assert_true (hd_ticket_list_model_get_loading (b));
      while (hd_ticket_list_model_get_loading (a) || hd_ticket_list_model_get_loading (b))
        {
          g_main_context_iteration (NULL, TRUE);
          g_assert_cmpint (hd_ticket_list_model_get_loading (a), ==, hd_ticket_list_model_get_loading (b));
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        }
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (a)), ==, round % 2 == 0 ? 1500 : 3000);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (b)), ==, 3000);

  /* Out of the group, each answers on its own again. */
  hd_ticket_list_model_set_group (a, NULL);
  hd_ticket_query_set_handler (quick, "赵六");
  wait_loaded (a);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (a)), ==, 1500);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ticket-list-model/" path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)
  ADD ("paging", test_paging);
  ADD ("first-read", test_first_read);
  ADD ("filters", test_filters);
  ADD ("type-overdue-escalated", test_type_overdue_escalated);
  ADD ("superseded-reload", test_superseded_reload);
  ADD ("reload-on-commit", test_reload_on_commit);
  ADD ("keeps-tickets", test_keeps_tickets);
  ADD ("group-answers-together", test_group_answers_together);
#undef ADD

  return g_test_run ();
}
