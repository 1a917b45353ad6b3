/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "hd-config.h"
#include "hd-sample-data.h"
#include "hd-store.h"
#include "hd-test-ui.h"
#include "hd-ticket-list-model.h"
#include "hd-window.h"

typedef struct {
  char *dir;
  char *path;
  AdwApplication *app;
  HdConfig *config;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = hd_test_make_dir ("hd-test-window-XXXXXX");
  f->path = g_build_filename (f->dir, "tickets.db", NULL);
  f->app = adw_application_new ("org.helpdesk.HelpDesk.Test", G_APPLICATION_NON_UNIQUE);
  /* As the real app: its style sheet and shortcuts window come from here. */
  g_application_set_resource_base_path (G_APPLICATION (f->app), RESOURCE_BASE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->config);
  g_clear_object (&f->app);
  hd_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Spins the main loop until the window shows `page` (the list loads off the
 * main thread), failing after a generous bound. */
static void
wait_for_page (HdWindow *window, const char *page)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_strcmp0 (hd_window_get_visible_page (window), page) != 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (hd_window_get_visible_page (window), ==, page);
}

static void
destroy_window (HdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  hd_test_drain_main_loop ();
}

static void
test_window_lists_stored_tickets (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = hd_store_open (f->path, &error);
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(HdTicket) first = NULL;
  HdWindow *window;
  GListModel *tickets;
  gboolean found = FALSE;

  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (store, TRUE);
  samples = hd_sample_data_generate (f->config, 25, 7, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_true (hd_store_create_tickets (store, samples, "tester", &error));
  g_assert_no_error (error);

  window = hd_window_new (f->app, store, f->config, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_page (window, "tickets");

  tickets = hd_window_get_tickets (window);
  g_assert_cmpuint (g_list_model_get_n_items (tickets), ==, 25);

  /* The hidden loading page's spinner must not animate (it would redraw
   * the window every frame for as long as it is open). */
  {
    GtkSpinner *spinner = GTK_SPINNER (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                      HD_TYPE_WINDOW, "loading_spinner"));
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    /* It stops once the page's cross-fade is over. */
    while (gtk_spinner_get_spinning (spinner) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_false (gtk_spinner_get_spinning (spinner));
  }

  /* The keyboard shortcuts window comes from the resource, with its action. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  {
    /* Shown once: an accelerator it cannot parse would warn, fatally here. */
    GtkWidget *overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
    gtk_widget_set_visible (overlay, TRUE);
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    gtk_widget_set_visible (overlay, FALSE);
  }

  /* The rows are the stored tickets, numbered by the store. */
  first = g_list_model_get_item (tickets, 0);
  g_assert_true (g_str_has_prefix (hd_ticket_get_number (first), "CS"));
  for (guint i = 0; i < samples->len; i++)
    if (g_strcmp0 (hd_ticket_get_uuid (g_ptr_array_index (samples, i)),
                   hd_ticket_get_uuid (first)) == 0)
      found = TRUE;
  g_assert_true (found);

  destroy_window (window);
}

static void
test_window_welcome_then_samples (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = hd_store_open (f->path, &error);
  HdWindow *window;

  g_assert_no_error (error);
  window = hd_window_new (f->app, store, f->config, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_page (window, "empty");
  g_assert_cmpuint (hd_store_count_tickets (store), ==, 0);

  /* The welcome page's button runs this action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-samples", NULL));
  wait_for_page (window, "tickets");
  g_assert_cmpuint (hd_store_count_tickets (store), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hd_window_get_tickets (window)), ==,
                    hd_store_count_tickets (store));

  destroy_window (window);
}

static void
test_window_search_filters (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = hd_store_open (f->path, &error);
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(HdTicket) match = NULL;
  GtkWidget *entry;
  HdWindow *window;

  g_assert_no_error (error);
  samples = hd_sample_data_generate (f->config, 40, 11, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_true (hd_store_create_tickets (store, samples, "tester", &error));

  window = hd_window_new (f->app, store, f->config, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_page (window, "tickets");

  entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HD_TYPE_WINDOW, "search_entry"));
  g_assert_nonnull (entry);
  /* A customer label is unique to its ticket. */
  gtk_editable_set_text (GTK_EDITABLE (entry),
                         hd_ticket_get_customer_label (g_ptr_array_index (samples, 3)));
  /* Searched as typed: without the entry's default delay (150 ms) before
   * "search-changed", on top of the board's own time to answer. */
  g_assert_cmpuint (gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)), ==, 0);
  HD_TEST_WAIT_FOR (g_strcmp0 (hd_ticket_query_get_search_text (
                                 hd_ticket_list_model_get_query (HD_TICKET_LIST_MODEL (hd_window_get_tickets (window)))),
                               hd_ticket_get_customer_label (g_ptr_array_index (samples, 3))) == 0);
  HD_TEST_WAIT_FOR (g_list_model_get_n_items (hd_window_get_tickets (window)) == 1);
  match = g_list_model_get_item (hd_window_get_tickets (window), 0);
  g_assert_cmpstr (hd_ticket_get_uuid (match), ==,
                   hd_ticket_get_uuid (g_ptr_array_index (samples, 3)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "zzqx-no-such-ticket");
  wait_for_page (window, "no-results");

  destroy_window (window);
}

static void
test_window_shows_open_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char garbage[] = "this is not an SQLite database, and must survive untouched";
  g_autofree char *after = NULL;
  HdStore *store;
  HdWindow *window;

  g_assert_true (g_file_set_contents (f->path, garbage, -1, NULL));
  store = hd_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_CORRUPT);

  window = hd_window_new (f->app, NULL, NULL, error);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_page (window, "error");
  /* Nothing can write to a cache that did not open. */
  g_assert_false (gtk_widget_get_sensitive (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HD_TYPE_WINDOW, "search_button"))));

  g_assert_true (g_file_get_contents (f->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, garbage);

  destroy_window (window);
}

static void
test_window_shows_config_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_data ("{ \"format\": 1, ", -1, "deployed.json", &error);
  AdwStatusPage *page;
  HdWindow *window;

  g_assert_null (config);
  g_assert_nonnull (error);

  window = hd_window_new (f->app, NULL, NULL, error);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_page (window, "error");
  page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), HD_TYPE_WINDOW, "error_page"));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "The Configuration Could Not Be Loaded");
  /* The message names the file, so an admin knows what to fix. */
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "deployed.json"));

  destroy_window (window);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/window/lists-stored-tickets", Fixture, NULL,
              fixture_set_up, test_window_lists_stored_tickets, fixture_tear_down);
  g_test_add ("/ui/window/welcome-then-samples", Fixture, NULL,
              fixture_set_up, test_window_welcome_then_samples, fixture_tear_down);
  g_test_add ("/ui/window/search-filters", Fixture, NULL,
              fixture_set_up, test_window_search_filters, fixture_tear_down);
  g_test_add ("/ui/window/shows-open-error", Fixture, NULL,
              fixture_set_up, test_window_shows_open_error, fixture_tear_down);

  g_test_add ("/ui/window/shows-config-error", Fixture, NULL,
              fixture_set_up, test_window_shows_config_error, fixture_tear_down);

  return g_test_run ();
}
