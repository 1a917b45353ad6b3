/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sign-in"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hd-sign-in-dialog.h"
#include "hd-sync-controller.h"
#include "hd-sync-login.h"

struct _HdSignInDialog
{
  AdwWindow parent_instance;

  AdwEntryRow *url_row;
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  GtkLabel *error_label;
  GtkButton *sign_in_button;
  GtkSpinner *spinner;

  GCancellable *cancellable;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (HdSignInDialog, hd_sign_in_dialog, ADW_TYPE_WINDOW)

static gboolean
filled (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  return text != NULL && *text != '\0';
}

static void
update_sensitivity (HdSignInDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            !self->busy && filled (self->url_row) && filled (self->user_row) &&
                            filled (self->password_row));
}

static void
on_changed (HdSignInDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  update_sensitivity (self);
}

static void
set_busy (HdSignInDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The rows stay sensitive: making the focused entry insensitive loses its
   * focus-out in GTK 4.8. A second click is refused by the button instead. */
  update_sensitivity (self);
}

/* "helpdesk.example.org:8080" means http(s)://…: https unless it is this machine. */
static char *
normalise_url (const char *text)
{
  g_autofree char *url = g_strstrip (g_strdup (text));

  if (strstr (url, "://") != NULL)
    return g_steal_pointer (&url);
  if (g_str_has_prefix (url, "localhost") || g_str_has_prefix (url, "127.0.0.1"))
    return g_strconcat ("http://", url, NULL);
  return g_strconcat ("https://", url, NULL);
}

static void
on_login_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HdSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = hd_sync_login_finish (result, &error);
  g_autofree char *url = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (token == NULL)
    {
      GtkWidget *row = g_error_matches (error, HD_SYNC_ERROR, HD_SYNC_ERROR_UNAUTHORIZED)
                     ? GTK_WIDGET (self->password_row) : GTK_WIDGET (self->url_row);

      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
      return;
    }

  url = normalise_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  if (hd_sync_controller_get_default () != NULL)
    hd_sync_controller_signed_in (hd_sync_controller_get_default (), url,
                                  gtk_editable_get_text (GTK_EDITABLE (self->user_row)), token);
  memset (token, 0, strlen (token));
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_sign_in_clicked (HdSignInDialog *self)
{
  g_autofree char *url = NULL;

  update_sensitivity (self);
  if (self->busy || !gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button)))
    return;

  url = normalise_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  set_busy (self, TRUE);
  hd_sync_login_async (url, gtk_editable_get_text (GTK_EDITABLE (self->user_row)),
                       gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                       self->cancellable, on_login_done, g_object_ref (self));
}

const char *
hd_sign_in_dialog_get_error (HdSignInDialog *self)
{
  g_return_val_if_fail (HD_IS_SIGN_IN_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

HdSignInDialog *
hd_sign_in_dialog_new (GtkWindow  *parent,
                       const char *server_url,
                       const char *username)
{
  HdSignInDialog *self = g_object_new (HD_TYPE_SIGN_IN_DIALOG, "transient-for", parent, NULL);

  if (server_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), server_url);
  if (username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), username);
  gtk_widget_grab_focus (GTK_WIDGET (server_url == NULL ? self->url_row
                                     : username == NULL ? self->user_row : self->password_row));
  return self;
}

static void
hd_sign_in_dialog_dispose (GObject *object)
{
  HdSignInDialog *self = HD_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_SIGN_IN_DIALOG);

  G_OBJECT_CLASS (hd_sign_in_dialog_parent_class)->dispose (object);
}

static void
hd_sign_in_dialog_class_init (HdSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_sign_in_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HdSignInDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, HdSignInDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, HdSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, HdSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HdSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, HdSignInDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hd_sign_in_dialog_init (HdSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
