/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ticket view's edit mode and the ticket window under Xvfb: Ctrl+E
 * turns the fields into editors, an invalid value is shown inline and
 * nothing typed is lost, Ctrl+S saves through the edit command (store and
 * timeline), Escape cancels; Ctrl+Shift+N opens the ticket in its own
 * window, titled with its number and following the store. */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hd-attachment-store.h"
#include "hd-board-view.h"
#include "hd-config.h"
#include "hd-secret-box.h"
#include "hd-sla.h"
#include "hd-store.h"
#include "hd-store-intake.h"
#include "hd-test-ui.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-fields.h"
#include "hd-ticket-view.h"
#include "hd-ticket-window.h"

#define SECRET "110101199003071234"

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
  GtkWindow *window;
  HdTicketView *view;
  char *uuid;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 response_due, resolution_due;

  f->dir = hd_test_make_dir ("hd-test-edit-ui-XXXXXX");
  f->store = hd_test_open_store (f->dir, NULL);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);

  hd_ticket_set_customer_label (ticket, "客户A-2026");
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_occurred_at (ticket, now - 3600);
  hd_ticket_set_description (ticket, "会员积分上个月没有到账，客户查看了积分明细也没有记录。");
  hd_ticket_set_type_l1 (ticket, "inquiry");
  hd_ticket_set_type_l2 (ticket, "points");
  hd_ticket_set_impact (ticket, HD_IMPACT_SINGLE);
  hd_ticket_set_urgency (ticket, HD_URGENCY_INQUIRY);
  hd_ticket_set_priority (ticket, "medium");
  hd_ticket_set_created_at (ticket, now - 1800);
  hd_sla_compute_deadlines (f->config, "medium", now - 1800, &response_due, &resolution_due);
  hd_ticket_set_response_due (ticket, response_due);
  hd_ticket_set_resolution_due (ticket, resolution_due);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  f->uuid = g_strdup (hd_ticket_get_uuid (ticket));

  if (g_getenv ("HD_SCREENSHOT_DIR") != NULL)
    hd_test_load_app_style ();

  f->view = hd_ticket_view_new (f->store, f->config, "王芳");
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 620, 1400);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  hd_ticket_view_set_uuid (f->view, f->uuid);
  HD_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (HD_IS_TICKET_WINDOW (l->data))
      gtk_window_destroy (l->data);
  g_list_free (windows);
  gtk_window_destroy (f->window);
  hd_test_drain_main_loop ();
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  hd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->uuid);
}

static HdTicketFields *
fields_of (HdTicketView *view)
{
  GtkWidget *fields = hd_test_find_type (GTK_WIDGET (view), HD_TYPE_TICKET_FIELDS);

  g_assert_nonnull (fields);
  return HD_TICKET_FIELDS (fields);
}

static GtkWidget *
child (HdTicketFields *fields, const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fields), HD_TYPE_TICKET_FIELDS, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* A key press as GTK dispatches it in the bubble phase: from @focus up to
 * the window, the first widget whose shortcut for the key runs wins. */
static gboolean
press (GtkWidget *focus, guint keyval, GdkModifierType modifiers)
{
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, modifiers);

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (w);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

              if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger) &&
                  gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, w,
                                                gtk_shortcut_get_arguments (shortcut)))
                return TRUE;
            }
        }
    }
  return FALSE;
}

static void
type_text (HdTicketFields *fields, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fields, name)), text);
}

static void
select_id (HdTicketFields *fields, const char *name, const char *id)
{
  AdwComboRow *row = ADW_COMBO_ROW (child (fields, name));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HdConfigItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (hd_config_item_get_id (item), id) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_assert_not_reached ();
}

static const char *
selected_id (HdTicketFields *fields, const char *name)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (child (fields, name)));

  return HD_IS_CONFIG_ITEM (item) ? hd_config_item_get_id (HD_CONFIG_ITEM (item)) : NULL;
}

static HdTicket *
stored (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HdTicket *ticket = hd_store_get_ticket (f->store, f->uuid, &error);

  g_assert_no_error (error);
  return ticket;
}

