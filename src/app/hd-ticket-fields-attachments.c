/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-fields"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-attachment-open.h"
#include "hd-attachment-rows.h"
#include "hd-attachment-store.h"
#include "hd-ticket-fields-private.h"

/*
 * The ticket's attachments in HdTicketFields: listed in the view; in edit
 * mode a list with Remove buttons, "Add Attachment…" (the intake form's
 * native chooser) and dropped files, copied by content off the main
 * thread (hd-attachment-rows.c), and the intake form's order number and
 * error code rows. The list goes to the edit command with
 * the other fields; the command keeps what was added or removed elsewhere.
 * The view's rows open, save or copy an attachment (hd-attachment-open.c).
 */

static void rebuild_list (HdTicketFields *self);

static void
on_removed (gpointer user_data)
{
  HdTicketFields *self = user_data;

  rebuild_list (self);
  /* The button went with its row: keep the focus in the group. */
  gtk_widget_grab_focus (self->add_attachment_button);
}

static void
rebuild_list (HdTicketFields *self)
{
  hd_attachment_rows_fill (self->attachment_list, self->attachments, self->attachment_dir, on_removed, self);
}

static gboolean
has_room (HdTicketFields *self)
{
  g_autofree char *problem = hd_attachment_rows_room_problem (G_LIST_MODEL (self->attachments));

  if (problem != NULL)
    hd_ticket_fields_toast (self, problem);
  return problem == NULL;
}

static void
file_copied (GObject      *owner,
             HdAttachment *attachment,
             const char   *problem)
{
  HdTicketFields *self = HD_TICKET_FIELDS (owner);

  self->pending_files--;
  if (problem != NULL)
    hd_ticket_fields_toast (self, problem);
  /* An edit ended meanwhile (or the widget went) cancelled the copy. */
  if (attachment == NULL || !self->editing || self->attachments == NULL || !has_room (self))
    return;
  if (!hd_attachment_list_find (G_LIST_MODEL (self->attachments), attachment, NULL))
    g_list_store_append (self->attachments, attachment);
  rebuild_list (self);
}

void
hd_ticket_fields_add_file (HdTicketFields *self,
                           GFile          *file)
{
  g_return_if_fail (HD_IS_TICKET_FIELDS (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!self->editing || !has_room (self))
    return;
  if (self->copying == NULL)
    self->copying = g_cancellable_new ();
  self->pending_files++;
  hd_attachment_copy_file (G_OBJECT (self), self->attachment_dir, file, self->copying, file_copied);
}

guint
hd_ticket_fields_get_pending_files (HdTicketFields *self)
{
  g_return_val_if_fail (HD_IS_TICKET_FIELDS (self), 0);
  return self->pending_files;
}

void
hd_ticket_fields_set_attachment_dir (HdTicketFields *self,
                                     const char     *dir)
{
  g_return_if_fail (HD_IS_TICKET_FIELDS (self));
  g_return_if_fail (dir != NULL);

  g_free (self->attachment_dir);
  self->attachment_dir = g_strdup (dir);
}

static void
add_file (GObject *owner,
          GFile   *file)
{
  hd_ticket_fields_add_file (HD_TICKET_FIELDS (owner), file);
}

void
hd_ticket_fields_add_attachment_activated (GtkWidget  *widget,
                                           const char *name,
                                           GVariant   *parameter)
{
  HdTicketFields *self = HD_TICKET_FIELDS (widget);

  if (self->editing && has_room (self))
    hd_attachment_chooser_show (widget, G_OBJECT (self), add_file);
}

static void
add_text (HdTicketFields   *self,
          AdwEntryRow      *row,
          HdAttachmentKind  kind)
{
  g_autoptr(HdAttachment) attachment = NULL;

  if (!self->editing || *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0' || !has_room (self))
    return;
  if ((attachment = hd_attachment_take_text (row, kind)) == NULL)
    return;
  if (!hd_attachment_list_find (G_LIST_MODEL (self->attachments), attachment, NULL))
    g_list_store_append (self->attachments, attachment);
  rebuild_list (self);
}

static void
on_order_apply (HdTicketFields *self)
{
  add_text (self, self->order_row, HD_ATTACHMENT_ORDER_NUMBER);
}

static void
on_error_code_apply (HdTicketFields *self)
{
  add_text (self, self->error_code_row, HD_ATTACHMENT_ERROR_CODE);
}

void
hd_ticket_fields_attachments_setup (HdTicketFields *self)
{
  g_signal_connect_swapped (self->order_row, "apply", G_CALLBACK (on_order_apply), self);
  g_signal_connect_swapped (self->order_row, "entry-activated", G_CALLBACK (on_order_apply), self);
  g_signal_connect_swapped (self->error_code_row, "apply", G_CALLBACK (on_error_code_apply), self);
  g_signal_connect_swapped (self->error_code_row, "entry-activated", G_CALLBACK (on_error_code_apply), self);
  self->attachment_dir = hd_attachment_store_default_dir ();
  self->attachments = g_list_store_new (HD_TYPE_ATTACHMENT);
  self->exporting = g_cancellable_new ();
  self->drop_target = hd_attachment_drop_target_new (G_OBJECT (self), add_file);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}

void
hd_ticket_fields_attachments_set_editing (HdTicketFields *self,
                                          gboolean        editing)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.add-attachment", editing);
  gtk_widget_set_visible (GTK_WIDGET (self->order_row), editing);
  gtk_widget_set_visible (GTK_WIDGET (self->error_code_row), editing);
  /* Apart from the two entry rows above it, as on the intake form. */
  gtk_widget_set_margin_top (GTK_WIDGET (self->attachment_list), editing ? 12 : 0);
  if (!editing)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->order_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->error_code_row), "");
    }
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->drop_target),
                                              editing ? GTK_PHASE_BUBBLE : GTK_PHASE_NONE);
  if (!editing)
    {
      g_cancellable_cancel (self->copying);
      g_clear_object (&self->copying);
    }
}

