/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-sign-in-dialog.h"
#include "hd-store-sync.h"
#include "hd-sync-conflicts.h"
#include "hd-sync-controller.h"
#include "hd-sync-status.h"
#include "hd-test-server.h"

/* The sync widgets: local only vs. a configured server, the conflict card on
 * a ticket, and the sign-in dialog's inline error. Under Xvfb (ui suite). */

static char *tmp_dir;

static HdStore *
new_store (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "tickets.db", NULL);
  g_autoptr(GError) error = NULL;
  HdStore *store = hd_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_status_and_controller (void)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("org.helpdesk.HelpDesk.SyncTest",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(HdStore) store = new_store ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  HdSyncController *controller;
  GtkWidget *window, *status;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_settings_set_string (settings, "server-url", "");
  controller = hd_sync_controller_setup (app, store);
  g_assert_true (hd_sync_controller_get_default () == controller);
  /* No server: local only, and this machine gives final numbers. */
  g_assert_null (hd_sync_controller_get_engine (controller));
  g_assert_true (hd_store_get_assigns_final_numbers (store));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "sync-now"));

  window = gtk_window_new ();
  status = hd_sync_status_new ();
  gtk_window_set_child (GTK_WINDOW (window), status);
  gtk_window_present (GTK_WINDOW (window));
  spin (50);
  g_assert_cmpstr (hd_sync_status_get_text (HD_SYNC_STATUS (status)), ==, "Local only");

  /* Signed in to a server that is not there: provisional numbers, the
   * engine exists, the status says so in words. */
  hd_sync_controller_signed_in (controller, "http://127.0.0.1:9", "alice", "secret-token");
  g_assert_nonnull (hd_sync_controller_get_engine (controller));
  g_assert_false (hd_store_get_assigns_final_numbers (store));
  g_assert_true (hd_sync_controller_get_signed_in (controller));
  spin (300);
  g_assert_cmpstr (hd_sync_status_get_text (HD_SYNC_STATUS (status)), !=, "Local only");
  g_assert_cmpstr (hd_sync_status_get_text (HD_SYNC_STATUS (status)), !=, "Synced");

  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-out", NULL);
  g_assert_false (hd_sync_controller_get_signed_in (controller));
  spin (50);
  g_assert_cmpstr (hd_sync_status_get_text (HD_SYNC_STATUS (status)), ==, "Signed out");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_set_string (settings, "server-url", "");
  g_object_set_data (G_OBJECT (app), "hd-sync-controller", NULL);
}