/* The row of the view list titled @title, or NULL. */
static AdwActionRow *
view_row (HdTicketFields *fields, const char *title)
{
  GtkWidget *list = child (fields, "view_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return ADW_ACTION_ROW (row);
  return NULL;
}

/* With HD_SCREENSHOT_DIR set, renders the window to a PNG there. */
static void
maybe_screenshot (GtkWindow *window, const char *name)
{
  const char *dir = g_getenv ("HD_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  hd_test_save_png (GTK_WIDGET (window), path);
}

static void
test_edit_by_keyboard (Fixture *f, gconstpointer data)
{
  HdTicketFields *fields = fields_of (f->view);
  g_autoptr(HdTicket) before = stored (f);
  g_autoptr(HdTicket) after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sealed = NULL;
  GtkTextBuffer *buffer;
  HdEvent *event;
  JsonObject *changed;
  AdwActionRow *row;

  /* Ctrl+E from anywhere in the view. */
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_false (hd_ticket_fields_get_editing (fields));
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_e, GDK_CONTROL_MASK));
  g_assert_true (hd_ticket_fields_get_editing (fields));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fields, "contact_row"))), ==, "1234");

  type_text (fields, "contact_row", "wechat: li_0921");
  type_text (fields, "name_row", "李先生");
  type_text (fields, "occurred_row", "yesterday morning");
  type_text (fields, "cc_row", "物流部，财务部");
  type_text (fields, "sensitive_row", SECRET);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (fields, "description_view")));
  gtk_text_buffer_set_text (buffer, "会员积分上个月没有到账；客户已核对积分明细，希望本周内补发。", -1);
  /* Many customers × blocking: the priority follows the matrix. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (fields, "impact_row")), HD_IMPACT_MANY);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (fields, "urgency_row")), HD_URGENCY_BLOCKING);
  g_assert_cmpstr (selected_id (fields, "priority_row"), ==, "urgent");
  g_assert_false (gtk_widget_get_visible (child (fields, "reason_row")));

  /* Ctrl+S with an invalid time: shown inline, nothing saved, nothing lost. */
  gtk_widget_grab_focus (child (fields, "contact_row"));
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_true (hd_ticket_fields_get_editing (fields));
  g_assert_true (gtk_widget_get_visible (child (fields, "occurred_error")));
  g_assert_true (gtk_widget_has_css_class (child (fields, "occurred_row"), "error"));
  g_assert_false (gtk_widget_get_visible (child (fields, "customer_error")));
  maybe_screenshot (f->window, "ticket-edit-error.png");
  g_clear_object (&after);
  after = stored (f);
  g_assert_cmpstr (hd_ticket_get_contact (after), ==, "1234");
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fields, "contact_row"))), ==, "wechat: li_0921");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fields, "sensitive_row"))), ==, SECRET);

  /* A priority other than the proposal asks for a reason. */
  select_id (fields, "priority_row", "high");
  g_assert_true (gtk_widget_get_visible (child (fields, "reason_row")));
  type_text (fields, "occurred_row", "2026-01-05 09:30");
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_true (hd_ticket_fields_get_editing (fields));
  g_assert_true (gtk_widget_get_visible (child (fields, "classification_error")));
  g_assert_false (gtk_widget_get_visible (child (fields, "occurred_error")));
  type_text (fields, "reason_row", "同一客户本周第二次来电");

  /* Fixed: saved through the edit command. */
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_false (hd_ticket_fields_get_editing (fields));
  g_clear_object (&after);
  after = stored (f);
  g_assert_cmpstr (hd_ticket_get_contact (after), ==, "wechat: li_0921");
  g_assert_cmpstr (hd_ticket_get_customer_name (after), ==, "李先生");
  g_assert_cmpstr (hd_ticket_get_priority (after), ==, "high");
  g_assert_cmpint (hd_ticket_get_impact (after), ==, HD_IMPACT_MANY);
  g_assert_cmpstr (hd_ticket_get_cc_departments (after)[1], ==, "财务部");
  g_assert_cmpint (hd_ticket_get_resolution_due (after), !=, hd_ticket_get_resolution_due (before));
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, 2);
  sealed = hd_store_get_sensitive_field (f->store, f->uuid, HD_TICKET_SENSITIVE_FIELD, NULL);
  g_assert_true (g_str_has_prefix (sealed, "hdsb1:"));

  /* The timeline shows the change, newest first, without the secret. */
  HD_TEST_WAIT_FOR (g_list_model_get_n_items (hd_ticket_view_get_timeline (f->view)) >= 2);
  event = g_list_model_get_item (hd_ticket_view_get_timeline (f->view), 0);
  g_assert_cmpint (hd_event_get_kind (event), ==, HD_EVENT_FIELD_CHANGE);
  g_assert_true (json_parser_load_from_data (parser, hd_event_get_data (event), -1, NULL));
  changed = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "fields");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (changed, "contact"), "to"),
                   ==, "wechat: li_0921");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (changed, "priority"), "from"),
                   ==, "medium");
  g_assert_null (strstr (hd_event_get_data (event), SECRET));
  g_object_unref (event);

  /* Shown masked; revealed only on request. */
  row = view_row (fields, "Sensitive data");
  g_assert_nonnull (row);
  g_assert_null (strstr (adw_action_row_get_subtitle (row), "1234"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fields), "fields.reveal", NULL));
  row = view_row (fields, "Sensitive data");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, SECRET);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fields), "fields.reveal", NULL));
  row = view_row (fields, "Sensitive data");
  g_assert_null (strstr (adw_action_row_get_subtitle (row), SECRET));
  g_assert_cmpstr (adw_action_row_get_subtitle (view_row (fields, "Contact")), ==, "wechat: li_0921");

  /* Escape cancels an edit: the stored values come back. */
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_e, GDK_CONTROL_MASK));
  type_text (fields, "contact_row", "should not be saved");
  gtk_widget_grab_focus (child (fields, "contact_row"));
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_Escape, 0));
  g_assert_false (hd_ticket_fields_get_editing (fields));
  g_clear_object (&after);
  after = stored (f);
  g_assert_cmpstr (hd_ticket_get_contact (after), ==, "wechat: li_0921");
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, 2);

  /* A change from elsewhere while editing: the editors keep what was
   * typed, and the other change stands after the save. */
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_e, GDK_CONTROL_MASK));
  type_text (fields, "contact_row", "wechat: li_0922");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HdTicket) other = stored (f);

    hd_ticket_set_customer_type (other, "电商VIP");
    g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, other, NULL, NULL,
                                                   "李娜", g_get_real_time () / G_USEC_PER_SEC, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (hd_ticket_fields_get_editing (fields));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fields, "contact_row"))), ==, "wechat: li_0922");
  gtk_widget_grab_focus (child (fields, "contact_row"));
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_false (hd_ticket_fields_get_editing (fields));
  g_clear_object (&after);
  after = stored (f);
  g_assert_cmpstr (hd_ticket_get_contact (after), ==, "wechat: li_0922");
  g_assert_cmpstr (hd_ticket_get_customer_type (after), ==, "电商VIP");
}

