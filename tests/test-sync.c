/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-attachment-store.h"
#include "hd-config.h"
#include "hd-sample-data.h"
#include "hd-test-sync.h"

/*
 * Two clients against the real helpdesk-server: offline work on both sides,
 * then sync. Both must end with the same data, nothing lost or duplicated,
 * final numbers everywhere, and the replaced value shown to its author.
 */

typedef HdTestTeam Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  hd_test_team_start (fx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  hd_test_team_stop (fx);
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

/* A and B both take a ticket offline; B closes it, so A's later move is
 * refused by the server's status rules. A rolls back to the server's copy:
 * both hold the same ticket and timeline, A's other work survives, and A's
 * store has the notice with the server's words. */
static void
test_refused_rolls_back (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(HdConfig) config = hd_config_load_default (NULL);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *uuid = NULL;
  HdSyncConflict *conflict;
  guint server_events;

  tickets = hd_sample_data_generate (config, 1, 31, g_get_real_time () / G_USEC_PER_SEC);
  ticket = g_object_ref (g_ptr_array_index (tickets, 0));
  hd_ticket_set_handler (ticket, "alice");
  hd_ticket_set_result (ticket, "Reset the password");
  hd_ticket_set_status (ticket, HD_STATUS_IN_PROGRESS);
  hd_store_create_tickets (fx->a->store, tickets, fx->a->user, &error);
  g_assert_no_error (error);
  uuid = g_strdup (hd_ticket_get_uuid (ticket));
  g_clear_object (&ticket);
  sync_ok (fx->a);
  sync_ok (fx->b);
  hd_test_assert_converged (fx->a, fx->b);

  /* Offline, both move it. */
  server_down (fx);
  hd_test_client_edit (fx->b, uuid, "status", "pending_close");
  hd_test_client_edit (fx->b, uuid, "status", "closed");
  hd_test_client_edit (fx->a, uuid, "status", "awaiting_feedback");
  /* A's later work on the same ticket does not depend on the refused move. */
  note = hd_test_client_add_note (fx->a, uuid, "called the customer");
  hd_test_client_edit (fx->a, uuid, "priority", "urgent");
  server_up (fx);

  sync_ok (fx->b);
  sync_ok (fx->a);
  sync_ok (fx->b);
  hd_test_assert_converged (fx->a, fx->b);

  /* The server's status stands on A; the refused move left no trace in A's
   * timeline; the note and the priority made it. */
  ticket = hd_store_get_ticket (fx->a->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_CLOSED);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==, "urgent");
  g_assert_cmpint (hd_ticket_get_sync_state (ticket), ==, HD_SYNC_STATE_CONFLICT);
  g_clear_object (&ticket);
  g_assert_cmpuint (hd_test_count_rows (fx->a->path, "SELECT count(*) FROM events"
                                                     " WHERE json_extract (data, '$.to') = 'awaiting_feedback'"), ==, 0);
  server_events = hd_test_count_rows (fx->a->path, "SELECT count(*) FROM events");
  g_assert_cmpuint (server_events, ==, hd_test_count_rows (fx->b->path, "SELECT count(*) FROM events"));
  g_assert_cmpuint (hd_test_count_rows (fx->a->path, "SELECT count(*) FROM events WHERE kind = 'note'"), ==, 1);

  /* The notice: on A only, once, in the server's words. */
  g_assert_cmpuint (hd_store_count_conflicts (fx->b->store), ==, 0);
  conflicts = hd_store_list_conflicts (fx->a->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->kind, ==, "rejected");
  g_assert_nonnull (strstr (conflict->message, "Status change refused"));

  /* Nothing more to fetch: a further sync changes nothing. */
  sync_ok (fx->a);
  hd_test_assert_converged (fx->a, fx->b);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = hd_store_list_conflicts (fx->a->store, uuid, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);

  /* Dismissed: the ticket reads as synced. */
  hd_store_resolve_conflict (fx->a->store, conflict->id, FALSE, "alice", &error);
  g_assert_no_error (error);
  ticket = hd_store_get_ticket (fx->a->store, uuid, &error);
  g_assert_cmpint (hd_ticket_get_sync_state (ticket), ==, HD_SYNC_STATE_SYNCED);
  g_clear_object (&ticket);

  /* A refusal no later server change would repair: A is up to date, and the
   * server refuses A's group. Only the rollback brings A back in line. */
  hd_test_client_edit (fx->a, uuid, "group", "no-such-group");
  g_free (hd_test_client_add_note (fx->a, uuid, "moved to the new team"));
  sync_ok (fx->a);
  sync_ok (fx->b);
  hd_test_assert_converged (fx->a, fx->b);
  ticket = hd_store_get_ticket (fx->a->store, uuid, &error);
  g_assert_cmpstr (hd_ticket_get_group (ticket), !=, "no-such-group");
  g_assert_cmpuint (hd_test_count_rows (fx->a->path, "SELECT count(*) FROM events WHERE kind = 'note'"), ==, 2);
  g_assert_cmpuint (hd_store_count_conflicts (fx->a->store), ==, 1);
}

