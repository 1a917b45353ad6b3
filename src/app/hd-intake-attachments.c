/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-intake"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-attachment-store.h"
#include "hd-intake-dialog-private.h"

/*
 * Attachments on the intake form (SPEC R1.3, 附件信息): files picked with the
 * portal-friendly native chooser or dropped on the form, copied into the
 * cache by content (hd-attachment-store.c) off the main thread; order numbers
 * and error codes as structured text.
 */

#define MAX_ATTACHMENTS 50
#define MAX_TEXT_CHARS  128

static void rebuild_list (HdIntakeDialog *self);

static void
on_remove_clicked (GtkButton      *button,
                   HdIntakeDialog *self)
{
  HdAttachment *attachment = g_object_get_data (G_OBJECT (button), "attachment");
  guint position;

  if (g_list_store_find (self->attachments, attachment, &position))
    g_list_store_remove (self->attachments, position);
  rebuild_list (self);
  hd_intake_dialog_changed (self);
}

static GtkWidget *
make_prefix (HdIntakeDialog *self,
             HdAttachment   *attachment)
{
  const char *mime = hd_attachment_get_mime_type (attachment);
  const char *icon;

  switch (hd_attachment_get_kind (attachment))
    {
    case HD_ATTACHMENT_ORDER_NUMBER:
      icon = "view-list-symbolic";
      break;
    case HD_ATTACHMENT_ERROR_CODE:
      icon = "dialog-warning-symbolic";
      break;
    case HD_ATTACHMENT_FILE:
    default:
      if (mime != NULL && g_str_has_prefix (mime, "image/"))
        {
          g_autofree char *path = hd_attachment_store_get_path (self->attachment_dir,
                                                                hd_attachment_get_sha256 (attachment));
          GtkWidget *picture = gtk_picture_new_for_filename (path);

          gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
          gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
          gtk_widget_set_size_request (picture, 48, 48);
          gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
          gtk_widget_set_margin_top (picture, 6);
          gtk_widget_set_margin_bottom (picture, 6);
          gtk_widget_add_css_class (picture, "card");
          gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Thumbnail"), -1);
          return picture;
        }
      icon = mime && g_str_has_prefix (mime, "video/") ? "video-x-generic-symbolic"
                                                        : "text-x-generic-symbolic";
      break;
    }
  return gtk_image_new_from_icon_name (icon);
}

static void
rebuild_list (HdIntakeDialog *self)
{
  GListModel *model = G_LIST_MODEL (self->attachments);
  GtkWidget *child;
  guint n = g_list_model_get_n_items (model);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachment_list))) != NULL)
    gtk_list_box_remove (self->attachment_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HdAttachment) attachment = g_list_model_get_item (model, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      switch (hd_attachment_get_kind (attachment))
        {
        case HD_ATTACHMENT_ORDER_NUMBER:
          title = g_markup_escape_text (hd_attachment_get_text (attachment), -1);
          subtitle = g_strdup (_("Order number"));
          break;
        case HD_ATTACHMENT_ERROR_CODE:
          title = g_markup_escape_text (hd_attachment_get_text (attachment), -1);
          subtitle = g_strdup (_("Error code"));
          break;
        case HD_ATTACHMENT_FILE:
        default:
          title = g_markup_escape_text (hd_attachment_get_name (attachment), -1);
          subtitle = g_format_size (hd_attachment_get_size (attachment));
          break;
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), make_prefix (self, attachment));

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Attachment"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Attachment"), -1);
      g_object_set_data_full (G_OBJECT (remove), "attachment", g_object_ref (attachment), g_object_unref);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->attachment_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachment_list), n > 0);
}

static gboolean
has_room (HdIntakeDialog *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->attachments)) < MAX_ATTACHMENTS)
    return TRUE;
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new_format (_("A ticket holds at most %d attachments"), MAX_ATTACHMENTS));
  return FALSE;
}

void
hd_intake_attachments_add_text (HdIntakeDialog   *self,
                                HdAttachmentKind  kind,
                                const char       *text)
{
  g_autoptr(HdAttachment) attachment = NULL;
  g_autofree char *bounded = NULL;

  if (!has_room (self))
    return;
  bounded = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), MAX_TEXT_CHARS));
  attachment = hd_attachment_new_text (kind, bounded);
  g_list_store_append (self->attachments, attachment);
  rebuild_list (self);
  hd_intake_dialog_changed (self);
}

typedef struct {
  HdIntakeDialog *self;
  GFile *file;
} AddContext;

static void
add_context_free (AddContext *ctx)
{
  g_object_unref (ctx->self);
  g_object_unref (ctx->file);
  g_free (ctx);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AddContext, add_context_free)

static void
add_file_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AddContext) ctx = user_data;
  HdIntakeDialog *self = ctx->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdAttachment) attachment = hd_attachment_store_add_file_finish (result, &error);
  GFile *file = ctx->file;

  self->pending_files--;

  if (attachment == NULL)
    {
      g_autofree char *name = file ? g_file_get_basename (file) : g_strdup ("");
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: a file name, then why it was not attached */
      message = g_strdup_printf (_("“%s” was not attached: %s"), name, error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  if (!has_room (self))
    return;
  g_list_store_append (self->attachments, attachment);
  rebuild_list (self);
  hd_intake_dialog_changed (self);
}

void
hd_intake_dialog_add_file (HdIntakeDialog *self,
                           GFile          *file)
{
  g_return_if_fail (HD_IS_INTAKE_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  AddContext *ctx;

  if (!has_room (self))
    return;
  ctx = g_new0 (AddContext, 1);
  ctx->self = g_object_ref (self);
  ctx->file = g_object_ref (file);
  self->pending_files++;
  hd_attachment_store_add_file_async (self->attachment_dir, file, HD_ATTACHMENT_DEFAULT_MAX_BYTES,
                                      self->cancellable, add_file_done, ctx);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     HdIntakeDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          hd_intake_dialog_add_file (self, file);
        }
    }
  g_object_unref (chooser);
}

void
hd_intake_attachments_choose (HdIntakeDialog *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach Files"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         HdIntakeDialog *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    hd_intake_dialog_add_file (self, l->data);
  return TRUE;
}

void
hd_intake_attachments_reload (HdIntakeDialog *self)
{
  rebuild_list (self);
}

void
hd_intake_attachments_setup (HdIntakeDialog *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
