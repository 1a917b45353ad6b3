/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-fields"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-attachment-rows.h"
#include "hd-attachment-store.h"
#include "hd-ticket-fields-private.h"

/*
 * The ticket's attachments in HdTicketFields: listed in the view; in edit
 * mode a list with Remove buttons, "Add Attachment…" (the intake form's
 * native chooser) and dropped files, copied by content off the main
 * thread (hd-attachment-rows.c). The list goes to the edit command with
 * the other fields; the command keeps what was added or removed elsewhere.
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

void
hd_ticket_fields_attachments_setup (HdTicketFields *self)
{
  self->attachment_dir = hd_attachment_store_default_dir ();
  self->attachments = g_list_store_new (HD_TYPE_ATTACHMENT);
  self->drop_target = hd_attachment_drop_target_new (G_OBJECT (self), add_file);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}

void
hd_ticket_fields_attachments_set_editing (HdTicketFields *self,
                                          gboolean        editing)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.add-attachment", editing);
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
      gtk_list_box_append (self->view_list, row);
      g_ptr_array_add (self->view_rows, row);
    }
}