/* A ticket the server has never seen whose create is refused stays on the
 * client, marked refused with the server's words; nothing is fetched. */
static void
test_refused_create_kept (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(HdConfig) config = hd_config_load_default (NULL);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  tickets = hd_sample_data_generate (config, 1, 32, g_get_real_time () / G_USEC_PER_SEC);
  /* A group the server's configuration does not have. */
  hd_ticket_set_group (g_ptr_array_index (tickets, 0), "no-such-group");
  hd_store_create_tickets (fx->a->store, tickets, fx->a->user, &error);
  g_assert_no_error (error);
  uuid = g_strdup (hd_ticket_get_uuid (g_ptr_array_index (tickets, 0)));

  sync_ok (fx->a);
  sync_ok (fx->a);
  ticket = hd_store_get_ticket (fx->a->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hd_ticket_get_sync_state (ticket), ==, HD_SYNC_STATE_CONFLICT);
  g_assert_true (hd_ticket_get_number_provisional (ticket));
  conflicts = hd_store_list_conflicts (fx->a->store, uuid, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((HdSyncConflict *) g_ptr_array_index (conflicts, 0))->kind, ==, "rejected");
  g_assert_nonnull (strstr (((HdSyncConflict *) g_ptr_array_index (conflicts, 0))->message, "group"));
  g_assert_cmpuint (hd_test_count_rows (fx->a->path, "SELECT count(*) FROM sync_conflicts WHERE revision = -1"),
                    ==, 1);
  sync_ok (fx->b);
  g_assert_cmpuint (hd_store_count_tickets (fx->b->store), ==, 0);
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

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A attaches a file; B gets the same bytes in its own attachment folder. A
 * file missing on A's side does not hold the outbox; a damaged download is
 * not kept. */
static void
test_attachment_content (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("hd-sync-attach-XXXXXX", &error);
  g_autofree char *dir_a = g_build_filename (root, "a", NULL);
  g_autofree char *dir_b = g_build_filename (root, "b", NULL);
  g_autofree char *dir_c = g_build_filename (root, "c", NULL);
  g_autofree char *source = g_build_filename (root, "screenshot.png", NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(HdConfig) config = hd_config_load_default (NULL);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(HdAttachment) attachment = NULL;
  g_autoptr(HdAttachment) lost = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autofree char *path_c = NULL;
  g_autofree char *bytes_b = NULL;
  g_autofree char *sha_b = NULL;
  GString *content = g_string_new (NULL);
  HdTestClient *c;
  gsize len_b = 0;

  g_assert_no_error (error);
  g_assert_nonnull (config);
  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (content, "%u,", i * 2654435761u);
  g_file_set_contents (source, content->str, content->len, &error);
  g_assert_no_error (error);

  /* A: the content-addressed copy, then two tickets: one with it, one whose
   * file is gone from this machine. */
  attachment = hd_attachment_store_add_file (dir_a, source_file, HD_ATTACHMENT_DEFAULT_MAX_BYTES,
                                             NULL, &error);
  g_assert_no_error (error);
  lost = hd_attachment_new_file ("gone.log", "text/plain", 3,
                                 "0000000000000000000000000000000000000000000000000000000000000000");
  tickets = hd_sample_data_generate (config, 2, 77, g_get_real_time () / G_USEC_PER_SEC);
  g_list_store_append (hd_ticket_get_attachments (g_ptr_array_index (tickets, 0)), attachment);
  g_list_store_append (hd_ticket_get_attachments (g_ptr_array_index (tickets, 1)), lost);
  hd_store_create_tickets (fx->a->store, tickets, fx->a->user, &error);
  g_assert_no_error (error);

  hd_sync_engine_set_attachment_dir (fx->a->engine, dir_a);
  hd_sync_engine_set_attachment_dir (fx->b->engine, dir_b);

  g_test_expect_message ("hd-sync", G_LOG_LEVEL_WARNING, "*is not in the attachment folder*");
  g_test_expect_message ("hd-sync", G_LOG_LEVEL_WARNING, "*Could not download*HTTP 404*");
  sync_ok (fx->a);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (hd_store_outbox_count (fx->a->store), ==, 0);

  /* B: the file is fetched; the lost one is not on the server either. */
  g_test_expect_message ("hd-sync", G_LOG_LEVEL_WARNING, "*Could not download*HTTP 404*");
  sync_ok (fx->b);
  g_test_assert_expected_messages ();
  hd_test_assert_converged (fx->a, fx->b);

  path_a = hd_attachment_store_get_path (dir_a, hd_attachment_get_sha256 (attachment));
  path_b = hd_attachment_store_get_path (dir_b, hd_attachment_get_sha256 (attachment));
  g_assert_true (g_str_has_prefix (path_b, dir_b));
  g_file_get_contents (path_b, &bytes_b, &len_b, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (bytes_b, len_b, content->str, content->len);
  sha_b = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes_b, len_b);
  g_assert_cmpstr (sha_b, ==, hd_attachment_get_sha256 (attachment));
  g_assert_true (g_file_test (path_a, G_FILE_TEST_IS_REGULAR));

  /* C: a download damaged on the way is refused and not kept. */
  c = hd_test_client_new (hd_test_proxy_get_url (fx->proxy), "bob", fx->b->token);
  hd_sync_engine_set_attachment_dir (c->engine, dir_c);
  hd_test_proxy_set_fault (fx->proxy, HD_FAULT_MALFORMED, "/api/v1/attachments/", 1, 0);
  g_test_expect_message ("hd-sync", G_LOG_LEVEL_WARNING, "*does not match its SHA-256*");
  g_test_expect_message ("hd-sync", G_LOG_LEVEL_WARNING, "*Could not download*HTTP 404*");
  sync_ok (c);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (hd_test_proxy_get_faults_done (fx->proxy), ==, 1);
  path_c = hd_attachment_store_get_path (dir_c, hd_attachment_get_sha256 (attachment));
  g_assert_false (g_file_test (path_c, G_FILE_TEST_EXISTS));
  hd_test_assert_converged (fx->a, c);

  /* The next sync asks again, though no ticket changed: now it is kept. The
   * lost file is asked for too, without another warning. */
  {
    guint lost_gets = hd_test_proxy_count_requests (fx->proxy, "GET", "/api/v1/attachments/0000");

    sync_ok (c);
    g_assert_true (g_file_test (path_c, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "GET", "/api/v1/attachments/0000"),
                      ==, lost_gets + 1);
  }

  hd_test_client_free (c);
  g_string_free (content, TRUE);
  remove_tree (root);
}

/* Content the server holds is not sent again; a download that failed is
 * retried by the next sync although nothing changed on the server. */
static void
test_attachment_retry_and_dedup (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("hd-sync-attach-XXXXXX", &error);
  g_autofree char *dir_a = g_build_filename (root, "a", NULL);
  g_autofree char *dir_b = g_build_filename (root, "b", NULL);
  g_autofree char *dir_c = g_build_filename (root, "c", NULL);
  g_autofree char *source = g_build_filename (root, "invoice.pdf", NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(HdConfig) config = hd_config_load_default (NULL);
  g_autoptr(HdAttachment) on_a = NULL;
  g_autoptr(HdAttachment) on_b = NULL;
  g_autoptr(GPtrArray) tickets_a = NULL;
  g_autoptr(GPtrArray) tickets_b = NULL;
  g_autofree char *path_c = NULL;
  g_autofree char *bytes_c = NULL;
  GString *content = g_string_new (NULL);
  HdTestClient *c;
  gint64 cursor;
  gsize len_c = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (content, "%u;", i * 40503u);
  g_file_set_contents (source, content->str, content->len, &error);
  g_assert_no_error (error);

  /* A sends it once: asked, then uploaded. */
  on_a = hd_attachment_store_add_file (dir_a, source_file, HD_ATTACHMENT_DEFAULT_MAX_BYTES, NULL, &error);
  g_assert_no_error (error);
  tickets_a = hd_sample_data_generate (config, 1, 41, g_get_real_time () / G_USEC_PER_SEC);
  g_list_store_append (hd_ticket_get_attachments (g_ptr_array_index (tickets_a, 0)), on_a);
  hd_store_create_tickets (fx->a->store, tickets_a, fx->a->user, &error);
  g_assert_no_error (error);
  hd_sync_engine_set_attachment_dir (fx->a->engine, dir_a);
  sync_ok (fx->a);
  g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "HEAD", "/api/v1/attachments/"), ==, 1);
  g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "PUT", "/api/v1/attachments/"), ==, 1);

  /* B attaches the same bytes from its own copy to another ticket: the
   * server says it has them, and B does not send them. */
  on_b = hd_attachment_store_add_file (dir_b, source_file, HD_ATTACHMENT_DEFAULT_MAX_BYTES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hd_attachment_get_sha256 (on_b), ==, hd_attachment_get_sha256 (on_a));
  tickets_b = hd_sample_data_generate (config, 1, 42, g_get_real_time () / G_USEC_PER_SEC);
  g_list_store_append (hd_ticket_get_attachments (g_ptr_array_index (tickets_b, 0)), on_b);
  hd_store_create_tickets (fx->b->store, tickets_b, fx->b->user, &error);
  g_assert_no_error (error);
  hd_sync_engine_set_attachment_dir (fx->b->engine, dir_b);
  sync_ok (fx->b);
  g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "HEAD", "/api/v1/attachments/"), ==, 2);
  g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "PUT", "/api/v1/attachments/"), ==, 1);
  g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "GET", "/api/v1/attachments/"), ==, 0);
  sync_ok (fx->a);
  hd_test_assert_converged (fx->a, fx->b);

  /* C: the server answers 503 for the content once; the run fails and is
   * retried; the next sync fetches the file with no new change to pull. */
  c = hd_test_client_new (hd_test_proxy_get_url (fx->proxy), "bob", fx->b->token);
  hd_sync_engine_set_attachment_dir (c->engine, dir_c);
  hd_test_proxy_set_fault (fx->proxy, HD_FAULT_503, "/api/v1/attachments/", 1, 0);
  g_assert_false (hd_test_client_sync (c, &error));
  g_assert_true (hd_sync_error_is_transient (error));
  g_clear_error (&error);
  g_assert_cmpuint (hd_test_proxy_get_faults_done (fx->proxy), ==, 1);
  path_c = hd_attachment_store_get_path (dir_c, hd_attachment_get_sha256 (on_a));
  g_assert_false (g_file_test (path_c, G_FILE_TEST_EXISTS));
  cursor = hd_store_sync_get_cursor (c->store, hd_test_proxy_get_url (fx->proxy));
  g_assert_cmpint (cursor, >, 0);

  sync_ok (c);
  g_assert_cmpint (hd_store_sync_get_cursor (c->store, hd_test_proxy_get_url (fx->proxy)), ==, cursor);
  g_file_get_contents (path_c, &bytes_c, &len_c, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (bytes_c, len_c, content->str, content->len);
  hd_test_assert_converged (fx->a, c);

  /* Held: nothing is asked for again. */
  {
    guint gets = hd_test_proxy_count_requests (fx->proxy, "GET", "/api/v1/attachments/");

    sync_ok (c);
    g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "GET", "/api/v1/attachments/"), ==, gets);
  }

  hd_test_client_free (c);
  g_string_free (content, TRUE);
  remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/offline-then-sync", Fixture, NULL, fixture_setup, test_offline_then_sync, fixture_teardown);
  g_test_add ("/sync/refused-rolls-back", Fixture, NULL, fixture_setup, test_refused_rolls_back,
              fixture_teardown);
  g_test_add ("/sync/refused-create-kept", Fixture, NULL, fixture_setup, test_refused_create_kept,
              fixture_teardown);
  g_test_add ("/sync/final-numbers", Fixture, NULL, fixture_setup, test_final_numbers, fixture_teardown);
  g_test_add ("/sync/unauthorized", Fixture, NULL, fixture_setup, test_unauthorized, fixture_teardown);
  g_test_add ("/sync/attachment-content", Fixture, NULL, fixture_setup, test_attachment_content,
              fixture_teardown);
  g_test_add ("/sync/attachment-retry-and-dedup", Fixture, NULL, fixture_setup,
              test_attachment_retry_and_dedup, fixture_teardown);

  return g_test_run ();
}