/* A file picked in the editor (the chooser's and a drop's path, given the
 * GFile directly), and a stored one removed with its row's button; saved
 * with Ctrl+S: the store holds the new list, the copy is in the folder. */
static void
test_edit_attachments (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  HdTicketFields *fields = fields_of (f->view);
  g_autofree char *dir = g_build_filename (f->dir, "attachments", NULL);
  g_autofree char *old_path = g_build_filename (f->dir, "old.log", NULL);
  g_autofree char *new_path = g_build_filename (f->dir, "trace.txt", NULL);
  g_autoptr(GFile) old_file = g_file_new_for_path (old_path);
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
  g_autoptr(HdAttachment) old = NULL;
  g_autoptr(HdAttachment) saved = NULL;
  g_autoptr(HdTicket) after = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *sha = NULL;
  GtkWidget *list, *row, *remove;
  guint outbox;

  hd_ticket_fields_set_attachment_dir (fields, dir);
  g_file_set_contents (old_path, "old log", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (new_path, "connect() timed out, E1002\n", -1, &error);
  g_assert_no_error (error);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "connect() timed out, E1002\n", -1);

  /* A ticket that has one attachment from intake. */
  old = hd_attachment_store_add_file (dir, old_file, HD_ATTACHMENT_DEFAULT_MAX_BYTES, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(HdTicket) ticket = stored (f);

    g_list_store_append (hd_ticket_get_attachments (ticket), old);
    g_assert_true (hd_store_update_ticket (f->store, ticket, "张伟", &error));
    g_assert_no_error (error);
  }
  HD_TEST_WAIT_FOR (view_row (fields, "old.log") != NULL);
  outbox = hd_store_outbox_count (f->store);
  g_assert_false (gtk_widget_get_sensitive (child (fields, "add_attachment_button")));
  g_assert_false (gtk_widget_get_visible (child (fields, "order_row")));

  /* Ctrl+E: listed with a Remove button; a file is added. */
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_e, GDK_CONTROL_MASK));
  list = child (fields, "attachment_list");
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_true (gtk_widget_get_sensitive (child (fields, "add_attachment_button")));
  g_assert_true (gtk_widget_get_focusable (child (fields, "add_attachment_button")));
  hd_ticket_fields_add_file (fields, new_file);
  HD_TEST_WAIT_FOR (hd_ticket_fields_get_pending_files (fields) == 0);
  row = gtk_widget_get_first_child (list);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "old.log");
  row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "trace.txt");

  /* The stored one removed with its button, labelled for screen readers. */
  remove = hd_test_find_type (gtk_widget_get_first_child (list), GTK_TYPE_BUTTON);
  g_assert_nonnull (remove);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (remove), ==, "Remove Attachment");
  /* Activated as by the keyboard: clicked after the press animation. */
  gtk_widget_activate (remove);
  HD_TEST_WAIT_FOR (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (list))),
                               "trace.txt") == 0);
  row = gtk_widget_get_first_child (list);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "trace.txt");
  g_assert_null (gtk_widget_get_next_sibling (row));

  /* An order number (Enter) and an error code (the apply button), as at
   * intake: trimmed, listed, the rows emptied. */
  g_assert_true (gtk_widget_get_visible (child (fields, "order_row")));
  g_assert_true (gtk_widget_get_visible (child (fields, "error_code_row")));
  gtk_widget_grab_focus (child (fields, "order_row"));
  gtk_editable_set_text (GTK_EDITABLE (child (fields, "order_row")), "  SO-2026-0042 ");
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_Return, 0));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fields, "order_row"))), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (child (fields, "error_code_row")), "E1002");
  g_signal_emit_by_name (child (fields, "error_code_row"), "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fields, "error_code_row"))), ==, "");
  row = gtk_widget_get_next_sibling (gtk_widget_get_first_child (list));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "SO-2026-0042");
  row = gtk_widget_get_next_sibling (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "E1002");
  if (g_getenv ("HD_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("HD_SCREENSHOT_DIR"), "ticket-edit-attachments.png", NULL);
      hd_test_save_png (gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP), png);
    }

  gtk_widget_grab_focus (child (fields, "contact_row"));
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_false (hd_ticket_fields_get_editing (fields));
  after = stored (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hd_ticket_get_attachments (after))), ==, 3);
  {
    g_autoptr(HdAttachment) order = g_list_model_get_item (G_LIST_MODEL (hd_ticket_get_attachments (after)), 1);
    g_autoptr(HdAttachment) code = g_list_model_get_item (G_LIST_MODEL (hd_ticket_get_attachments (after)), 2);

    g_assert_cmpint (hd_attachment_get_kind (order), ==, HD_ATTACHMENT_ORDER_NUMBER);
    g_assert_cmpstr (hd_attachment_get_text (order), ==, "SO-2026-0042");
    g_assert_cmpint (hd_attachment_get_kind (code), ==, HD_ATTACHMENT_ERROR_CODE);
    g_assert_cmpstr (hd_attachment_get_text (code), ==, "E1002");
  }
  g_assert_false (gtk_widget_get_visible (child (fields, "order_row")));
  saved = g_list_model_get_item (G_LIST_MODEL (hd_ticket_get_attachments (after)), 0);
  g_assert_cmpstr (hd_attachment_get_name (saved), ==, "trace.txt");
  g_assert_cmpstr (hd_attachment_get_sha256 (saved), ==, sha);
  copy = hd_attachment_store_get_path (dir, sha);
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox + 1);

  /* The view lists the new one only. */
  g_assert_nonnull (view_row (fields, "trace.txt"));
  g_assert_null (view_row (fields, "old.log"));
}

