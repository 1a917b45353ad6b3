/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ticket view's "Related Tickets" section under Xvfb: find a ticket in
 * the link popover, link it with a relation, see it on both tickets, open
 * the other ticket from its row, remove the link with the row's button. */
#include "config.h"

#include <adwaita.h>

#include "hd-board-view.h"
#include "hd-config.h"
#include "hd-related-tickets.h"
#include "hd-store.h"
#include "hd-test-ui.h"
#include "hd-ticket-links.h"
#include "hd-ticket-view.h"

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
  GtkWindow *window;
  HdBoardView *board;
  HdTicketView *view;
  HdRelatedTickets *related;
  char *a, *b, *c;
} Fixture;

static char *
create (Fixture *f, const char *customer, const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();

  hd_ticket_set_customer_label (ticket, customer);
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_description (ticket, description);
  hd_ticket_set_priority (ticket, "p1");
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  return g_strdup (hd_ticket_get_uuid (ticket));
}

static char *
number_of (Fixture *f, const char *uuid)
{
  g_autoptr(HdTicket) ticket = hd_store_get_ticket (f->store, uuid, NULL);
  return g_strdup (hd_ticket_get_number (ticket));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = hd_test_make_dir ("hd-test-related-XXXXXX");
  f->store = hd_test_open_store (f->dir, NULL);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  f->a = create (f, "客户A-2023", "无法登录，提示 E1002");
  f->b = create (f, "客户B-2024", "登录失败，错误码 E1002");
  f->c = create (f, "客户C-2024", "支付失败，错误码 E2001");

  f->board = hd_board_view_new (f->store, f->config, "王芳");
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 800);
  gtk_window_set_child (f->window, GTK_WIDGET (f->board));
  gtk_window_present (f->window);

  hd_board_view_open_ticket (f->board, f->a);
  f->view = hd_board_view_get_ticket_view (f->board);
  f->related = HD_RELATED_TICKETS (gtk_widget_get_template_child (GTK_WIDGET (f->view), HD_TYPE_TICKET_VIEW,
                                                                  "related_tickets"));
  g_assert_true (HD_IS_RELATED_TICKETS (f->related));
  g_assert_cmpstr (hd_ticket_view_get_uuid (f->view), ==, f->a);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  hd_test_drain_main_loop ();
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  hd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->a);
  g_free (f->b);
  g_free (f->c);
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

