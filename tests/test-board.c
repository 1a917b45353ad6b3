/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The status board under Xvfb: moves by drop and by keyboard action change
 * the store and the timeline; a refused move is explained; Undo reverts. */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <glib/gstdio.h>

#include "hd-board-card.h"
#include "hd-board-view.h"
#include "hd-config.h"
#include "hd-store.h"
#include "hd-test-ui.h"
#include "hd-ticket-commands.h"
#include "hd-window.h"

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
  AdwApplication *app;
  GtkWindow *window;
  HdBoardView *board;
  GPtrArray *toasts;   /* AdwToast */
  char *pending_uuid;  /* no handler yet */
  char *working_uuid;  /* in progress, no result */
} Fixture;

static void
on_toast (HdBoardView *board, AdwToast *toast, Fixture *f)
{
  g_ptr_array_add (f->toasts, g_object_ref (toast));
}

static char *
create (Fixture *f, const char *label, const char *handler, HdStatus status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  hd_ticket_set_customer_label (ticket, label);
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_description (ticket, "无法登录，提示 E1002");
  hd_ticket_set_priority (ticket, "p1");
  hd_ticket_set_group (ticket, g_str_has_suffix (label, "2025") ? "billing" : "technical");
  hd_ticket_set_type_l1 (ticket, "fault");
  hd_ticket_set_handler (ticket, handler);
  hd_ticket_set_status (ticket, status);
  hd_ticket_set_resolution_due (ticket, now + 3600);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  return g_strdup (hd_ticket_get_uuid (ticket));
}

static void
wait_for_count (Fixture *f, HdStatus status, guint n)
{
  HdTicketListModel *model = hd_board_column_get_model (hd_board_view_get_column (f->board, status));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while ((hd_ticket_list_model_get_loading (model) ||
          g_list_model_get_n_items (G_LIST_MODEL (model)) != n) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = hd_test_make_dir ("hd-test-board-XXXXXX");
  f->store = hd_test_open_store (f->dir, NULL);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  f->toasts = g_ptr_array_new_with_free_func (g_object_unref);

  f->pending_uuid = create (f, "客户A-2023", NULL, HD_STATUS_PENDING);
  f->working_uuid = create (f, "客户B-2024", "王芳", HD_STATUS_IN_PROGRESS);

  f->board = hd_board_view_new (f->store, f->config, "王芳");
  g_signal_connect (f->board, "toast", G_CALLBACK (on_toast), f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 700);
  gtk_window_set_child (f->window, GTK_WIDGET (f->board));
  gtk_window_present (f->window);

  wait_for_count (f, HD_STATUS_PENDING, 1);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 1);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  hd_test_drain_main_loop ();
  g_ptr_array_unref (f->toasts);
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  hd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->pending_uuid);
  g_free (f->working_uuid);
}

static HdStatus
stored_status (Fixture *f, const char *uuid)
{
  g_autoptr(HdTicket) ticket = hd_store_get_ticket (f->store, uuid, NULL);
  return hd_ticket_get_status (ticket);
}

static HdTicket *
item_in (Fixture *f, HdStatus status, guint position)
{
  HdTicketListModel *model = hd_board_column_get_model (hd_board_view_get_column (f->board, status));
  return g_list_model_get_item (G_LIST_MODEL (model), position);
}

/* What the drop target's handler receives when a card is dropped. */
static gboolean
drop_on (Fixture *f, HdStatus status, HdTicket *ticket)
{
  GtkDropTarget *target = hd_board_column_get_drop_target (hd_board_view_get_column (f->board, status));
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_value_init (&value, HD_TYPE_TICKET);
  g_value_set_object (&value, ticket);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  return handled;
}

static const char *
last_toast (Fixture *f)
{
  g_assert_cmpuint (f->toasts->len, >, 0);
  return adw_toast_get_title (g_ptr_array_index (f->toasts, f->toasts->len - 1));
}