static guint
count_ticket_windows (void)
{
  GList *windows = gtk_window_list_toplevels ();
  guint n = 0;

  for (GList *l = windows; l != NULL; l = l->next)
    n += HD_IS_TICKET_WINDOW (l->data);
  g_list_free (windows);
  return n;
}

static HdTicketWindow *
find_ticket_window (void)
{
  GList *windows = gtk_window_list_toplevels ();
  HdTicketWindow *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (HD_IS_TICKET_WINDOW (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static void
test_ticket_window (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = stored (f);
  HdTicketWindow *window;
  HdTicketView *view;
  GObject *status_label;

  /* Ctrl+Shift+N from the view beside the board. */
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_null (find_ticket_window ());
  g_assert_true (press (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_n,
                        GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  window = find_ticket_window ();
  g_assert_nonnull (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  HD_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, hd_ticket_get_number (ticket));
  view = hd_ticket_window_get_view (window);
  g_assert_cmpstr (hd_ticket_view_get_uuid (view), ==, f->uuid);
  /* Not again from inside it: the action is off there. */
  gtk_widget_activate_action (GTK_WIDGET (view), "ticket.open-window", NULL);
  g_assert_cmpuint (count_ticket_windows (), ==, 1);

  /* A status change made elsewhere (the board) shows in the window. */
  status_label = gtk_widget_get_template_child (GTK_WIDGET (view), HD_TYPE_TICKET_VIEW, "status_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status_label)), ==, hd_status_get_label (HD_STATUS_PENDING));
  g_assert_true (hd_ticket_commands_reassign (f->store, f->uuid, NULL, "王芳", NULL, "王芳",
                                              g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_true (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_IN_PROGRESS, "王芳",
                                                   g_get_real_time () / G_USEC_PER_SEC, NULL, &error));
  g_assert_no_error (error);
  HD_TEST_WAIT_FOR (g_strcmp0 (gtk_label_get_text (GTK_LABEL (status_label)),
                               hd_status_get_label (HD_STATUS_IN_PROGRESS)) == 0);
  maybe_screenshot (GTK_WINDOW (window), "ticket-window.png");

  /* A second window for the same ticket is allowed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "ticket.open-window", NULL));
  g_assert_cmpuint (count_ticket_windows (), ==, 2);

  /* Closing it does not drop an edit in progress. */
  hd_ticket_fields_edit (fields_of (view));
  gtk_window_close (GTK_WINDOW (window));
  hd_test_drain_main_loop ();
  g_assert_nonnull (window);
  hd_ticket_fields_cancel (fields_of (view));

  /* Escape closes it, even from the fields: not editing, they let it pass. */
  gtk_widget_grab_focus (child (fields_of (view), "edit_button"));
  g_assert_true (gtk_widget_has_focus (child (fields_of (view), "edit_button")));
  /* (The first Escape may only dismiss the toast about the edit, as
   * libadwaita's toast overlay does.) */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (window != NULL && g_get_monotonic_time () < deadline)
      {
        g_assert_true (press (gtk_root_get_focus (GTK_ROOT (window)), GDK_KEY_Escape, 0));
        hd_test_drain_main_loop ();
      }
  }
  g_assert_null (window);
  g_assert_cmpuint (count_ticket_windows (), ==, 1);
}

/* The board card's menu item "Open in New Window" runs this. */
static void
on_board_toast (HdBoardView *board, AdwToast *toast, guint *n_toasts)
{
  (*n_toasts)++;
}

static void
test_board_opens_window (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) second = hd_ticket_new ();
  HdBoardView *board = hd_board_view_new (f->store, f->config, "王芳");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  HdTicketView *pane = hd_board_view_get_ticket_view (board);
  guint n_toasts = 0;

  gtk_window_set_child (window, GTK_WIDGET (board));
  gtk_window_present (window);
  g_assert_cmpuint (count_ticket_windows (), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.open-ticket-window", "s", f->uuid));
  g_assert_cmpuint (count_ticket_windows (), ==, 1);
  g_assert_cmpstr (hd_ticket_view_get_uuid (hd_ticket_window_get_view (find_ticket_window ())), ==, f->uuid);

  /* While the pane's fields are edited, another ticket (or closing the pane)
   * waits: the edit is not dropped. */
  hd_ticket_set_customer_label (second, "客户B-2026");
  hd_ticket_set_contact (second, "8888");
  hd_ticket_set_description (second, "发票抬头填错了，客户希望重新开具增值税发票。");
  g_assert_true (hd_store_create_ticket (f->store, second, "张伟", &error));
  g_assert_no_error (error);
  g_signal_connect (board, "toast", G_CALLBACK (on_board_toast), &n_toasts);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.open-ticket", "s", f->uuid));
  hd_ticket_fields_edit (fields_of (pane));
  type_text (fields_of (pane), "contact_row", "typed, not saved");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.open-ticket", "s",
                                             hd_ticket_get_uuid (second)));
  g_assert_cmpstr (hd_ticket_view_get_uuid (pane), ==, f->uuid);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.close-ticket", NULL));
  g_assert_cmpstr (hd_ticket_view_get_uuid (pane), ==, f->uuid);
  g_assert_cmpuint (n_toasts, ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fields_of (pane), "contact_row"))), ==,
                   "typed, not saved");
  hd_ticket_fields_cancel (fields_of (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.open-ticket", "s",
                                             hd_ticket_get_uuid (second)));
  g_assert_cmpstr (hd_ticket_view_get_uuid (pane), ==, hd_ticket_get_uuid (second));

  /* The pane beside the board in edit mode, for a screenshot. */
  if (g_getenv ("HD_SCREENSHOT_DIR") != NULL)
    {
      gint64 until = g_get_monotonic_time () + 600 * 1000;

      gtk_window_set_default_size (window, 1280, 800);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.open-ticket", "s", f->uuid));
      hd_ticket_fields_edit (fields_of (pane));
      while (g_get_monotonic_time () < until)  /* the pane slides in */
        g_main_context_iteration (NULL, FALSE);
      maybe_screenshot (window, "board-ticket-edit.png");
    }
  gtk_window_destroy (window);
}

static void
test_edit_screenshot (Fixture *f, gconstpointer data)
{
  HdTicketFields *fields = fields_of (f->view);

  hd_ticket_fields_edit (fields);
  type_text (fields, "contact_row", "");
  g_assert_false (hd_ticket_fields_save (fields));
  g_assert_true (gtk_widget_get_visible (child (fields, "customer_error")));
  g_assert_true (gtk_widget_has_css_class (child (fields, "contact_row"), "error"));
  maybe_screenshot (f->window, "ticket-edit.png");
}

/* The timeline's line for a field_change: titles and labels, no values of
 * the sensitive field. */
static void
test_describe_change (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  line = hd_ticket_fields_describe_change (config,
    "{\"fields\":{\"contact\":{\"from\":\"1234\",\"to\":\"5678\"},"
    "\"priority\":{\"from\":\"medium\",\"to\":\"high\"},"
    "\"channel\":{\"from\":\"phone\",\"to\":\"chat\"},"
    "\"customer_name\":{\"from\":null,\"to\":\"李先生\"},"
    "\"id_or_account\":{\"changed\":true}},\"priority_reason\":\"VIP\"}");
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "Contact: 1234 → 5678"));
  g_assert_nonnull (strstr (line, "Priority: Medium → High"));
  g_assert_nonnull (strstr (line, "Channel: Phone → Online Chat"));
  g_assert_nonnull (strstr (line, "Customer name: — → 李先生"));
  g_assert_nonnull (strstr (line, "Sensitive data: changed"));
  g_assert_true (g_str_has_suffix (line, " (VIP)"));
  g_clear_pointer (&line, g_free);
  line = hd_ticket_fields_describe_change (config,
    "{\"fields\":{\"attachments\":{\"count\":1,\"added\":[\"trace.txt\"],\"removed\":[\"old.log\"]}}}");
  g_assert_cmpstr (line, ==, "Attachments: added trace.txt; removed old.log");
  g_assert_null (hd_ticket_fields_describe_change (config, "{\"from\":\"a\"}"));
  g_assert_null (hd_ticket_fields_describe_change (config, "not json"));
}

int
main (int argc, char **argv)
{
  g_setenv ("HELPDESK_NO_KEYRING", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ticket-edit-ui/edit-by-keyboard", test_edit_by_keyboard);
  ADD ("/ticket-edit-ui/edit-attachments", test_edit_attachments);
  ADD ("/ticket-edit-ui/ticket-window", test_ticket_window);
  ADD ("/ticket-edit-ui/board-opens-window", test_board_opens_window);
  ADD ("/ticket-edit-ui/edit-screenshot", test_edit_screenshot);
#undef ADD
  g_test_add_func ("/ticket-edit-ui/describe-change", test_describe_change);
  return g_test_run ();
}
