/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The intake form itself (see test-intake-common.h): filling in and saving
 * every field, validation, drafts, the keyboard, the sealed sensitive field,
 * attachments and the main window's New Ticket action.
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hd-attachment-store.h"
#include "hd-secret-box.h"
#include "hd-store-intake.h"
#include "hd-window.h"
#include "test-intake-common.h"

#define HD_TEST_HUGE 20000

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return memmem (contents, len, needle, strlen (needle)) != NULL;
}

static char *
write_png (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "screenshot.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 40);

  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL));
  return g_steal_pointer (&path);
}

static void
test_fill_and_save (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("org.helpdesk.HelpDesk");
  g_autoptr(GFile) png = NULL;
  g_autofree char *png_path = write_png (f->dir);
  g_autofree char *sealed = NULL;
  g_autofree char *key_path = g_build_filename (f->dir, "field-key", NULL);
  g_autoptr(HdSecretBox) box = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) events = NULL;
  HdIntakeDialog *dialog;
  const char * const *cc;
  GListModel *attachments;
  char *plain;
  gboolean assigned = FALSE;

  dialog = open_dialog (f);

  /* A new customer gets the next anonymised label. */
  g_assert_true (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "label_row"))), "A-2026") ||
                 strstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "label_row"))), "A-") != NULL);
  type_text (dialog, "label_row", "客户A-2023");
  type_text (dialog, "number_row", "C20240501001");
  type_text (dialog, "type_row", "电商VIP");
  type_text (dialog, "contact_row", "尾号1234");
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "channel_row")), HD_CHANNEL_EMAIL);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "emotion_row")), HD_EMOTION_ANXIOUS);
  g_assert_true (gtk_widget_activate_action (field (dialog, "occurred_row"), "intake.occurred-ago", "i", 10));
  type_description (dialog, LOGIN_TEXT);

  /* The rule for login problems is proposed as the agent types. */
  HD_TEST_WAIT_FOR (g_strcmp0 (selected_id (dialog, "type_l1_row"), "fault") == 0);
  g_assert_cmpstr (selected_id (dialog, "type_l2_row"), ==, "login");
  g_assert_cmpstr (selected_id (dialog, "group_row"), ==, "technical");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (field (dialog, "proposal_row"))),
                            "Login problem"));

  /* Impact × urgency gives the priority, and the deadlines appear. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "impact_row")), HD_IMPACT_MANY);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "urgency_row")), HD_URGENCY_DEGRADED);
  g_assert_cmpstr (selected_id (dialog, "priority_row"), ==,
                   hd_config_lookup_priority (f->config, HD_IMPACT_MANY, HD_URGENCY_DEGRADED));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (field (dialog, "deadlines_row"))),
                                   "Respond by"));
  g_assert_false (gtk_widget_get_visible (field (dialog, "priority_reason_row")));

  /* The least-loaded technical agent with the login skill. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (field (dialog, "handler_row"))), >, 0);

  /* Attachments: a structured order number and a dropped screenshot. */
  type_text (dialog, "order_row", "DD202405010099");
  g_signal_emit_by_name (field (dialog, "order_row"), "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "order_row"))), ==, "");
  png = g_file_new_for_path (png_path);
  hd_intake_dialog_add_file (dialog, png);
  HD_TEST_WAIT_FOR (hd_intake_dialog_get_pending_files (dialog) == 0);
  g_assert_true (gtk_widget_get_visible (field (dialog, "attachment_list")));

  type_text (dialog, "sensitive_row", "110101199003071234");

  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (field (dialog, "transfer_row")), TRUE);
  type_text (dialog, "transfer_department_row", "技术部");
  type_text (dialog, "transfer_contact_row", "孙涛");
  type_text (dialog, "transfer_note_row", "请排查E1002");
  type_text (dialog, "cc_row", "财务部，法务部");

  maybe_screenshot (dialog, "intake-filled.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL));
  g_assert_nonnull (f->saved_uuid);
  hd_test_drain_main_loop ();

  ticket = hd_store_get_ticket (f->store, f->saved_uuid, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hd_ticket_get_number (ticket), "CS"));
  g_assert_cmpstr (hd_ticket_get_customer_label (ticket), ==, "客户A-2023");
  g_assert_cmpstr (hd_ticket_get_customer_number (ticket), ==, "C20240501001");
  g_assert_cmpstr (hd_ticket_get_customer_type (ticket), ==, "电商VIP");
  g_assert_null (hd_ticket_get_customer_name (ticket));
  g_assert_cmpstr (hd_ticket_get_contact (ticket), ==, "尾号1234");
  g_assert_cmpint (hd_ticket_get_channel (ticket), ==, HD_CHANNEL_EMAIL);
  g_assert_cmpint (hd_ticket_get_emotion (ticket), ==, HD_EMOTION_ANXIOUS);
  g_assert_cmpint (hd_ticket_get_created_at (ticket) - hd_ticket_get_occurred_at (ticket), >=, 9 * 60);
  g_assert_cmpint (hd_ticket_get_created_at (ticket) - hd_ticket_get_occurred_at (ticket), <=, 11 * 60);
  g_assert_cmpint (hd_ticket_get_created_at (ticket) % 60, ==, 0);
  g_assert_cmpstr (hd_ticket_get_description (ticket), ==, LOGIN_TEXT);
  g_assert_cmpstr (hd_ticket_get_type_l1 (ticket), ==, "fault");
  g_assert_cmpstr (hd_ticket_get_type_l2 (ticket), ==, "login");
  g_assert_cmpint (hd_ticket_get_impact (ticket), ==, HD_IMPACT_MANY);
  g_assert_cmpint (hd_ticket_get_urgency (ticket), ==, HD_URGENCY_DEGRADED);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==,
                   hd_config_lookup_priority (f->config, HD_IMPACT_MANY, HD_URGENCY_DEGRADED));
  g_assert_cmpint (hd_ticket_get_response_due (ticket), >, hd_ticket_get_created_at (ticket));
  g_assert_cmpint (hd_ticket_get_resolution_due (ticket), >=, hd_ticket_get_response_due (ticket));
  g_assert_cmpstr (hd_ticket_get_receiver (ticket), ==, "测试坐席");
  g_assert_cmpstr (hd_ticket_get_group (ticket), ==, "technical");
  g_assert_cmpstr (hd_ticket_get_handler (ticket), ==, "陈宇");
  g_assert_cmpstr (hd_ticket_get_transfer_department (ticket), ==, "技术部");
  g_assert_cmpstr (hd_ticket_get_transfer_contact (ticket), ==, "孙涛");
  g_assert_cmpstr (hd_ticket_get_transfer_note (ticket), ==, "请排查E1002");
  cc = hd_ticket_get_cc_departments (ticket);
  g_assert_cmpuint (g_strv_length ((char **) cc), ==, 2);
  g_assert_cmpstr (cc[0], ==, "财务部");
  g_assert_cmpstr (cc[1], ==, "法务部");
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_PENDING);

  attachments = G_LIST_MODEL (hd_ticket_get_attachments (ticket));
  g_assert_cmpuint (g_list_model_get_n_items (attachments), ==, 2);
  {
    g_autoptr(HdAttachment) order = g_list_model_get_item (attachments, 0);
    g_autoptr(HdAttachment) shot = g_list_model_get_item (attachments, 1);
    g_autofree char *copy = NULL;
    g_autofree char *dir = g_build_filename (f->dir, "attachments", NULL);

    g_assert_cmpint (hd_attachment_get_kind (order), ==, HD_ATTACHMENT_ORDER_NUMBER);
    g_assert_cmpstr (hd_attachment_get_text (order), ==, "DD202405010099");
    g_assert_cmpint (hd_attachment_get_kind (shot), ==, HD_ATTACHMENT_FILE);
    g_assert_cmpstr (hd_attachment_get_mime_type (shot), ==, "image/png");
    copy = hd_attachment_store_get_path (dir, hd_attachment_get_sha256 (shot));
    g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  }

  /* The sensitive field is sealed in the store, nowhere in plain text. */
  sealed = hd_store_get_sensitive_field (f->store, f->saved_uuid, "id_or_account", &error);
  g_assert_nonnull (sealed);
  box = hd_secret_box_open_default (key_path, FALSE, &error);
  g_assert_no_error (error);
  plain = hd_secret_box_unseal (box, sealed, &error);
  g_assert_cmpstr (plain, ==, "110101199003071234");
  hd_secret_free (plain);
  g_assert_false (file_contains (f->path, "110101199003071234"));
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_assert_false (file_contains (wal, "110101199003071234"));
  }

  /* Routing is on the timeline; the customer is remembered; the channel too. */
  events = hd_store_list_events (f->store, f->saved_uuid, &error);
  for (guint i = 0; i < events->len; i++)
    assigned |= hd_event_get_kind (g_ptr_array_index (events, i)) == HD_EVENT_ASSIGNMENT;
  g_assert_true (assigned);
  customers = hd_store_search_customers (f->store, "1234", 5, &error);
  g_assert_cmpuint (customers->len, ==, 1);
  {
    g_autofree char *channel = g_settings_get_string (settings, "last-channel");
    g_assert_cmpstr (channel, ==, "email");
  }
  g_assert_null (hd_store_load_draft (f->store, "intake", &error));
}

