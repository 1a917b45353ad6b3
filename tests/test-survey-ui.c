/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The survey section of the ticket view under Xvfb: recording an answer
 * through the dialog (chosen by keyboard activation) changes the store and
 * the timeline; the one-time link shows when the store has the survey's
 * token. */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <glib/gstdio.h>

#include "hd-config.h"
#include "hd-store-surveys.h"
#include "hd-store.h"
#include "hd-ticket-survey.h"
#include "hd-ticket-view.h"

#define TOKEN "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x"
#define SURVEY_UUID "5b0c8f8e-3c1d-4c5e-9a51-0d2b8c1f7a10"

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
  GtkWindow *window;
  HdTicketView *view;
  HdTicketSurvey *survey;
  GPtrArray *toasts;
  char *uuid;
} Fixture;

static void
spin (void)
{
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A visible label under @root whose text contains @text. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkButton *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return GTK_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_painted (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* With HD_SCREENSHOT_DIR set, saves the window (scrolled to the survey
 * section) as @name there; otherwise does nothing. */
static void
screenshot (Fixture *f, const char *name)
{
  const char *dir = g_getenv ("HD_SCREENSHOT_DIR");
  g_autoptr(GtkCssProvider) css = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GdkFrameClock *clock;
  GtkWidget *scrolled;
  gboolean painted = FALSE;
  gint64 deadline;
  graphene_point_t top;
  gulong id;

  if (dir == NULL)
    return;
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  spin ();
  scrolled = find_type (GTK_WIDGET (f->view), GTK_TYPE_SCROLLED_WINDOW);
  if (gtk_widget_compute_point (GTK_WIDGET (f->survey), gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                &GRAPHENE_POINT_INIT (0, 0), &top))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), top.y - 12);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  spin ();
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));

  /* Rendered by GTK itself: no X screen grab needed. */
  paintable = gtk_widget_paintable_new (GTK_WIDGET (f->window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (GTK_WIDGET (f->window)),
                          gtk_widget_get_height (GTK_WIDGET (f->window)));
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node, NULL);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
on_toast (HdTicketView *view, AdwToast *toast, Fixture *f)
{
  g_ptr_array_add (f->toasts, g_object_ref (toast));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hd-test-survey-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tickets.db", NULL);
  f->store = hd_store_open (path, &error);
  g_assert_no_error (error);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  f->toasts = g_ptr_array_new_with_free_func (g_object_unref);

  hd_ticket_set_customer_label (ticket, "客户A-2023");
  hd_ticket_set_description (ticket, "无法登录，提示 E1002");
  hd_ticket_set_priority (ticket, "p2");
  hd_ticket_set_handler (ticket, "王芳");
  hd_ticket_set_result (ticket, "重置了密码");
  hd_ticket_set_status (ticket, HD_STATUS_AWAITING_FEEDBACK);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  f->uuid = g_strdup (hd_ticket_get_uuid (ticket));

  f->view = hd_ticket_view_new (f->store, f->config, "王芳");
  g_signal_connect (f->view, "toast", G_CALLBACK (on_toast), f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 600, 900);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  hd_ticket_view_set_uuid (f->view, f->uuid);
  gtk_window_present (f->window);
  f->survey = HD_TICKET_SURVEY (find_type (GTK_WIDGET (f->view), HD_TYPE_TICKET_SURVEY));
  g_assert_nonnull (f->survey);
  spin ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  gtk_window_destroy (f->window);
  spin ();
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_ptr_array_unref (f->toasts);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->uuid);
}

