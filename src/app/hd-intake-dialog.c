/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-intake"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hd-attachment-store.h"
#include "hd-event.h"
#include "hd-intake-dialog-private.h"
#include "hd-sla.h"
#include "hd-store-intake.h"
#include "hd-ticket-validation.h"
#include "hd-uuid.h"

#define DRAFT_DELAY_MS 1000

G_DEFINE_FINAL_TYPE (HdIntakeDialog, hd_intake_dialog, ADW_TYPE_WINDOW)

enum { TICKET_SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
hd_intake_dialog_emit_saved (HdIntakeDialog *self,
                             HdTicket       *ticket)
{
  g_signal_emit (self, signals[TICKET_SAVED], 0, ticket);
}

const char *
hd_intake_dialog_selected_id (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  /* The "not chosen" placeholder has an empty id. */
  if (HD_IS_CONFIG_ITEM (item) && *hd_config_item_get_id (HD_CONFIG_ITEM (item)) != '\0')
    return hd_config_item_get_id (HD_CONFIG_ITEM (item));
  return NULL;
}

void
hd_intake_dialog_select_id (AdwComboRow *row,
                            const char  *id)
{
  GListModel *model = adw_combo_row_get_model (row);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  if (id == NULL)
    id = "";
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HdConfigItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (hd_config_item_get_id (item), id) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
}

char *
hd_intake_dialog_get_description (HdIntakeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_occurred_row (HdIntakeDialog *self)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (self->occurred_at);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  gint64 minutes = (g_date_time_to_unix (now) - self->occurred_at) / 60;

  if (minutes < 1)
    text = g_date_time_format (dt, _("Just now, %H:%M"));
  else if (minutes < 120)
    {
      g_autofree char *clock = g_date_time_format (dt, "%H:%M");
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %d minute ago",
                                           "%s, %d minutes ago", minutes),
                              clock, (int) minutes);
    }
  else
    text = g_date_time_format (dt, _("%Y-%m-%d %H:%M"));
  adw_action_row_set_subtitle (self->occurred_row, text);
}

static gboolean
draft_timeout (gpointer data)
{
  HdIntakeDialog *self = data;

  self->draft_timeout_id = 0;
  hd_intake_dialog_save_draft (self);
  return G_SOURCE_REMOVE;
}

void
hd_intake_dialog_changed (HdIntakeDialog *self)
{
  if (self->updating > 0)
    return;
  self->dirty = TRUE;
  if (self->draft_timeout_id == 0)
    self->draft_timeout_id = g_timeout_add (DRAFT_DELAY_MS, draft_timeout, self);
}

void
hd_intake_dialog_save_draft (HdIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (HD_IS_INTAKE_DIALOG (self));

  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  if (!self->dirty || self->store == NULL)
    return;
  json = hd_intake_draft_serialize (self);
  if (!hd_store_save_draft (self->store, HD_INTAKE_DRAFT_KEY, json, &error))
    g_warning ("Could not keep the draft: %s", error->message);
}

gboolean
hd_intake_dialog_is_dirty (HdIntakeDialog *self)
{
  g_return_val_if_fail (HD_IS_INTAKE_DIALOG (self), FALSE);
  return self->dirty;
}

/* --- signal handlers ----------------------------------------------------- */

static void
on_contact_changed (HdIntakeDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->contact_row));

  if (*text != '\0')
    hd_intake_set_error_visible (self->contact_error, GTK_WIDGET (self->contact_row), FALSE);
  hd_intake_dialog_changed (self);
}

static gboolean
classify_timeout (gpointer data)
{
  HdIntakeDialog *self = data;

  self->classify_timeout_id = 0;
  hd_intake_classify_update (self);
  hd_intake_duplicates_update (self);
  return G_SOURCE_REMOVE;
}

static void
on_description_changed (HdIntakeDialog *self)
{
  g_autofree char *text = hd_intake_dialog_get_description (self);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped != '\0')
    hd_intake_set_error_visible (self->description_error, NULL, FALSE);
  /* Hint only once there is something to judge, and while it still applies. */
  if (gtk_widget_get_visible (self->description_hint) || g_utf8_strlen (stripped, -1) >= HD_TICKET_VAGUE_MAX_CHARS)
    gtk_widget_set_visible (self->description_hint, hd_ticket_description_is_vague (stripped));
  if (self->classify_timeout_id == 0)
    self->classify_timeout_id = g_timeout_add (250, classify_timeout, self);
  hd_intake_dialog_changed (self);
}