static gboolean
has_status_event (Fixture *f, const char *uuid, const char *to)
{
  g_autoptr(GPtrArray) events = hd_store_list_events (f->store, uuid, NULL);
  g_autofree char *needle = g_strdup_printf ("\"to\":\"%s\"", to);

  for (guint i = 0; i < events->len; i++)
    {
      HdEvent *event = g_ptr_array_index (events, i);
      if (hd_event_get_kind (event) == HD_EVENT_STATUS_CHANGE &&
          strstr (hd_event_get_data (event), needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_drop_moves_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) card = item_in (f, HD_STATUS_IN_PROGRESS, 0);
  AdwToast *toast;

  g_assert_cmpstr (hd_ticket_get_uuid (card), ==, f->working_uuid);
  g_assert_true (drop_on (f, HD_STATUS_PENDING, card));

  /* The store and the timeline have the move; the columns follow. */
  g_assert_cmpint (stored_status (f, f->working_uuid), ==, HD_STATUS_PENDING);
  g_assert_true (has_status_event (f, f->working_uuid, "pending"));
  wait_for_count (f, HD_STATUS_PENDING, 2);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 0);

  /* The toast offers Undo, which puts the card back. */
  toast = g_ptr_array_index (f->toasts, f->toasts->len - 1);
  g_assert_nonnull (adw_toast_get_button_label (toast));
  g_assert_nonnull (strstr (adw_toast_get_title (toast), hd_ticket_get_number (card)));
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpint (stored_status (f, f->working_uuid), ==, HD_STATUS_IN_PROGRESS);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 1);
  wait_for_count (f, HD_STATUS_PENDING, 1);
}

static void
test_refused_move_explained (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) card = item_in (f, HD_STATUS_IN_PROGRESS, 0);
  guint outbox = hd_store_outbox_count (f->store);

  drop_on (f, HD_STATUS_PENDING_CLOSE, card);
  g_assert_cmpint (stored_status (f, f->working_uuid), ==, HD_STATUS_IN_PROGRESS);
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox);
  /* "Add a result before moving the ticket to “Pending Close”" */
  g_assert_nonnull (strstr (last_toast (f), "Add a result"));
  g_assert_nonnull (strstr (last_toast (f), "Pending Close"));
  g_assert_null (adw_toast_get_button_label (g_ptr_array_index (f->toasts, f->toasts->len - 1)));
}

static void
test_keyboard_move (Fixture *f, gconstpointer data)
{
  HdBoardColumn *pending = hd_board_view_get_column (f->board, HD_STATUS_PENDING);
  GtkSelectionModel *selection = hd_board_column_get_selection (pending);
  g_autoptr(GError) error = NULL;
  GListModel *timeline;
  gboolean found = FALSE;

  /* The keyboard reaches the cards: the column's first card takes the focus. */
  {
    HdCardList *list = hd_board_column_get_card_list (pending);
    GtkWidget *focus;

    HD_TEST_WAIT_FOR (hd_card_list_get_card (list, 0) != NULL);
    gtk_window_set_focus (f->window, NULL);
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (list), GTK_DIR_TAB_FORWARD));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_true (HD_IS_BOARD_CARD (focus));
    g_assert_cmpstr (hd_ticket_get_uuid (hd_board_card_get_ticket (HD_BOARD_CARD (focus))), ==, f->pending_uuid);
    g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 0);
    /* Tab goes on out of the column (the card's menu is Shift+F10 or the
     * Menu key: /board-card/menu). */
    g_assert_false (gtk_widget_child_focus (GTK_WIDGET (list), GTK_DIR_TAB_FORWARD));
  }

  /* Alt+Right on a card without a handler: refused, and why. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pending), "column.move-next", NULL));
  g_assert_cmpint (stored_status (f, f->pending_uuid), ==, HD_STATUS_PENDING);
  g_assert_nonnull (strstr (last_toast (f), "Assign a handler"));

  g_assert_true (hd_ticket_commands_reassign (f->store, f->pending_uuid, NULL, "王芳", NULL, "王芳",
                                              g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  wait_for_count (f, HD_STATUS_PENDING, 1);

  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pending), "column.move-next", NULL));
  g_assert_cmpint (stored_status (f, f->pending_uuid), ==, HD_STATUS_IN_PROGRESS);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 2);
  wait_for_count (f, HD_STATUS_PENDING, 0);

  /* The ticket view beside the board shows the move on the timeline. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.open-ticket", "s", f->pending_uuid));
  timeline = hd_ticket_view_get_timeline (hd_board_view_get_ticket_view (f->board));
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(HdEvent) event = g_list_model_get_item (timeline, i);
      if (hd_event_get_kind (event) == HD_EVENT_STATUS_CHANGE &&
          g_strcmp0 (hd_event_get_author (event), "王芳") == 0)
        found = TRUE;
    }
  g_assert_true (found);

  /* Alt+3 (move to a named status) from the in-progress column. */
  {
    HdBoardColumn *working = hd_board_view_get_column (f->board, HD_STATUS_IN_PROGRESS);
    GtkSelectionModel *sel = hd_board_column_get_selection (working);
    g_autoptr(HdTicket) first = g_list_model_get_item (G_LIST_MODEL (sel), 0);

    gtk_selection_model_select_item (sel, 0, TRUE);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (working), "column.move-to", "i",
                                               (int) HD_STATUS_PENDING));
    g_assert_cmpint (stored_status (f, hd_ticket_get_uuid (first)), ==, HD_STATUS_PENDING);
  }
}