void
hd_ticket_fields_attachments_fill (HdTicketFields *self)
{
  GListModel *stored = G_LIST_MODEL (hd_ticket_get_attachments (self->ticket));

  g_list_store_remove_all (self->attachments);
  for (guint i = 0; i < g_list_model_get_n_items (stored); i++)
    {
      g_autoptr(HdAttachment) attachment = g_list_model_get_item (stored, i);
      g_list_store_append (self->attachments, attachment);
    }
  rebuild_list (self);
}

gboolean
hd_ticket_fields_attachments_apply (HdTicketFields *self,
                                    HdTicket       *edited)
{
  GListStore *list = hd_ticket_get_attachments (edited);

  if (self->pending_files > 0)
    {
      hd_ticket_fields_toast (self, _("Wait until the attached files are copied, then save"));
      return FALSE;
    }
  g_list_store_remove_all (list);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->attachments)); i++)
    {
      g_autoptr(HdAttachment) attachment = g_list_model_get_item (G_LIST_MODEL (self->attachments), i);
      g_list_store_append (list, attachment);
    }
  return TRUE;
}

/* The stored attachment the view's button at @parameter stands for. */
static HdAttachment *
view_attachment (HdTicketFields *self,
                 GVariant       *parameter)
{
  GListModel *list;
  guint position = g_variant_get_uint32 (parameter);

  if (self->ticket == NULL)
    return NULL;
  list = G_LIST_MODEL (hd_ticket_get_attachments (self->ticket));
  return position < g_list_model_get_n_items (list) ? g_list_model_get_item (list, position) : NULL;
}

/* Not a reference: dispose cancels, and a cancelled result touches nothing. */
typedef struct {
  HdTicketFields *self;
  HdAttachment *attachment;
} Handout;

static Handout *
handout_new (HdTicketFields *self,
             HdAttachment   *attachment)
{
  Handout *handout = g_new0 (Handout, 1);

  handout->self = self;
  handout->attachment = g_object_ref (attachment);
  return handout;
}

static void
handout_free (Handout *handout)
{
  g_object_unref (handout->attachment);
  g_free (handout);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Handout, handout_free)

static void
handout_failed (Handout      *handout,
                gboolean      saving,
                const GError *error)
{
  g_autofree char *problem = hd_attachment_open_describe_error (handout->attachment, saving, error);

  hd_ticket_fields_toast (handout->self, problem);
}

static void
opened (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Handout) handout = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) copy = hd_attachment_open_finish (result, &error);

  if (copy == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    handout_failed (handout, FALSE, error);
}

