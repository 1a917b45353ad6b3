/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-attachment-store.h"
#include "hd-config.h"
#include "hd-test-sync.h"
#include "hd-ticket-commands.h"

/*
 * Attachments edited in the ticket view travel as one "attachments" change
 * of a ticket.update: A adds a file to a synced ticket through the editor's
 * command, the engine uploads its content (HEAD, then PUT) before pushing,
 * the real helpdesk-server accepts the change, and B gets the row and the
 * bytes under the same SHA-256. B removes it again and A follows.
 */

typedef HdTestTeam Fixture;

static HdTicket *
get (HdTestClient *client, const char *uuid)
{
  g_autoptr(GError) error = NULL;
  HdTicket *ticket = hd_store_get_ticket (client->store, uuid, &error);

  g_assert_no_error (error);
  return ticket;
}

/* The editor's save: @change applied to a copy of the ticket as it was
 * when the edit began. */
static void
edit_attachments (HdTestClient *client,
                  HdConfig     *config,
                  const char   *uuid,
                  HdAttachment *add,
                  HdAttachment *remove)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) base = get (client, uuid);
  g_autoptr(HdTicket) edited = get (client, uuid);
  GListStore *list = hd_ticket_get_attachments (edited);
  guint position;

  if (add != NULL)
    g_list_store_append (list, add);
  if (remove != NULL)
    {
      g_assert_true (hd_attachment_list_find (G_LIST_MODEL (list), remove, &position));
      g_list_store_remove (list, position);
    }
  g_assert_true (hd_ticket_commands_edit_fields (client->store, config, uuid, base, edited, NULL, NULL,
                                                 client->user, g_get_real_time () / G_USEC_PER_SEC,
                                                 NULL, &error));
  g_assert_no_error (error);
}

static guint
n_attachments (HdTestClient *client, const char *uuid)
{
  g_autoptr(HdTicket) ticket = get (client, uuid);

  return g_list_model_get_n_items (G_LIST_MODEL (hd_ticket_get_attachments (ticket)));
}

static void
remove_blob (const char *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *dir = g_path_get_dirname (parent);

  g_unlink (path);
  g_rmdir (parent);
  g_rmdir (dir);
}

static void
test_added_in_editor (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autofree char *root = g_dir_make_tmp ("hd-sync-edit-attach-XXXXXX", &error);
  g_autofree char *dir_a = g_build_filename (root, "a", NULL);
  g_autofree char *dir_b = g_build_filename (root, "b", NULL);
  g_autofree char *source = g_build_filename (root, "日志.txt", NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GPtrArray) uuids = hd_test_client_create (fx->a, 1, 29);
  const char *uuid = g_ptr_array_index (uuids, 0);
  g_autoptr(HdAttachment) attachment = NULL;
  g_autoptr(HdAttachment) on_b = NULL;
  g_autoptr(HdTicket) ticket_b = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *sha = NULL;
  GString *content = g_string_new (NULL);
  guint before, position;
  gsize len = 0;

  g_assert_no_error (error);
  hd_sync_engine_set_attachment_dir (fx->a->engine, dir_a);
  hd_sync_engine_set_attachment_dir (fx->b->engine, dir_b);
  hd_test_client_sync_ok (fx->a);
  hd_test_client_sync_ok (fx->b);
  before = n_attachments (fx->b, uuid);

  /* A picks a file in the ticket view: copied by content, then saved. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (content, "%u 连接超时 E1002\n", i * 2246822519u);
  g_file_set_contents (source, content->str, content->len, &error);
  g_assert_no_error (error);
  attachment = hd_attachment_store_add_file (dir_a, source_file, HD_ATTACHMENT_DEFAULT_MAX_BYTES,
                                             NULL, &error);
  g_assert_no_error (error);
  edit_attachments (fx->a, config, uuid, attachment, NULL);
  g_assert_cmpuint (hd_store_outbox_count (fx->a->store), ==, 1);

  hd_test_client_sync_ok (fx->a);
  g_assert_cmpuint (hd_store_outbox_count (fx->a->store), ==, 0);
  g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "HEAD", "/api/v1/attachments/"), ==, 1);
  g_assert_cmpuint (hd_test_proxy_count_requests (fx->proxy, "PUT", "/api/v1/attachments/"), ==, 1);

  /* B: the row, and the bytes under their SHA-256. */
  hd_test_client_sync_ok (fx->b);
  ticket_b = get (fx->b, uuid);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hd_ticket_get_attachments (ticket_b))), ==, before + 1);
  g_assert_true (hd_attachment_list_find (G_LIST_MODEL (hd_ticket_get_attachments (ticket_b)),
                                          attachment, &position));
  on_b = g_list_model_get_item (G_LIST_MODEL (hd_ticket_get_attachments (ticket_b)), position);
  g_assert_cmpstr (hd_attachment_get_name (on_b), ==, "日志.txt");
  g_assert_cmpint (hd_attachment_get_size (on_b), ==, content->len);
  path_b = hd_attachment_store_get_path (dir_b, hd_attachment_get_sha256 (on_b));
  g_file_get_contents (path_b, &bytes, &len, &error);
  g_assert_no_error (error);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);
  g_assert_cmpstr (sha, ==, hd_attachment_get_sha256 (attachment));
  hd_test_assert_converged (fx->a, fx->b);

  /* B removes it in its editor; A's ticket follows. */
  edit_attachments (fx->b, config, uuid, NULL, on_b);
  hd_test_client_sync_ok (fx->b);
  hd_test_client_sync_ok (fx->a);
  g_assert_cmpuint (n_attachments (fx->a, uuid), ==, before);
  hd_test_assert_converged (fx->a, fx->b);

  path_a = hd_attachment_store_get_path (dir_a, hd_attachment_get_sha256 (attachment));
  remove_blob (path_a);
  remove_blob (path_b);
  g_unlink (source);
  g_rmdir (root);
  g_string_free (content, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-attachments/added-in-editor", Fixture, NULL, hd_test_team_set_up, test_added_in_editor,
              hd_test_team_tear_down);

  return g_test_run ();
}
