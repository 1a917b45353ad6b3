/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-test-sync.h"

/*
 * Two clients against the real helpdesk-server: offline work on both sides,
 * then sync. Both must end with the same data, nothing lost or duplicated,
 * final numbers everywhere, and the replaced value shown to its author.
 */

typedef struct {
  HdTestServer *server;
  HdTestProxy *proxy;
  HdTestClient *a;
  HdTestClient *b;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *root = NULL;
  g_autofree char *alice = NULL;
  g_autofree char *bob = NULL;

  fx->server = hd_test_server_start (NULL, NULL);
  hd_test_sync_track_server (fx->server);
  root = hd_test_login (fx->server, "root", HD_TEST_ADMIN_PASSWORD);
  alice = hd_test_add_user (fx->server, root, "alice", "supervisor", NULL);
  bob = hd_test_add_user (fx->server, root, "bob", "supervisor", NULL);

  /* Through the proxy, so the server can restart on another port. */
  fx->proxy = hd_test_proxy_new (hd_test_server_get_port (fx->server));
  hd_test_proxy_set_upstream (fx->proxy, hd_test_server_get_port (fx->server),
                              hd_test_server_get_pid (fx->server));
  fx->a = hd_test_client_new (hd_test_proxy_get_url (fx->proxy), "alice", alice);
  fx->b = hd_test_client_new (hd_test_proxy_get_url (fx->proxy), "bob", bob);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  hd_test_client_free (fx->a);
  hd_test_client_free (fx->b);
  hd_test_proxy_free (fx->proxy);
  if (!hd_test_server_is_running (fx->server))
    hd_test_server_restart (fx->server);
  hd_test_server_stop (fx->server);
}

static void
sync_ok (HdTestClient *client)
{
  g_autoptr(GError) error = NULL;

  hd_test_client_sync (client, &error);
  g_assert_no_error (error);
}

static void
server_down (Fixture *fx)
{
  hd_test_server_kill (fx->server);
}

static void
server_up (Fixture *fx)
{
  hd_test_server_restart (fx->server);
  hd_test_proxy_set_upstream (fx->proxy, hd_test_server_get_port (fx->server),
                              hd_test_server_get_pid (fx->server));
}