static void
test_invalid_saves_nothing (Fixture *f, gconstpointer data)
{
  HdIntakeDialog *dialog = open_dialog (f);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_false (gtk_widget_get_visible (field (dialog, "contact_error")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (field (dialog, "contact_error")));
  g_assert_true (gtk_widget_has_css_class (field (dialog, "contact_row"), "error"));
  g_assert_true (gtk_widget_get_visible (field (dialog, "description_error")));
  g_assert_cmpuint (hd_store_count_tickets (f->store), ==, 0);
  g_assert_null (f->saved_uuid);

  maybe_screenshot (dialog, "intake-errors.png");

  /* Bounded: a pasted log is refused inline, and entry rows stop at their limit. */
  {
    g_autofree char *huge = g_strnfill (HD_TEST_HUGE, 'x');
    type_description (dialog, huge);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL);
    g_assert_true (gtk_widget_get_visible (field (dialog, "description_error")));
    g_assert_cmpuint (hd_store_count_tickets (f->store), ==, 0);
    type_text (dialog, "contact_row", huge);
    g_assert_cmpuint (strlen (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "contact_row")))), <=, 128);
  }

  /* A stock phrase is only a hint: with a contact, the ticket still saves. */
  type_text (dialog, "contact_row", "1234");
  g_assert_false (gtk_widget_get_visible (field (dialog, "contact_error")));
  type_description (dialog, "无法登录");
  g_assert_false (gtk_widget_get_visible (field (dialog, "description_error")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL));
  g_assert_cmpuint (hd_store_count_tickets (f->store), ==, 1);
  g_assert_null (dialog);
}

