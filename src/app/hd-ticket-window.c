/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-ticket-window.h"

struct _HdTicketWindow
{
  AdwWindow parent_instance;

  HdStore *store;
  AdwToastOverlay *toasts;
  AdwWindowTitle *title;
  HdTicketView *view;
};

G_DEFINE_FINAL_TYPE (HdTicketWindow, hd_ticket_window, ADW_TYPE_WINDOW)

static void
update_title (HdTicketWindow *self)
{
  g_autoptr(HdTicket) ticket = NULL;
  const char *uuid = hd_ticket_view_get_uuid (self->view);
  const char *label;

  if (uuid == NULL || (ticket = hd_store_get_ticket (self->store, uuid, NULL)) == NULL)
    return;
  if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (self)), hd_ticket_get_number (ticket)) != 0)
    gtk_window_set_title (GTK_WINDOW (self), hd_ticket_get_number (ticket));
  adw_window_title_set_title (self->title, hd_ticket_get_number (ticket));
  label = hd_ticket_get_customer_label (ticket);
  adw_window_title_set_subtitle (self->title, label != NULL ? label : "");
}

static void
on_toast (HdTicketWindow *self,
          AdwToast       *toast)
{
  adw_toast_overlay_add_toast (self->toasts, g_object_ref (toast));
}

/* An edit in progress is never dropped by closing the window. */
static gboolean
hd_ticket_window_close_request (GtkWindow *window)
{
  HdTicketWindow *self = HD_TICKET_WINDOW (window);

  if (self->view != NULL && hd_ticket_view_get_editing (self->view))
    {
      adw_toast_overlay_add_toast (self->toasts,
                                   adw_toast_new (_("Save or cancel the changes to this ticket first")));
      return TRUE;
    }
  return GTK_WINDOW_CLASS (hd_ticket_window_parent_class)->close_request (window);
}

/* The view's own close button asks the board to close it; here it closes
 * the window. */
static void
close_ticket_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

HdTicketWindow *
hd_ticket_window_new (HdStore    *store,
                      HdConfig   *config,
                      const char *author,
                      const char *uuid)
{
  HdTicketWindow *self;
  GtkWidget *box;
  GtkWidget *header;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  self = g_object_new (HD_TYPE_TICKET_WINDOW,
                       "default-width", 560,
                       "default-height", 760,
                       NULL);
  self->store = g_object_ref (store);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->view = hd_ticket_view_new (store, config, author);
  gtk_widget_set_vexpand (GTK_WIDGET (self->view), TRUE);
  /* Already in a window of its own. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self->view), "ticket.open-window", FALSE);
  g_signal_connect_object (self->view, "toast", G_CALLBACK (on_toast), self, G_CONNECT_SWAPPED);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->view));
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));

  hd_ticket_view_set_uuid (self->view, uuid);
  update_title (self);
  /* A final number from sync, a new customer label: the title follows. */
  g_signal_connect_object (store, "tickets-changed", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  return self;
}

HdTicketView *
hd_ticket_window_get_view (HdTicketWindow *self)
{
  g_return_val_if_fail (HD_IS_TICKET_WINDOW (self), NULL);
  return self->view;
}

HdTicketWindow *
hd_ticket_window_open (GtkWidget  *from,
                       HdStore    *store,
                       HdConfig   *config,
                       const char *author,
                       const char *uuid)
{
  HdTicketWindow *self;
  GtkRoot *root;

  g_return_val_if_fail (from == NULL || GTK_IS_WIDGET (from), NULL);

  self = hd_ticket_window_new (store, config, author, uuid);
  root = from != NULL ? gtk_widget_get_root (from) : NULL;
  if (GTK_IS_WINDOW (root) && gtk_window_get_application (GTK_WINDOW (root)) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (GTK_WINDOW (root)));
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  return self;
}

static void
hd_ticket_window_dispose (GObject *object)
{
  HdTicketWindow *self = HD_TICKET_WINDOW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (hd_ticket_window_parent_class)->dispose (object);
}

static void
hd_ticket_window_class_init (HdTicketWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = hd_ticket_window_close_request;

  gtk_widget_class_install_action (widget_class, "board.close-ticket", NULL, close_ticket_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
hd_ticket_window_init (HdTicketWindow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "ticket-window");
}