static void
test_record_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GtkButton *record = find_button (GTK_WIDGET (f->survey), "_Record Answer…");
  AdwMessageDialog *dialog;
  GtkWidget *choice, *entry;
  GListModel *timeline;
  gboolean found = FALSE;

  g_assert_nonnull (record);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (record)));
  g_assert_nonnull (find_label (GTK_WIDGET (f->survey), "Waiting for the customer's answer"));

  /* The button opens the dialog; nothing is chosen, so Record is disabled. */
  gtk_widget_activate (GTK_WIDGET (record));
  spin ();
  dialog = hd_ticket_survey_open_dialog (f->survey);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "record"));

  /* Each answer is a radio button in one group, labelled for the reader. */
  for (HdSatisfaction r = HD_SATISFACTION_VERY_SATISFIED; r <= HD_SATISFACTION_DISSATISFIED; r++)
    {
      GtkWidget *button = find_named (GTK_WIDGET (dialog), hd_satisfaction_to_id (r));

      g_assert_true (GTK_IS_CHECK_BUTTON (button));
      g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (button)), ==, hd_satisfaction_get_label (r));
      g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_focus_on_click (button));
    }
  g_assert_true (gtk_widget_has_focus (find_named (GTK_WIDGET (dialog), "very_satisfied")));

  /* Keyboard: focus the answer and activate it (Space does the same). */
  gtk_widget_activate (find_named (GTK_WIDGET (dialog), "satisfied"));
  choice = find_named (GTK_WIDGET (dialog), "dissatisfied");
  gtk_widget_grab_focus (choice);
  gtk_widget_activate (choice);
  spin ();
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (choice)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (GTK_WIDGET (dialog), "satisfied"))));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "record"));

  entry = find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  g_assert_cmpint (gtk_entry_get_max_length (GTK_ENTRY (entry)), >, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "  还是登不上  ");
  adw_message_dialog_response (dialog, "record");
  spin ();

  /* The store: reopened, escalated, dissatisfied, with the answer on the timeline. */
  ticket = hd_store_get_ticket (f->store, f->uuid, NULL);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_IN_PROGRESS);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_DISSATISFIED);
  g_assert_true (hd_ticket_get_escalated (ticket));
  events = hd_store_list_events (f->store, f->uuid, NULL);
  for (guint i = 0; i < events->len; i++)
    if (hd_event_get_kind (g_ptr_array_index (events, i)) == HD_EVENT_SURVEY_ANSWER)
      {
        g_assert_cmpstr (hd_event_get_text (g_ptr_array_index (events, i)), ==, "还是登不上");
        g_assert_cmpstr (hd_event_get_author (g_ptr_array_index (events, i)), ==, "王芳");
        found = TRUE;
      }
  g_assert_true (found);
  g_assert_cmpuint (f->toasts->len, ==, 1);
  g_assert_cmpstr (adw_toast_get_title (g_ptr_array_index (f->toasts, 0)), ==,
                   "Reopened and escalated to the team lead");

  /* The timeline rows: newest first, the answer readable. */
  timeline = hd_ticket_view_get_timeline (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), >=, 3);
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "Customer: Not Satisfied (by phone) — “还是登不上”"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "The customer is dissatisfied"));

  /* The section: answered, no more recording. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (record)));
  g_assert_nonnull (find_label (GTK_WIDGET (f->survey), "Not Satisfied"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "Escalated: the customer is not satisfied"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->survey), "Recorded by 王芳 from a call"));
  g_assert_null (hd_ticket_survey_get_link (f->survey));
  screenshot (f, "survey-answered.png");
}

static void
test_cancel_records_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = NULL;
  guint outbox = hd_store_outbox_count (f->store);
  AdwMessageDialog *dialog = hd_ticket_survey_open_dialog (f->survey);

  gtk_widget_activate (find_named (GTK_WIDGET (dialog), "neutral"));
  adw_message_dialog_response (dialog, "cancel");
  spin ();
  ticket = hd_store_get_ticket (f->store, f->uuid, NULL);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_AWAITING_FEEDBACK);
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox);
}

static void
test_link (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  HdSurvey survey = { (char *) SURVEY_UUID, f->uuid, NULL, g_get_real_time () / G_USEC_PER_SEC, 0,
                      HD_SATISFACTION_NONE, NULL, HD_SURVEY_VIA_NONE };
  GtkLabel *label;

  /* No server (and no sync controller in this test): answers come by phone. */
  g_assert_nonnull (find_label (GTK_WIDGET (f->survey), "Record the customer's answer from a call"));
  g_assert_null (hd_ticket_survey_get_link (f->survey));

  /* A server, but its survey has not come down yet. */
  hd_ticket_survey_set_server_url (f->survey, "https://hd.example.org/");
  g_assert_nonnull (find_label (GTK_WIDGET (f->survey), "The survey link appears after the next sync"));
  g_assert_true (hd_store_upsert_survey (f->store, &survey, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_null (hd_ticket_survey_get_link (f->survey));

  /* The survey with its token: the link, selectable, with Copy. */
  survey.token = (char *) TOKEN;
  g_assert_true (hd_store_upsert_survey (f->store, &survey, &error));
  g_assert_no_error (error);
  spin ();
  g_assert_cmpstr (hd_ticket_survey_get_link (f->survey), ==, "https://hd.example.org/survey/" TOKEN);
  label = find_label (GTK_WIDGET (f->survey), "https://hd.example.org/survey/" TOKEN);
  g_assert_nonnull (label);
  g_assert_true (gtk_label_get_selectable (label));
  g_assert_nonnull (find_label (GTK_WIDGET (f->survey), "Waiting for the customer's answer since"));
  screenshot (f, "survey-waiting.png");
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/survey-ui/record-answer", test_record_answer);
  ADD ("/survey-ui/cancel-records-nothing", test_cancel_records_nothing);
  ADD ("/survey-ui/link", test_link);
#undef ADD

  return g_test_run ();
}