/* The descendant of @widget whose action is @action_name (a row's button). */
static GtkWidget *
find_actionable (GtkWidget *widget, const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static HdTicketLink *
only_link (Fixture *f)
{
  GPtrArray *links = hd_related_tickets_get_links (f->related);

  g_assert_cmpuint (links->len, ==, 1);
  return g_ptr_array_index (links, 0);
}

static void
test_link_open_remove (Fixture *f, gconstpointer data)
{
  g_autofree char *number_b = number_of (f, f->b);
  GtkListBox *results = hd_related_tickets_get_results (f->related);
  GtkListBox *list = hd_related_tickets_get_list (f->related);
  GtkListBoxRow *row;
  GtkWidget *remove;
  HdTicketLink *link;
  HdEvent *latest;

  g_assert_cmpuint (hd_related_tickets_get_links (f->related)->len, ==, 0);
  g_assert_cmpuint (n_rows (list), ==, 0);

  /* Words: every ticket with "E1002" but this one. */
  gtk_editable_set_text (hd_related_tickets_get_search (f->related), "E1002");
  HD_TEST_WAIT_FOR (n_rows (results) == 1);
  row = gtk_list_box_get_row_at_index (results, 0);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "uuid"), ==, f->b);

  /* A number, typed in lower case. */
  {
    g_autofree char *lower = g_utf8_strdown (number_b, -1);
    gtk_editable_set_text (hd_related_tickets_get_search (f->related), lower);
    HD_TEST_WAIT_FOR (gtk_list_box_get_row_at_index (results, 0) != NULL &&
                      g_strcmp0 (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (results, 0)), "uuid"),
                                 f->b) == 0);
  }

  /* Pick "Duplicate of" and activate the result, as Enter on it does. */
  gtk_drop_down_set_selected (hd_related_tickets_get_relation (f->related), HD_LINK_DUPLICATE);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (results, 0))));
  link = only_link (f);
  g_assert_cmpstr (link->ticket_uuid, ==, f->b);
  g_assert_cmpstr (link->number, ==, number_b);
  g_assert_cmpint (link->relation, ==, HD_LINK_DUPLICATE);
  g_assert_true (link->outgoing);
  g_assert_cmpstr (link->author, ==, "王芳");
  g_assert_cmpuint (n_rows (list), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, 0))),
                   ==, number_b);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 0))),
                   ==, "Duplicate of · Pending");
  /* On the timeline, newest first. */
  latest = g_list_model_get_item (hd_ticket_view_get_timeline (f->view), 0);
  g_assert_cmpint (hd_event_get_kind (latest), ==, HD_EVENT_LINK);
  g_assert_cmpstr (hd_event_get_text (latest), ==, number_b);
  {
    /* Shown with its relation. */
    GtkListBoxRow *entry = gtk_list_box_get_row_at_index (
      GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (f->view), HD_TYPE_TICKET_VIEW, "timeline_list")), 0);
    g_autofree char *expected = g_strdup_printf ("Duplicate of %s", number_b);
    GtkWidget *body = gtk_widget_get_last_child (gtk_list_box_row_get_child (entry));

    g_assert_true (GTK_IS_LABEL (body));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (body)), ==, expected);
  }
  g_object_unref (latest);

  /* Activating the row opens B, which shows the link the other way. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))));
  g_assert_cmpstr (hd_ticket_view_get_uuid (f->view), ==, f->b);
  link = only_link (f);
  g_assert_cmpstr (link->ticket_uuid, ==, f->a);
  g_assert_false (link->outgoing);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 0))),
                   ==, "Duplicated by · Pending");

  /* Its remove button (labelled, reachable by Tab) removes the link for both. */
  remove = find_actionable (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)), "related.remove");
  g_assert_nonnull (remove);
  g_assert_true (gtk_widget_get_focusable (remove));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (remove), ==, "Remove Link");
  g_assert_true (gtk_widget_activate (remove));
  /* A button emits "clicked" once its pressed look has shown. */
  HD_TEST_WAIT_FOR (hd_related_tickets_get_links (f->related)->len == 0);
  g_assert_cmpuint (n_rows (list), ==, 0);
  {
    g_autoptr(GPtrArray) on_a = hd_ticket_links_list (f->store, f->a, NULL);
    g_assert_cmpuint (on_a->len, ==, 0);
  }
}

static void
test_follows_the_store (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* A link made elsewhere (another view, a sync) appears. */
  g_assert_true (hd_ticket_links_add (f->store, f->c, f->a, HD_LINK_CAUSED_BY, "李娜",
                                      g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  HD_TEST_WAIT_FOR (hd_related_tickets_get_links (f->related)->len == 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (
                     hd_related_tickets_get_list (f->related), 0))), ==, "Causes · Pending");
}

/* With HD_SCREENSHOT_DIR set: the section with two links, saved as
 * related-tickets.png. (Popovers cannot be placed under a bare Xvfb: no
 * monitor.) */
static void
test_screenshot (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("HD_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  gint64 deadline;

  if (dir == NULL)
    {
      g_test_skip ("HD_SCREENSHOT_DIR is not set");
      return;
    }
  g_assert_true (hd_ticket_links_add (f->store, f->a, f->b, HD_LINK_DUPLICATE, "王芳", 1, NULL));
  g_assert_true (hd_ticket_links_add (f->store, f->c, f->a, HD_LINK_CAUSED_BY, "李娜", 2, NULL));
  HD_TEST_WAIT_FOR (hd_related_tickets_get_links (f->related)->len == 2);
  /* Scrolled into view, focus on its button. */
  gtk_widget_grab_focus (hd_test_find_type (GTK_WIDGET (f->related), GTK_TYPE_MENU_BUTTON));
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  /* The section itself, drawn as GTK draws it. */
  path = g_build_filename (dir, "related-tickets.png", NULL);
  hd_test_save_png (GTK_WIDGET (f->related), path);
}

int
main (int argc, char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/related-tickets/link-open-remove", test_link_open_remove);
  ADD ("/related-tickets/follows-the-store", test_follows_the_store);
  ADD ("/related-tickets/screenshot", test_screenshot);
#undef ADD

  return g_test_run ();
}