static void
test_conflict_card (void)
{
  g_autoptr(HdStore) store = new_store ();
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  GtkWidget *window, *conflicts;

  hd_ticket_set_description (ticket, "Cannot log in after the update");
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_priority (ticket, "urgent");
  hd_store_create_ticket (store, ticket, "alice", &error);
  g_assert_no_error (error);

  page = g_strdup_printf ("[{\"revision\":7,\"entity\":\"ticket\",\"id\":\"%s\",\"author\":\"bob\","
                          "\"data\":{\"number\":\"CS20240101-0042\",\"created_at\":%" G_GINT64_FORMAT ","
                          "\"priority\":\"low\",\"description\":\"Cannot log in after the update\"},"
                          "\"conflicts\":[{\"field\":\"priority\",\"server_author\":\"alice\","
                          "\"lost_value\":\"urgent\",\"value\":\"low\"}]}]",
                          hd_ticket_get_uuid (ticket), hd_ticket_get_created_at (ticket));
  g_assert_true (json_parser_load_from_data (parser, page, -1, NULL));
  hd_store_sync_apply_page (store, "http://example", json_node_get_array (json_parser_get_root (parser)),
                            7, "alice", &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  conflicts = hd_sync_conflicts_new ();
  gtk_window_set_child (GTK_WINDOW (window), conflicts);
  hd_sync_conflicts_set_ticket (HD_SYNC_CONFLICTS (conflicts), store, hd_ticket_get_uuid (ticket));
  gtk_window_present (GTK_WINDOW (window));
  spin (50);
  g_assert_cmpuint (hd_sync_conflicts_get_count (HD_SYNC_CONFLICTS (conflicts)), ==, 1);
  g_assert_true (gtk_widget_get_visible (conflicts));

  /* Dismissed in the store: the card goes (the view follows the store). */
  {
    g_autoptr(GPtrArray) list = hd_store_list_conflicts (store, NULL, &error);
    hd_store_resolve_conflict (store, ((HdSyncConflict *) g_ptr_array_index (list, 0))->id, FALSE,
                               "alice", &error);
    g_assert_no_error (error);
  }
  spin (50);
  g_assert_cmpuint (hd_sync_conflicts_get_count (HD_SYNC_CONFLICTS (conflicts)), ==, 0);
  g_assert_false (gtk_widget_get_visible (conflicts));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Nothing listens on 127.0.0.1:9: the error shows inline, in words. */
static void
test_sign_in_unreachable (void)
{
  HdSignInDialog *dialog = hd_sign_in_dialog_new (NULL, "http://127.0.0.1:9", "alice");
  GtkWidget *focus, *row;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_present (GTK_WINDOW (dialog));
  spin (50);
  focus = gtk_window_get_focus (GTK_WINDOW (dialog));
  g_assert_nonnull (focus);
  /* Address and user given: the password row has the focus. */
  row = gtk_widget_get_ancestor (focus, ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "password");
  g_signal_emit_by_name (row, "entry-activated");
  while (hd_sign_in_dialog_get_error (dialog) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (hd_sign_in_dialog_get_error (dialog));
  g_test_message ("inline error: %s", hd_sign_in_dialog_get_error (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
sign_in_with (HdSignInDialog *dialog,
              const char     *password)
{
  GtkWidget *row = gtk_widget_get_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                            ADW_TYPE_PASSWORD_ENTRY_ROW);
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), password);
  g_signal_emit_by_name (row, "entry-activated");
  /* Until an error shows or the dialog closes itself. */
  g_object_ref (dialog);
  while (hd_sign_in_dialog_get_error (dialog) == NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (dialog);
}

/* The whole path against the real server: a wrong password is said inline,
 * the right one signs in, the token goes to the credential store and the
 * first sync brings the status to "Synced". */
static void
test_sign_in_real_server (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autoptr(GtkApplication) app = gtk_application_new ("org.helpdesk.HelpDesk.SyncTest2",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(HdStore) store = NULL;
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autofree char *path = g_build_filename (tmp_dir, "signin.db", NULL);
  HdSyncController *controller;
  HdSignInDialog *dialog;
  GtkWidget *window, *status;
  gint64 end;

  store = hd_store_open (path, NULL);
  g_assert_nonnull (store);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_settings_set_string (settings, "server-url", "");
  g_settings_set_string (settings, "server-user", "");
  controller = hd_sync_controller_setup (app, store);

  window = gtk_window_new ();
  status = hd_sync_status_new ();
  gtk_window_set_child (GTK_WINDOW (window), status);
  gtk_window_present (GTK_WINDOW (window));

  dialog = hd_sign_in_dialog_new (GTK_WINDOW (window), server->url, "root");
  gtk_window_present (GTK_WINDOW (dialog));
  spin (50);
  sign_in_with (dialog, "not-the-password");
  g_assert_cmpstr (hd_sign_in_dialog_get_error (dialog), ==, "The user name or password is wrong");
  g_assert_false (hd_sync_controller_get_signed_in (controller));

  sign_in_with (dialog, HD_TEST_ADMIN_PASSWORD);
  g_assert_true (hd_sync_controller_get_signed_in (controller));
  {
    g_autofree char *url = g_settings_get_string (settings, "server-url");
    g_assert_cmpstr (url, ==, server->url);
  }
  g_assert_false (hd_store_get_assigns_final_numbers (store));

  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_strcmp0 (hd_sync_status_get_text (HD_SYNC_STATUS (status)), "Synced") != 0 &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (hd_sync_status_get_text (HD_SYNC_STATUS (status)), ==, "Synced");

  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-out", NULL);
  g_assert_false (hd_sync_controller_get_signed_in (controller));
  spin (200);

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_set_string (settings, "server-url", "");
  g_object_set_data (G_OBJECT (app), "hd-sync-controller", NULL);
  g_clear_object (&store);
  hd_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_setenv ("HELPDESK_CREDENTIALS", "memory", TRUE);
  tmp_dir = g_dir_make_tmp ("hd-sync-ui-XXXXXX", NULL);

  g_test_add_func ("/sync-ui/status-and-controller", test_status_and_controller);
  g_test_add_func ("/sync-ui/conflict-card", test_conflict_card);
  g_test_add_func ("/sync-ui/sign-in-unreachable", test_sign_in_unreachable);
  g_test_add_func ("/sync-ui/sign-in-real-server", test_sign_in_real_server);
  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tmp_dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (tmp_dir);
  }
  return ret;
}