static void
test_vague_hint (Fixture *f, gconstpointer data)
{
  HdIntakeDialog *dialog = open_dialog (f);

  type_description (dialog, "Can't log in.");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL); /* no contact: stays open */
  g_assert_true (gtk_widget_get_visible (field (dialog, "description_hint")));
  type_description (dialog, "Since this morning the customer cannot log in on Android; the SMS code is rejected. "
                            "Reinstalling did not help. They want access back today to pay an invoice.");
  g_assert_false (gtk_widget_get_visible (field (dialog, "description_hint")));
  destroy (dialog);
}

static void
test_draft_survives_closing (Fixture *f, gconstpointer data)
{
  HdIntakeDialog *dialog = open_dialog (f);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  type_text (dialog, "contact_row", "尾号5678");
  type_description (dialog, "退款申请提交三天了还没到账，客户已经联系过两次。");
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "channel_row")), HD_CHANNEL_SMS);
  g_assert_true (hd_intake_dialog_is_dirty (dialog));
  /* Closing the window (not discarding) keeps the draft. */
  gtk_window_close (GTK_WINDOW (dialog));
  hd_test_drain_main_loop ();
  g_assert_nonnull (hd_store_load_draft (f->store, "intake", NULL));

  dialog = open_dialog (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "contact_row"))), ==, "尾号5678");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (field (dialog, "channel_row"))), ==, HD_CHANNEL_SMS);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field (dialog, "description_view")));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "退款申请提交三天了还没到账，客户已经联系过两次。");
  g_assert_cmpstr (selected_id (dialog, "type_l2_row"), ==, "refund");
  destroy (dialog);
}