static void
on_description_focus_leave (HdIntakeDialog *self)
{
  g_autofree char *text = hd_intake_dialog_get_description (self);

  gtk_widget_set_visible (self->description_hint, hd_ticket_description_is_vague (text));
}

static void
on_field_changed (HdIntakeDialog *self)
{
  hd_intake_dialog_changed (self);
}

static void
on_transfer_enabled (HdIntakeDialog *self)
{
  if (!adw_expander_row_get_enable_expansion (self->transfer_row))
    hd_intake_set_error_visible (self->transfer_error, NULL, FALSE);
  hd_intake_dialog_changed (self);
}

static void
on_resolve_enabled (HdIntakeDialog *self)
{
  if (!adw_expander_row_get_enable_expansion (self->resolve_row))
    hd_intake_set_error_visible (self->result_error, GTK_WIDGET (self->result_row), FALSE);
  else
    adw_expander_row_set_expanded (self->resolve_row, TRUE);
  hd_intake_dialog_changed (self);
}

/* --- closing -------------------------------------------------------------- */

static void
discard_and_close (HdIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!hd_store_delete_draft (self->store, HD_INTAKE_DRAFT_KEY, &error))
    g_warning ("Could not remove the draft: %s", error->message);
  self->dirty = FALSE;
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     HdIntakeDialog   *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    discard_and_close (self);
  else if (g_strcmp0 (response, "keep") == 0)
    {
      hd_intake_dialog_save_draft (self);
      self->dirty = FALSE;
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
ask_before_closing (HdIntakeDialog *self)
{
  AdwMessageDialog *dialog;

  if (!self->dirty)
    {
      discard_and_close (self);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Discard This Ticket?"),
                                                       _("The form has details that are not saved. A kept draft opens again with the next new ticket.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Continue Editing"),
                                    "keep", _("_Keep Draft"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
hd_intake_dialog_close_request (GtkWindow *window)
{
  HdIntakeDialog *self = HD_INTAKE_DIALOG (window);

  /* Closed by the window manager or with the main window: keep the draft. */
  hd_intake_dialog_save_draft (self);
  return GTK_WINDOW_CLASS (hd_intake_dialog_parent_class)->close_request (window);
}

/* --- actions -------------------------------------------------------------- */

static void
save_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  hd_intake_dialog_save (HD_INTAKE_DIALOG (widget));
}

static void
cancel_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  ask_before_closing (HD_INTAKE_DIALOG (widget));
}

static void
use_proposal_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  hd_intake_use_proposal (HD_INTAKE_DIALOG (widget));
}

static void
add_files_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  hd_intake_attachments_choose (HD_INTAKE_DIALOG (widget));
}

static void
occurred_ago_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HdIntakeDialog *self = HD_INTAKE_DIALOG (widget);
  int minutes = g_variant_get_int32 (param);

  self->occurred_at = g_get_real_time () / G_USEC_PER_SEC - CLAMP (minutes, 0, 7 * 24 * 60) * 60;
  update_occurred_row (self);
  gtk_popover_popdown (self->occurred_popover);
  hd_intake_dialog_changed (self);
}

static void
occurred_set_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HdIntakeDialog *self = HD_INTAKE_DIALOG (widget);
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->occurred_calendar);
  g_autoptr(GDateTime) when = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  when = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->occurred_hour),
                                gtk_spin_button_get_value_as_int (self->occurred_minute), 0);
  /* A problem cannot occur in the future. */
  self->occurred_at = MIN (g_date_time_to_unix (when), now);
  update_occurred_row (self);
  gtk_popover_popdown (self->occurred_popover);
  hd_intake_dialog_changed (self);
}

static void
on_occurred_popover_show (HdIntakeDialog *self)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (self->occurred_at);

  gtk_calendar_select_day (self->occurred_calendar, dt);
  gtk_spin_button_set_value (self->occurred_hour, g_date_time_get_hour (dt));
  gtk_spin_button_set_value (self->occurred_minute, g_date_time_get_minute (dt));
}

static void
on_order_apply (HdIntakeDialog *self)
{
  hd_intake_attachments_add_text (self, self->order_row, HD_ATTACHMENT_ORDER_NUMBER);
}

static void
on_error_code_apply (HdIntakeDialog *self)
{
  hd_intake_attachments_add_text (self, self->error_code_row, HD_ATTACHMENT_ERROR_CODE);
}

/* --- construction ---------------------------------------------------------- */