static void
test_offline_then_sync (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) shared = NULL;
  g_autoptr(GPtrArray) from_a = NULL;
  g_autoptr(GPtrArray) from_b = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  HdSyncConflict *conflict;
  HdTestClient *fresh;

  /* Common ground: a few tickets both have. */
  shared = hd_test_client_create (fx->a, 4, 1);
  sync_ok (fx->a);
  sync_ok (fx->b);
  g_assert_cmpuint (hd_store_count_tickets (fx->b->store), ==, 4);
  hd_test_assert_converged (fx->a, fx->b);

  /* Offline: the server is stopped; both keep working. */
  server_down (fx);
  from_a = hd_test_client_create (fx->a, 7, 2);
  from_b = hd_test_client_create (fx->b, 5, 3);
  g_assert_false (hd_test_client_sync (fx->a, &error));
  g_assert_true (hd_sync_error_is_transient (error));
  g_assert_nonnull (hd_sync_engine_get_last_error (fx->a->engine));
  g_clear_error (&error);

  {
    g_autoptr(HdTicket) t = hd_store_get_ticket (fx->a->store, g_ptr_array_index (from_a, 0), &error);
    g_assert_no_error (error);
    g_assert_true (hd_ticket_get_number_provisional (t));
    g_assert_nonnull (strstr (hd_ticket_get_number (t), "-T"));
  }

  /* The same field of the same ticket on both sides: priority. */
  hd_test_client_edit (fx->a, g_ptr_array_index (shared, 0), "priority", "urgent");
  hd_test_client_edit (fx->b, g_ptr_array_index (shared, 0), "priority", "low");
  /* Different fields of one ticket: both kept. */
  hd_test_client_edit (fx->a, g_ptr_array_index (shared, 1), "handler", "alice");
  hd_test_client_edit (fx->b, g_ptr_array_index (shared, 1), "result", "Refunded");
  /* Timeline notes on the same ticket from both: all merge. */
  for (guint i = 0; i < 3; i++)
    {
      g_ptr_array_add (notes, hd_test_client_add_note (fx->a, g_ptr_array_index (shared, 2), "note from alice"));
      g_ptr_array_add (notes, hd_test_client_add_note (fx->b, g_ptr_array_index (shared, 2), "note from bob"));
    }
  /* Edits of tickets the other side has not seen yet. */
  hd_test_client_edit (fx->a, g_ptr_array_index (from_a, 1), "transfer_note", "call back at 5");
  hd_test_client_add_note (fx->b, g_ptr_array_index (from_b, 0), "first note");

  /* Back online: A first, then B (B's priority arrives last and wins). */
  server_up (fx);
  sync_ok (fx->a);
  sync_ok (fx->b);
  sync_ok (fx->a);
  hd_test_assert_converged (fx->a, fx->b);

  g_assert_cmpuint (hd_store_count_tickets (fx->a->store), ==, 4 + 7 + 5);
  g_assert_cmpuint (hd_test_count_rows (fx->a->path, "SELECT count(*) FROM events WHERE kind = 'note'"), ==, 7);
  g_assert_cmpuint (hd_test_count_rows (fx->a->path, "SELECT count(DISTINCT number) FROM tickets"), ==, 16);
  g_assert_cmpuint (hd_sync_engine_get_pending_count (fx->a->engine), ==, 0);
  g_assert_cmpint (hd_sync_engine_get_state (fx->a->engine), ==, HD_SYNC_ENGINE_STATE_IDLE);
  g_assert_cmpfloat (hd_sync_engine_get_progress (fx->a->engine), ==, 1.0);

  ticket = hd_store_get_ticket (fx->a->store, g_ptr_array_index (shared, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==, "low");
  g_clear_object (&ticket);
  ticket = hd_store_get_ticket (fx->b->store, g_ptr_array_index (shared, 1), &error);
  g_assert_cmpstr (hd_ticket_get_handler (ticket), ==, "alice");
  g_assert_cmpstr (hd_ticket_get_result (ticket), ==, "Refunded");
  g_clear_object (&ticket);

  /* Alice's priority lost: she sees it, Bob sees nothing. */
  g_assert_cmpuint (hd_store_count_conflicts (fx->b->store), ==, 0);
  conflicts = hd_store_list_conflicts (fx->a->store, g_ptr_array_index (shared, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->kind, ==, "replaced");
  g_assert_cmpstr (conflict->field, ==, "priority");
  g_assert_cmpstr (conflict->lost_value, ==, "\"urgent\"");
  g_assert_cmpstr (conflict->winning_value, ==, "\"low\"");
  g_assert_cmpstr (conflict->winner, ==, "bob");
  ticket = hd_store_get_ticket (fx->a->store, g_ptr_array_index (shared, 0), &error);
  g_assert_cmpint (hd_ticket_get_sync_state (ticket), ==, HD_SYNC_STATE_CONFLICT);
  g_clear_object (&ticket);

  /* A second pull of the same changes records nothing twice. */
  sync_ok (fx->a);
  g_assert_cmpuint (hd_store_count_conflicts (fx->a->store), ==, 1);

  /* Re-apply: an ordinary edit that syncs to everyone. */
  hd_store_resolve_conflict (fx->a->store, conflict->id, TRUE, "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_count_conflicts (fx->a->store), ==, 0);
  sync_ok (fx->a);
  sync_ok (fx->b);
  hd_test_assert_converged (fx->a, fx->b);
  ticket = hd_store_get_ticket (fx->b->store, g_ptr_array_index (shared, 0), &error);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==, "urgent");
  g_clear_object (&ticket);

  /* A third client starting from nothing gets exactly the same. */
  fresh = hd_test_client_new (hd_test_proxy_get_url (fx->proxy), "alice", fx->a->token);
  hd_sync_engine_set_batch_sizes (fresh->engine, 10, 7);
  sync_ok (fresh);
  hd_test_assert_converged (fx->a, fresh);
  hd_test_client_free (fresh);
}

/* A ticket numbered by the server while the client is offline keeps its
 * uuid; the provisional label is replaced everywhere, search included. */
static void
test_final_numbers (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) created = hd_test_client_create (fx->a, 3, 9);
  g_autoptr(GError) error = NULL;
  g_autofree char *provisional = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  ticket = hd_store_get_ticket (fx->a->store, g_ptr_array_index (created, 0), &error);
  provisional = g_strdup (hd_ticket_get_number (ticket));
  g_clear_object (&ticket);

  sync_ok (fx->a);
  ticket = hd_store_get_ticket (fx->a->store, g_ptr_array_index (created, 0), &error);
  g_assert_no_error (error);
  g_assert_false (hd_ticket_get_number_provisional (ticket));
  g_assert_null (strstr (hd_ticket_get_number (ticket), "-T"));
  g_assert_cmpstr (hd_ticket_get_number (ticket), !=, provisional);

  hits = hd_store_search (fx->a->store, hd_ticket_get_number (ticket), 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = hd_store_search (fx->a->store, provisional, 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
}

/* No token, or a revoked one: an error in words, nothing lost. */
static void
test_unauthorized (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) created = hd_test_client_create (fx->a, 2, 5);
  g_autoptr(GError) error = NULL;

  hd_sync_engine_set_credentials (fx->a->engine, "alice", "0000");
  g_assert_false (hd_test_client_sync (fx->a, &error));
  g_assert_error (error, HD_SYNC_ERROR, HD_SYNC_ERROR_UNAUTHORIZED);
  g_assert_false (hd_sync_error_is_transient (error));
  g_assert_cmpint (hd_sync_engine_get_state (fx->a->engine), ==, HD_SYNC_ENGINE_STATE_ERROR);
  g_assert_cmpuint (hd_sync_engine_get_pending_count (fx->a->engine), ==, 2);
  g_clear_error (&error);

  hd_sync_engine_set_credentials (fx->a->engine, "alice", fx->a->token);
  sync_ok (fx->a);
  g_assert_cmpuint (hd_sync_engine_get_pending_count (fx->a->engine), ==, 0);
  g_assert_null (hd_sync_engine_get_last_error (fx->a->engine));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/offline-then-sync", Fixture, NULL, fixture_setup, test_offline_then_sync, fixture_teardown);
  g_test_add ("/sync/final-numbers", Fixture, NULL, fixture_setup, test_final_numbers, fixture_teardown);
  g_test_add ("/sync/unauthorized", Fixture, NULL, fixture_setup, test_unauthorized, fixture_teardown);

  return g_test_run ();
}