static gboolean
has_draft (HdStore *store)
{
  g_autofree char *draft = hd_store_load_draft (store, "intake", NULL);
  return draft != NULL;
}

/* No explicit save or close: the draft is written by itself, so a crash a
 * second after typing loses nothing. */
static void
test_draft_autosaves (Fixture *f, gconstpointer data)
{
  HdIntakeDialog *dialog = open_dialog (f);
  g_autofree char *draft = NULL;

  type_text (dialog, "sensitive_row", "110101199003079999");
  type_text (dialog, "contact_row", "尾号4321");
  HD_TEST_WAIT_FOR (has_draft (f->store));
  draft = hd_store_load_draft (f->store, "intake", NULL);
  g_assert_nonnull (strstr (draft, "尾号4321"));
  /* The sensitive field is never part of a draft. */
  g_assert_null (strstr (draft, "110101199003079999"));
  destroy (dialog);
}

/* Tab walks the form in the order an agent asks the questions. */
static void
test_tab_order (Fixture *f, gconstpointer data)
{
  const char *order[] = {
    "search_row", "label_row", "number_row", "name_row", "type_row", "contact_row",
    "channel_row", "emotion_row", "occurred_row", "description_view", "order_row",
    "error_code_row", "sensitive_row", "type_l1_row", "type_l2_row", "impact_row",
    "urgency_row", "priority_row", "group_row", "handler_row", "cc_row", "resolve_row",
  };
  HdIntakeDialog *dialog = open_dialog (f);
  int last = -1;
  guint seen = 0;

  gtk_widget_grab_focus (field (dialog, "search_row"));
  for (guint step = 0; step < 400 && seen < G_N_ELEMENTS (order); step++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

      for (guint i = 0; focus != NULL && i < G_N_ELEMENTS (order); i++)
        {
          GtkWidget *w = field (dialog, order[i]);
          if ((focus == w || gtk_widget_is_ancestor (focus, w)) && (int) i != last)
            {
              /* Each field comes after the previous one, none is skipped. */
              g_assert_cmpint ((int) i, ==, last + 1);
              last = i;
              seen++;
              break;
            }
        }
      gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD);
    }
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (order));
  destroy (dialog);
}

static void
test_escape_asks_when_dirty (Fixture *f, gconstpointer data)
{
  HdIntakeDialog *dialog = open_dialog (f);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  /* Nothing typed: Escape just closes. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.cancel", NULL);
  hd_test_drain_main_loop ();
  g_assert_null (dialog);

  dialog = open_dialog (f);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  type_text (dialog, "contact_row", "1234");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.cancel", NULL);
  hd_test_drain_main_loop ();
  g_assert_nonnull (dialog); /* a question is asked first */
  destroy (dialog);
}

/* A key file others can read is not used: the sensitive row locks and says why. */
static void
test_untrusted_key (Fixture *f, gconstpointer data)
{
  g_autofree char *key_path = g_build_filename (f->dir, "field-key", NULL);
  HdIntakeDialog *dialog;
  char key[32] = { 0 };

  g_assert_true (g_file_set_contents (key_path, key, sizeof key, NULL));
  g_chmod (key_path, 0644);
  dialog = open_dialog (f);
  HD_TEST_WAIT_FOR (!gtk_widget_get_sensitive (field (dialog, "sensitive_row")));
  g_assert_true (gtk_widget_get_visible (field (dialog, "sensitive_warning")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (field (dialog, "sensitive_warning"))), "readable by others"));
  destroy (dialog);
}

static void
test_attachment_too_large (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "huge.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HdIntakeDialog *dialog = open_dialog (f);
  FILE *fp = fopen (path, "w");

  g_assert_nonnull (fp);
  g_assert_cmpint (fseek (fp, 30 * 1024 * 1024, SEEK_SET), ==, 0);
  fputc ('x', fp);
  fclose (fp);

  hd_intake_dialog_add_file (dialog, file);
  HD_TEST_WAIT_FOR (hd_intake_dialog_get_pending_files (dialog) == 0);
  g_assert_false (gtk_widget_get_visible (field (dialog, "attachment_list")));
  destroy (dialog);
}