static void
test_card_menu_moves (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = item_in (f, HD_STATUS_IN_PROGRESS, 0);
  HdBoardCard *card = hd_board_card_new (f->config);
  GtkWidget *lane = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* A card inside the board resolves "board.move-ticket" on the board. */
  gtk_box_append (GTK_BOX (lane), GTK_WIDGET (card));
  gtk_widget_insert_after (lane, GTK_WIDGET (f->board), NULL);
  hd_board_card_set_ticket (card, ticket);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.move-to", "i",
                                             (int) HD_STATUS_PENDING));
  g_assert_cmpint (stored_status (f, f->working_uuid), ==, HD_STATUS_PENDING);
  gtk_widget_unparent (lane);
}


static char *config_root;
static char *config_home;

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under @root, depth first, that @match accepts. */
static GtkWidget *
find_widget (GtkWidget *root, WidgetMatch match, gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = find_widget (child, match, data)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_toggle_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_dropdown_with_first (GtkWidget *widget, gconstpointer first)
{
  GListModel *model;

  if (!GTK_IS_DROP_DOWN (widget) || (model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget))) == NULL)
    return FALSE;
  return GTK_IS_STRING_LIST (model) && g_list_model_get_n_items (model) > 0 &&
         g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), first) == 0;
}

static gboolean
is_attention_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "attention");
}

static char *
create_typed (Fixture *f, const char *label, const char *type, gboolean escalated, gint64 resolution_due)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();

  hd_ticket_set_customer_label (ticket, label);
  hd_ticket_set_contact (ticket, "5678");
  hd_ticket_set_description (ticket, "退款一直没有到账");
  hd_ticket_set_priority (ticket, "p2");
  hd_ticket_set_group (ticket, "billing");
  hd_ticket_set_type_l1 (ticket, type);
  hd_ticket_set_status (ticket, HD_STATUS_IN_PROGRESS);
  hd_ticket_set_first_response_at (ticket, resolution_due - 7200);
  hd_ticket_set_resolution_due (ticket, resolution_due);
  hd_ticket_set_escalated (ticket, escalated);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  return g_strdup (hd_ticket_get_uuid (ticket));
}

static void
assert_only (Fixture *f, HdStatus status, const char *uuid)
{
  g_autoptr(HdTicket) ticket = item_in (f, status, 0);

  g_assert_cmpstr (hd_ticket_get_uuid (ticket), ==, uuid);
}