static void
hd_intake_dialog_dispose (GObject *object)
{
  HdIntakeDialog *self = (HdIntakeDialog *) object;

  g_cancellable_cancel (self->cancellable);
  /* Destroyed with the application, not closed: keep what was typed. */
  if (self->dirty && self->store != NULL)
    hd_intake_dialog_save_draft (self);
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  g_clear_handle_id (&self->classify_timeout_id, g_source_remove);
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_INTAKE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_object (&self->roster);
  g_clear_object (&self->classifier);
  g_clear_object (&self->secret_box);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->attachments);
  g_clear_pointer (&self->handler_ids, g_ptr_array_unref);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  g_clear_pointer (&self->notify, g_ptr_array_unref);
  g_clear_pointer (&self->loads, g_hash_table_unref);

  G_OBJECT_CLASS (hd_intake_dialog_parent_class)->dispose (object);
}

static void
hd_intake_dialog_finalize (GObject *object)
{
  HdIntakeDialog *self = (HdIntakeDialog *) object;

  hd_classification_clear (&self->proposal);
  g_free (self->proposed_priority);
  g_free (self->priority_reason);
  g_free (self->routing_reason);
  g_free (self->agent);
  g_free (self->attachment_dir);
  g_free (self->key_file);

  G_OBJECT_CLASS (hd_intake_dialog_parent_class)->finalize (object);
}

static void
hd_intake_dialog_class_init (HdIntakeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hd_intake_dialog_dispose;
  object_class->finalize = hd_intake_dialog_finalize;
  window_class->close_request = hd_intake_dialog_close_request;

  signals[TICKET_SAVED] = g_signal_new ("ticket-saved", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, HD_TYPE_TICKET);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-intake-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HdIntakeDialog, name)
  BIND (toast_overlay); BIND (window_title); BIND (save_button);
  BIND (search_row); BIND (customer_results); BIND (label_row); BIND (number_row);
  BIND (name_row); BIND (type_row); BIND (contact_row); BIND (contact_error);
  BIND (channel_row); BIND (emotion_row); BIND (occurred_row); BIND (occurred_popover);
  BIND (occurred_calendar); BIND (occurred_hour); BIND (occurred_minute);
  BIND (description_view); BIND (description_error); BIND (description_hint);
  BIND (duplicate_list); BIND (attachments_group); BIND (order_row); BIND (error_code_row);
  BIND (attachment_list); BIND (sensitive_row); BIND (sensitive_warning);
  BIND (proposal_row); BIND (apply_proposal_button); BIND (type_l1_row); BIND (type_l2_row);
  BIND (impact_row); BIND (urgency_row); BIND (priority_row); BIND (priority_reason_row);
  BIND (deadlines_row); BIND (priority_error); BIND (receiver_row); BIND (group_row);
  BIND (handler_row); BIND (availability_row); BIND (transfer_row); BIND (transfer_department_row);
  BIND (transfer_contact_row); BIND (transfer_note_row); BIND (cc_row); BIND (transfer_error);
  BIND (resolve_row); BIND (result_row); BIND (result_error);
#undef BIND

  gtk_widget_class_install_action (widget_class, "intake.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "intake.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "intake.use-proposal", NULL, use_proposal_activated);
  gtk_widget_class_install_action (widget_class, "intake.add-files", NULL, add_files_activated);
  gtk_widget_class_install_action (widget_class, "intake.occurred-ago", "i", occurred_ago_activated);
  gtk_widget_class_install_action (widget_class, "intake.occurred-set", NULL, occurred_set_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "intake.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "intake.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "intake.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "intake.cancel", NULL);
}

/* libadwaita 1.2 leaves a few of its inner controls without an accessible
 * name (the expander rows' switches, the password row's reveal icon), so a
 * screen reader says "GtkSwitch": name them after what they do. */
static void
name_inner_controls (GtkWidget  *root,
                     GType       type,
                     const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      name_inner_controls (child, type, label);
    }
}