static guint
count_intake_windows (HdIntakeDialog **found)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (HD_IS_INTAKE_DIALOG (window))
        {
          n++;
          if (found != NULL)
            *found = HD_INTAKE_DIALOG (window);
        }
    }
  return n;
}

/* Ctrl+N in the main window (win.new-ticket) opens one form, raised if open. */
static void
test_window_new_ticket (Fixture *f, gconstpointer data)
{
  HdWindow *window = hd_window_new (f->app, f->store, f->config, NULL);
  HdIntakeDialog *dialog = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (count_intake_windows (NULL), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-ticket", NULL));
  g_assert_cmpuint (count_intake_windows (&dialog), ==, 1);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-ticket", NULL));
  g_assert_cmpuint (count_intake_windows (NULL), ==, 1);

  type_text (dialog, "contact_row", "1234");
  type_description (dialog, LOGIN_TEXT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL));
  hd_test_drain_main_loop ();
  g_assert_cmpuint (count_intake_windows (NULL), ==, 0);
  g_assert_cmpuint (hd_store_count_tickets (f->store), ==, 1);

  /* Closed, so the next Ctrl+N makes a new one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-ticket", NULL));
  g_assert_cmpuint (count_intake_windows (&dialog), ==, 1);
  destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  hd_test_drain_main_loop ();
}

static void
test_screenshot_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png_path = write_png (f->dir);
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  HdIntakeDialog *dialog;

  if (g_getenv ("HD_INTAKE_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("set HD_INTAKE_SCREENSHOT_DIR to render the form");
      return;
    }

  dialog = open_dialog (f);
  maybe_screenshot (dialog, "intake-new.png");
  destroy (dialog);

  /* The whole form, filled in, at a height that shows every group. */
  dialog = open_dialog_sized (f, 2350);
  type_text (dialog, "label_row", "客户A-2023");
  type_text (dialog, "number_row", "C20240501001");
  type_text (dialog, "type_row", "电商VIP");
  type_text (dialog, "contact_row", "尾号1234");
  type_description (dialog, LOGIN_TEXT);
  HD_TEST_WAIT_FOR (g_strcmp0 (selected_id (dialog, "type_l2_row"), "login") == 0);
  type_text (dialog, "order_row", "DD202405010099");
  g_signal_emit_by_name (field (dialog, "order_row"), "apply");
  type_text (dialog, "error_code_row", "E1002");
  g_signal_emit_by_name (field (dialog, "error_code_row"), "apply");
  hd_intake_dialog_add_file (dialog, png);
  HD_TEST_WAIT_FOR (hd_intake_dialog_get_pending_files (dialog) == 0);
  type_text (dialog, "sensitive_row", "110101199003071234");
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "impact_row")), HD_IMPACT_MANY);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "urgency_row")), HD_URGENCY_DEGRADED);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (field (dialog, "transfer_row")), TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (field (dialog, "transfer_row")), TRUE);
  type_text (dialog, "transfer_department_row", "技术部");
  type_text (dialog, "transfer_contact_row", "孙涛");
  maybe_screenshot (dialog, "intake-full.png");
  destroy (dialog);
}

int
main (int argc, char *argv[])
{
  intake_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, intake_fixture_set_up, func, intake_fixture_tear_down)
  ADD ("/intake/fill-and-save", test_fill_and_save);
  ADD ("/intake/invalid-saves-nothing", test_invalid_saves_nothing);
  ADD ("/intake/vague-hint", test_vague_hint);
  ADD ("/intake/draft", test_draft_survives_closing);
  ADD ("/intake/draft-autosave", test_draft_autosaves);
  ADD ("/intake/tab-order", test_tab_order);
  ADD ("/intake/escape", test_escape_asks_when_dirty);
  ADD ("/intake/attachment-too-large", test_attachment_too_large);
  ADD ("/intake/untrusted-key", test_untrusted_key);
  ADD ("/intake/window-new-ticket", test_window_new_ticket);
  ADD ("/intake/screenshot", test_screenshot_empty);
#undef ADD

  return g_test_run ();
}