/* The toolbar's Escalated, Overdue and Type filters narrow every column. */
static void
test_type_overdue_escalated_filters (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *late = create_typed (f, "客户E-2027", "complaint", TRUE, now - 60);
  g_autofree char *inquiry = create_typed (f, "客户F-2028", "inquiry", FALSE, now + 7200);
  GtkWidget *escalated = find_widget (GTK_WIDGET (f->board), is_toggle_labelled, "Escalated");
  GtkWidget *overdue = find_widget (GTK_WIDGET (f->board), is_toggle_labelled, "Overdue");
  GtkWidget *types = find_widget (GTK_WIDGET (f->board), is_dropdown_with_first, "All Types");
  GtkWidget *attention = find_widget (GTK_WIDGET (f->board), is_attention_label, NULL);
  GListModel *type_names;
  gboolean handled = FALSE;
  guint inquiry_position = 0;

  g_assert_nonnull (escalated);
  g_assert_nonnull (overdue);
  g_assert_nonnull (types);
  g_assert_nonnull (attention);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 3);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (escalated), TRUE);
  wait_for_count (f, HD_STATUS_PENDING, 0);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 1);
  assert_only (f, HD_STATUS_IN_PROGRESS, late);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (escalated), FALSE);
  wait_for_count (f, HD_STATUS_PENDING, 1);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 3);

  /* The toolbar's "N overdue" link toggles the Overdue filter. */
  g_signal_emit_by_name (attention, "activate-link", "overdue", &handled);
  g_assert_true (handled);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (overdue)));
  wait_for_count (f, HD_STATUS_PENDING, 0);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 1);
  assert_only (f, HD_STATUS_IN_PROGRESS, late);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (overdue), FALSE);

  /* Types are listed by label, in the active taxonomy's order. */
  type_names = gtk_drop_down_get_model (GTK_DROP_DOWN (types));
  for (guint i = 0; i < g_list_model_get_n_items (type_names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (type_names), i), "Product Inquiry") == 0)
      inquiry_position = i;
  g_assert_cmpuint (inquiry_position, >, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (types), inquiry_position);
  wait_for_count (f, HD_STATUS_PENDING, 0);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 1);
  assert_only (f, HD_STATUS_IN_PROGRESS, inquiry);

  /* Resetting clears the new filters too. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (escalated), TRUE);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.reset-filters", NULL));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (types)), ==, 0);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (escalated)));
  wait_for_count (f, HD_STATUS_PENDING, 1);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 3);
}

/* Shows the board with the ticket view open, then in lanes by group, and
 * waits for each to be painted; with HD_SCREENSHOT_DIR set, saves the screen
 * there (ImageMagick's import) for looking at. */
static void
on_painted (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

static void
spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static void
render (Fixture *f, const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gboolean painted = FALSE;
  const char *dir = g_getenv ("HD_SCREENSHOT_DIR");
  gulong id;
  int width, height;

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (f->board));
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);

  width = gtk_widget_get_width (GTK_WIDGET (f->window));
  height = gtk_widget_get_height (GTK_WIDGET (f->window));
  g_assert_cmpint (width, >, 600);
  if (dir != NULL)
    {
      /* No window manager: the window sits at 0,0 of the X screen. */
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *command = g_strdup_printf ("import -window root -crop %dx%d+0+0 %s", width, height, path);
      int status = 0;

      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
    }
}