static void
classifier_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  HdClassifier *classifier = hd_store_train_classifier_finish (HD_STORE (source), result, &error);
  HdIntakeDialog *self;

  /* Cancelled in dispose: the dialog is gone (it holds no reference for this). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (classifier == NULL)
    {
      g_warning ("Could not learn from earlier tickets: %s", error->message);
      return;
    }
  g_clear_object (&self->classifier);
  self->classifier = classifier;
  if (self->proposal.source == HD_PROPOSAL_NONE)
    hd_intake_classify_update (self);
}

static void
show_secret_box (HdIntakeDialog *self,
                 const GError   *error)
{
  if (self->secret_box == NULL)
    {
      gtk_label_set_label (self->sensitive_warning, error ? error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->sensitive_warning), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->sensitive_row), FALSE);
    }
  else if (hd_secret_box_get_warning (self->secret_box) != NULL)
    {
      gtk_label_set_label (self->sensitive_warning, hd_secret_box_get_warning (self->secret_box));
      gtk_widget_set_visible (GTK_WIDGET (self->sensitive_warning), TRUE);
    }
}

static void
secret_box_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HdIntakeDialog *self;
  g_autoptr(GError) error = NULL;
  HdSecretBox *box = hd_secret_box_open_default_finish (result, &error);

  /* Cancelled in dispose: the dialog is gone, do not touch it. It holds no
   * reference for this call, so closing the form is never delayed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (self->secret_box != NULL)
    {
      g_clear_object (&box);
      return;
    }
  self->secret_box = box;
  self->secret_box_tried = TRUE;
  show_secret_box (self, error);
}

HdSecretBox *
hd_intake_dialog_get_secret_box (HdIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;

  /* Saved before the worker answered: ask here, once. */
  if (self->secret_box == NULL && !self->secret_box_tried)
    {
      self->secret_box = hd_secret_box_open_default (self->key_file,
                                                     g_getenv ("HELPDESK_NO_KEYRING") == NULL, &error);
      self->secret_box_tried = TRUE;
      show_secret_box (self, error);
    }
  return self->secret_box;
}


static void
hd_intake_dialog_init (HdIntakeDialog *self)
{
  g_autoptr(GListModel) channels = NULL;
  g_autoptr(GListModel) emotions = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (BASE_ID);
  self->attachments = g_list_store_new (HD_TYPE_ATTACHMENT);
  self->created_at = g_get_real_time () / G_USEC_PER_SEC / 60 * 60; /* to the minute */
  self->occurred_at = g_get_real_time () / G_USEC_PER_SEC;
  self->attachment_dir = hd_attachment_store_default_dir ();

  channels = G_LIST_MODEL (gtk_string_list_new (NULL));
  for (HdChannel c = HD_CHANNEL_PHONE; c <= HD_CHANNEL_OTHER; c++)
    gtk_string_list_append (GTK_STRING_LIST (channels), hd_channel_get_label (c));
  adw_combo_row_set_model (self->channel_row, channels);
  emotions = G_LIST_MODEL (gtk_string_list_new (NULL));
  for (HdEmotion e = HD_EMOTION_CALM; e <= HD_EMOTION_ANGRY; e++)
    gtk_string_list_append (GTK_STRING_LIST (emotions), hd_emotion_get_label (e));
  adw_combo_row_set_model (self->emotion_row, emotions);

  {
    g_autofree char *last = g_settings_get_string (self->settings, "last-channel");
    HdChannel channel = HD_CHANNEL_PHONE;

    hd_channel_from_id (last, &channel);
    adw_combo_row_set_selected (self->channel_row, channel);
  }
  update_occurred_row (self);

  g_signal_connect_swapped (self->contact_row, "changed", G_CALLBACK (on_contact_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->description_view), "changed",
                            G_CALLBACK (on_description_changed), self);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();
    g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_description_focus_leave), self);
    gtk_widget_add_controller (GTK_WIDGET (self->description_view), focus);
  }
  g_signal_connect_swapped (self->occurred_popover, "show", G_CALLBACK (on_occurred_popover_show), self);
  g_signal_connect_swapped (self->order_row, "apply", G_CALLBACK (on_order_apply), self);
  g_signal_connect_swapped (self->order_row, "entry-activated", G_CALLBACK (on_order_apply), self);
  g_signal_connect_swapped (self->error_code_row, "apply", G_CALLBACK (on_error_code_apply), self);
  g_signal_connect_swapped (self->error_code_row, "entry-activated", G_CALLBACK (on_error_code_apply), self);
  g_signal_connect_swapped (self->transfer_row, "notify::enable-expansion", G_CALLBACK (on_transfer_enabled), self);
  g_signal_connect_swapped (self->resolve_row, "notify::enable-expansion", G_CALLBACK (on_resolve_enabled), self);

  /* Bounded input: short fields hold a line, notes a paragraph. */
  {
    struct { GtkWidget *row; int max; } limits[] = {
      { GTK_WIDGET (self->search_row), 64 }, { GTK_WIDGET (self->label_row), HD_TICKET_MAX_LABEL },
      { GTK_WIDGET (self->number_row), HD_TICKET_MAX_NUMBER }, { GTK_WIDGET (self->name_row), HD_TICKET_MAX_NAME },
      { GTK_WIDGET (self->type_row), HD_TICKET_MAX_TYPE }, { GTK_WIDGET (self->contact_row), HD_TICKET_MAX_CONTACT },
      { GTK_WIDGET (self->order_row), 128 }, { GTK_WIDGET (self->error_code_row), 128 },
      { GTK_WIDGET (self->sensitive_row), 256 }, { GTK_WIDGET (self->priority_reason_row), HD_TICKET_MAX_REASON },
      { GTK_WIDGET (self->transfer_department_row), HD_TICKET_MAX_DEPARTMENT },
      { GTK_WIDGET (self->transfer_contact_row), HD_TICKET_MAX_CONTACT },
      { GTK_WIDGET (self->transfer_note_row), HD_TICKET_MAX_NOTE }, { GTK_WIDGET (self->cc_row), HD_TICKET_MAX_CC_TEXT },
      { GTK_WIDGET (self->result_row), 2000 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
      {
        GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (limits[i].row));
        if (GTK_IS_TEXT (delegate))
          gtk_text_set_max_length (GTK_TEXT (delegate), limits[i].max);
      }
  }

  name_inner_controls (GTK_WIDGET (self->transfer_row), GTK_TYPE_SWITCH,
                       adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->transfer_row)));
  name_inner_controls (GTK_WIDGET (self->resolve_row), GTK_TYPE_SWITCH,
                       adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->resolve_row)));
  name_inner_controls (GTK_WIDGET (self->sensitive_row), GTK_TYPE_IMAGE, _("Show or Hide"));

  {
    GtkWidget *rows[] = {
      GTK_WIDGET (self->label_row), GTK_WIDGET (self->number_row), GTK_WIDGET (self->name_row),
      GTK_WIDGET (self->type_row), GTK_WIDGET (self->transfer_department_row),
      GTK_WIDGET (self->transfer_contact_row), GTK_WIDGET (self->transfer_note_row),
      GTK_WIDGET (self->cc_row), GTK_WIDGET (self->result_row), GTK_WIDGET (self->priority_reason_row),
    };
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_signal_connect_swapped (rows[i], "changed", G_CALLBACK (on_field_changed), self);
    g_signal_connect_swapped (self->channel_row, "notify::selected", G_CALLBACK (on_field_changed), self);
    g_signal_connect_swapped (self->emotion_row, "notify::selected", G_CALLBACK (on_field_changed), self);
  }
}