void
hd_ticket_fields_open_attachment_activated (GtkWidget  *widget,
                                            const char *name,
                                            GVariant   *parameter)
{
  HdTicketFields *self = HD_TICKET_FIELDS (widget);
  g_autoptr(HdAttachment) attachment = view_attachment (self, parameter);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (attachment == NULL || self->exporting == NULL)
    return;
  hd_attachment_open_async (self->attachment_dir, attachment, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                            self->exporting, opened, handout_new (self, attachment));
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(Handout) handout = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (hd_attachment_export_finish (result, &error))
    {
      /* Translators: %s is an attachment's file name */
      done = g_strdup_printf (_("Saved “%s”"), hd_attachment_get_name (handout->attachment));
      hd_ticket_fields_toast (handout->self, done);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    handout_failed (handout, TRUE, error);
}

void
hd_ticket_fields_save_attachment_to (HdTicketFields *self,
                                     HdAttachment   *attachment,
                                     GFile          *destination)
{
  g_return_if_fail (HD_IS_TICKET_FIELDS (self));
  g_return_if_fail (HD_IS_ATTACHMENT (attachment));
  g_return_if_fail (G_IS_FILE (destination));

  /* The widget went while the chooser was open. */
  if (self->exporting == NULL)
    return;
  hd_attachment_export_async (self->attachment_dir, attachment, destination, self->exporting,
                              saved, handout_new (self, attachment));
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  HdTicketFields *self = g_object_get_data (G_OBJECT (chooser), "owner");
  HdAttachment *attachment = g_object_get_data (G_OBJECT (chooser), "attachment");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        hd_ticket_fields_save_attachment_to (self, attachment, file);
    }
  g_object_unref (chooser);
}

void
hd_ticket_fields_save_attachment_activated (GtkWidget  *widget,
                                            const char *name,
                                            GVariant   *parameter)
{
  HdTicketFields *self = HD_TICKET_FIELDS (widget);
  g_autoptr(HdAttachment) attachment = view_attachment (self, parameter);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  if (attachment == NULL || hd_attachment_get_kind (attachment) != HD_ATTACHMENT_FILE)
    return;
  chooser = gtk_file_chooser_native_new (_("Save Attachment"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* GTK 4 asks before replacing a file. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), hd_attachment_get_name (attachment));
  g_object_set_data_full (G_OBJECT (chooser), "owner", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (chooser), "attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
hd_ticket_fields_copy_attachment_activated (GtkWidget  *widget,
                                            const char *name,
                                            GVariant   *parameter)
{
  HdTicketFields *self = HD_TICKET_FIELDS (widget);
  g_autoptr(HdAttachment) attachment = view_attachment (self, parameter);

  if (attachment == NULL || hd_attachment_get_text (attachment) == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), hd_attachment_get_text (attachment));
  hd_ticket_fields_toast (self, _("Copied to the clipboard"));
}

/* Open and Save As… for a file, Copy for an order number or error code. */
static void
add_view_buttons (AdwActionRow *row,
                  HdAttachment *attachment,
                  guint         position)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autofree char *open_label = NULL;
  g_autofree char *save_label = NULL;
  g_autofree char *copy_label = NULL;
  GtkWidget *button;

  if (hd_attachment_get_kind (attachment) != HD_ATTACHMENT_FILE)
    {
      /* Translators: a button's accessible name; %s is an order number or error code */
      copy_label = g_strdup_printf (_("Copy “%s”"), title);
      button = hd_attachment_row_add_button (row, "edit-copy-symbolic", _("Copy"), copy_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "fields.copy-attachment");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", position);
      return;
    }
  /* Translators: a button's accessible name; %s is the attachment's file name */
  open_label = g_strdup_printf (_("Open “%s”"), title);
  button = hd_attachment_row_add_button (row, "document-open-symbolic", _("Open"), open_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "fields.open-attachment");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", position);
  /* Translators: a button's accessible name; %s is the attachment's file name */
  save_label = g_strdup_printf (_("Save “%s” As…"), title);
  button = hd_attachment_row_add_button (row, "document-save-symbolic", _("Save As…"), save_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "fields.save-attachment");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", position);
}

/* In the view: one row per attachment after the fields. */
void
hd_ticket_fields_attachments_show (HdTicketFields *self)
{
  GListModel *list = G_LIST_MODEL (hd_ticket_get_attachments (self->ticket));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(HdAttachment) attachment = g_list_model_get_item (list, i);
      GtkWidget *row = hd_attachment_row_new (attachment, self->attachment_dir);
      /* Translators: read by screen readers after an attachment's name */
      const char *description = _("Attachment");

      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
      add_view_buttons (ADW_ACTION_ROW (row), attachment, i);
      gtk_list_box_append (self->view_list, row);
      g_ptr_array_add (self->view_rows, row);
    }
}