static void
test_render (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *departments[] = { "技术部", NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *lanes = NULL;

  for (guint i = 0; i < 8; i++)
    g_free (create (f, i % 2 ? "客户C-2025" : "客户D-2026", i % 3 ? "李娜" : NULL, i % 3 ? HD_STATUS_IN_PROGRESS : HD_STATUS_PENDING));
  g_assert_true (hd_ticket_commands_add_note (f->store, f->working_uuid, "查询客户后台数据", FALSE, "王芳", now - 3000, &error));
  g_assert_true (hd_ticket_commands_add_note (f->store, f->working_uuid, "联系技术团队排查", TRUE, "王芳", now - 1200, &error));
  g_assert_true (hd_ticket_commands_request_escalation (f->store, f->working_uuid, departments,
                                                        "需要支付网关日志", "王芳", now - 600, &error));
  g_assert_no_error (error);
  wait_for_count (f, HD_STATUS_IN_PROGRESS, 6);

  if (g_getenv ("HD_SCREENSHOT_DIR") != NULL)
    {
      /* The app's style sheet, as HdApplication loads it. */
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/org/helpdesk/HelpDesk/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.open-ticket", "s", f->working_uuid));
  spin (600);  /* the pane slides in */
  render (f, "board-ticket-view.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.close-ticket", NULL));

  /* The supervisor's lanes by group (the dropdown's second choice). */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (f->board)); w != NULL; )
    {
      if (GTK_IS_DROP_DOWN (w) && gtk_drop_down_get_model (GTK_DROP_DOWN (w)) != NULL &&
          g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (w))) == 3 &&
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (w))), 1),
                     "Lanes by Group") == 0)
        {
          lanes = w;
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (lanes);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (lanes), 1);
  spin (1500);
  render (f, "board-lanes.png");
}

static void
test_window_opens_on_board (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hd-test-board-win-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tickets.db", NULL);
  g_autoptr(AdwApplication) app = adw_application_new ("org.helpdesk.HelpDesk.BoardTest", G_APPLICATION_NON_UNIQUE);
  g_autoptr(HdStore) store = hd_store_open (path, &error);
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  HdWindow *window;
  GtkWidget *switcher_stack = NULL;

  g_assert_no_error (error);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = hd_window_new (app, store, config, NULL);
  gtk_window_present (GTK_WINDOW (window));
  switcher_stack = g_object_get_data (G_OBJECT (window), "hd-views");
  g_assert_true (ADW_IS_VIEW_STACK (switcher_stack));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (switcher_stack)), ==, "board");
  gtk_window_destroy (GTK_WINDOW (window));
  hd_test_drain_main_loop ();
  g_clear_object (&store);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
}

static GtkWidget *
find_message_dialog (void)
{
  GList *windows = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

/* The filters saved under a name come back from the views menu after a
 * reset, and the file they are kept in is the user's. */
static void
test_saved_views (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "helpdesk", "board-views.ini", NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  GtkWidget *escalated = find_widget (GTK_WIDGET (f->board), is_toggle_labelled, "Escalated");
  GtkWidget *dialog;

  g_assert_true (g_str_has_prefix (path, config_home));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (escalated), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.save-view", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog))),
                         "  Escalated only ");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  /* (a response button closes the dialog; answered directly, it stays) */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL));
  g_assert_true (g_key_file_has_group (file, "Escalated only"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.reset-filters", NULL));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (escalated)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.apply-view", "s", "Escalated only"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (escalated)));
}

int
main (int argc, char *argv[])
{
  int status;

  /* Before GLib reads it: saved views go to a temporary folder. */
  config_root = g_dir_make_tmp ("hd-test-board-XXXXXX", NULL);
  g_assert_nonnull (config_root);
  config_home = g_build_filename (config_root, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/board/drop-moves-and-undo", test_drop_moves_and_undo);
  ADD ("/board/refused-move-explained", test_refused_move_explained);
  ADD ("/board/keyboard-move", test_keyboard_move);
  ADD ("/board/card-menu-moves", test_card_menu_moves);
  ADD ("/board/type-overdue-escalated-filters", test_type_overdue_escalated_filters);
  ADD ("/board/render", test_render);
  ADD ("/board/saved-views", test_saved_views);
#undef ADD
  g_test_add_func ("/board/window-opens-on-board", test_window_opens_on_board);

  status = g_test_run ();
  hd_test_remove_tree (config_root);
  g_free (config_root);
  g_free (config_home);
  return status;
}