HdIntakeDialog *
hd_intake_dialog_new (GtkWindow  *parent,
                      HdStore    *store,
                      HdConfig   *config,
                      HdRoster   *roster,
                      const char *agent)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *receiver = NULL;
  HdIntakeDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (HD_IS_ROSTER (roster), NULL);
  g_return_val_if_fail (agent != NULL, NULL);

  self = g_object_new (HD_TYPE_INTAKE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->config = g_object_ref (config);
  self->roster = g_object_ref (roster);
  self->agent = g_strdup (agent);

  {
    g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (self->created_at);
    g_autofree char *when = g_date_time_format (created, "%Y-%m-%d %H:%M");
    receiver = g_strdup_printf (_("%s, created %s"), agent, when);
    adw_action_row_set_subtitle (self->receiver_row, receiver);
  }

  /* Past tickets teach the classifier, off the main thread; until it is
   * ready the keyword rules alone propose. */
  hd_store_train_classifier_async (store, 5000, self->cancellable, classifier_ready, self);

  /* The key sits next to the store, so each cache has its own. Found off the
   * main thread: it may take a keyring round trip. */
  store_dir = g_path_get_dirname (hd_store_get_path (store));
  self->key_file = g_build_filename (store_dir, "field-key", NULL);
  hd_secret_box_open_default_async (self->key_file, g_getenv ("HELPDESK_NO_KEYRING") == NULL,
                                    self->cancellable, secret_box_ready, self);

  self->updating++;
  hd_intake_classify_setup (self);
  hd_intake_availability_setup (self);
  hd_intake_customer_setup (self);
  hd_intake_attachments_setup (self);
  self->updating--;

  draft = hd_store_load_draft (store, HD_INTAKE_DRAFT_KEY, &error);
  if (draft != NULL && hd_intake_draft_restore (self, draft))
    {
      self->dirty = TRUE;
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Restored the unsaved ticket from last time")));
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->search_row));
  return self;
}

guint
hd_intake_dialog_get_pending_files (HdIntakeDialog *self)
{
  g_return_val_if_fail (HD_IS_INTAKE_DIALOG (self), 0);
  return self->pending_files;
}

void
hd_intake_dialog_set_attachment_dir (HdIntakeDialog *self,
                                     const char     *dir)
{
  g_return_if_fail (HD_IS_INTAKE_DIALOG (self));
  g_return_if_fail (dir != NULL);

  g_free (self->attachment_dir);
  self->attachment_dir = g_strdup (dir);
}
