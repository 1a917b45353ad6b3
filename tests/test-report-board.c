/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reports → board (issue #6): activating a bar of the type, priority or
 * group charts in the window's Reports page opens the board filtered to
 * those tickets, with the other filters and the search reset. */
#include "config.h"

#include <adwaita.h>

#include "hd-board-view.h"
#include "hd-config.h"
#include "hd-reports-view.h"
#include "hd-sample-data.h"
#include "hd-store.h"
#include "hd-test-ui.h"
#include "hd-window.h"

#define N_TICKETS 80

typedef struct {
  char *dir;
  AdwApplication *app;
  HdConfig *config;
  HdStore *store;
  GPtrArray *samples;   /* HdTicket, as stored */
  HdWindow *window;
  AdwViewStack *views;
  HdReportsView *reports;
  HdBoardView *board;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  GDate first, last;

  f->dir = hd_test_make_dir ("hd-test-report-board-XXXXXX");
  f->store = hd_test_open_store (f->dir, NULL);
  f->app = adw_application_new ("org.helpdesk.HelpDesk.Test", G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (f->app), RESOURCE_BASE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  f->samples = hd_sample_data_generate (f->config, N_TICKETS, 11, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_true (hd_store_create_tickets (f->store, f->samples, "tester", &error));
  g_assert_no_error (error);

  f->window = hd_window_new (f->app, f->store, f->config, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  f->views = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window), HD_TYPE_WINDOW, "views"));
  f->reports = HD_REPORTS_VIEW (adw_view_stack_get_child_by_name (f->views, "reports"));
  f->board = HD_BOARD_VIEW (gtk_widget_get_first_child (adw_view_stack_get_child_by_name (f->views, "board")));
  g_assert_true (HD_IS_REPORTS_VIEW (f->reports));
  g_assert_true (HD_IS_BOARD_VIEW (f->board));

  /* The samples reach 9 days back: a 30-day report holds them all. */
  adw_view_stack_set_visible_child_name (f->views, "reports");
  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, g_date_time_get_day_of_month (today), g_date_time_get_month (today),
                  g_date_time_get_year (today));
  first = last;
  g_date_subtract_days (&first, 30);
  hd_reports_view_set_custom_range (f->reports, &first, &last);
  HD_TEST_WAIT_FOR (!hd_reports_view_get_loading (f->reports) &&
                    hd_reports_view_get_report (f->reports) != NULL &&
                    hd_reports_view_get_report (f->reports)->n_tickets > 0);
  g_test_message ("report: %u tickets", hd_reports_view_get_report (f->reports)->n_tickets);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  hd_test_drain_main_loop ();
  g_ptr_array_unref (f->samples);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_clear_object (&f->app);
  hd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const char *
ticket_field (HdTicket *ticket, const char *field)
{
  if (g_str_equal (field, "type"))
    return hd_ticket_get_type_l1 (ticket);
  if (g_str_equal (field, "priority"))
    return hd_ticket_get_priority (ticket);
  return hd_ticket_get_group (ticket);
}

/* Activates the chart's item by its action (what Enter does), then checks
 * the board: its page shown, the filters, and each column's count against
 * the stored tickets. */
static void
activate_and_check (Fixture *f, const char *chart_name, const char *field)
{
  HdChart *chart = hd_reports_view_get_chart (f->reports, chart_name);
  GtkWidget *search_entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), HD_TYPE_WINDOW,
                                                                      "search_entry"));
  GtkToggleButton *escalated = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (f->board),
                                                                                HD_TYPE_BOARD_VIEW,
                                                                                "escalated_button"));
  g_autofree char *id = NULL;
  guint expected[HD_N_STATUSES] = { 0 };

  g_assert_cmpuint (hd_chart_get_n_items (chart), >, 0);
  id = g_strdup (hd_chart_get_item (chart, 0)->id);
  g_assert_nonnull (id);
  for (guint i = 0; i < f->samples->len; i++)
    {
      HdTicket *ticket = g_ptr_array_index (f->samples, i);
      if (g_strcmp0 (ticket_field (ticket, field), id) == 0)
        expected[hd_ticket_get_status (ticket)]++;
    }

  /* A filter and a search left over from before are reset. */
  gtk_toggle_button_set_active (escalated, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "E1002");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.activate-item", "u", 0));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->views), ==, "board");
  g_assert_false (gtk_toggle_button_get_active (escalated));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search_entry)), ==, "");

  for (guint s = 0; s < HD_N_STATUSES; s++)
    {
      HdBoardColumn *column = hd_board_view_get_column (f->board, s);
      HdTicketQuery *query = hd_board_column_get_query (column);
      HdTicketListModel *model = hd_board_column_get_model (column);

      g_assert_cmpstr (hd_ticket_query_get_type_l1 (query), ==, g_str_equal (field, "type") ? id : NULL);
      g_assert_cmpstr (hd_ticket_query_get_priority (query), ==, g_str_equal (field, "priority") ? id : NULL);
      g_assert_cmpstr (hd_ticket_query_get_group (query), ==, g_str_equal (field, "group") ? id : NULL);
      g_assert_false (hd_ticket_query_get_escalated_only (query));
      g_assert_cmpstr (hd_ticket_query_get_search_text (query) ? hd_ticket_query_get_search_text (query) : "", ==, "");
      if (s == HD_STATUS_CLOSED)
        {
          /* The closed column holds the most recently closed only. */
          HD_TEST_WAIT_FOR (!hd_ticket_list_model_get_loading (model));
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <=, expected[s]);
          continue;
        }
      HD_TEST_WAIT_FOR (!hd_ticket_list_model_get_loading (model) &&
                        g_list_model_get_n_items (G_LIST_MODEL (model)) == expected[s]);
      g_test_message ("%s=%s, %s: %u", field, id, hd_status_to_id (s), expected[s]);
    }
}

static void
test_type (Fixture *f, gconstpointer data)
{
  activate_and_check (f, "types", "type");
}

static void
test_priority (Fixture *f, gconstpointer data)
{
  activate_and_check (f, "response-priority", "priority");
}

static void
test_group (Fixture *f, gconstpointer data)
{
  activate_and_check (f, "response-group", "group");
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/report-board/type", test_type);
  ADD ("/report-board/priority", test_priority);
  ADD ("/report-board/group", test_group);
#undef ADD

  return g_test_run ();
}
