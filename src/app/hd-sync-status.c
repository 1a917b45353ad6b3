/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync-status"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-sync-controller.h"
#include "hd-sync-status.h"

struct _HdSyncStatus
{
  GtkWidget parent_instance;

  GtkMenuButton *button;
  GtkImage *icon;
  GtkLabel *label;
  GtkLabel *title;
  GtkLabel *details;
  GtkLabel *error;
  GtkProgressBar *progress;
  GtkButton *sync_button;
  GtkButton *account_button;

  HdSyncController *controller;
  HdSyncEngine *engine;
  GSignalGroup *engine_signals;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HdSyncStatus, hd_sync_status, GTK_TYPE_WIDGET)

static char *
format_last_synced (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;

  if (when == 0)
    return g_strdup (_("Not synced since Help Desk started"));
  dt = g_date_time_new_from_unix_local (when);
  if (g_date_time_difference (now, dt) < 60 * G_TIME_SPAN_SECOND)
    return g_strdup (_("Last synced just now"));
  /* TRANSLATORS: a time of day, see the strftime manual */
  time = g_date_time_format (dt, _("%H:%M"));
  /* TRANSLATORS: %s is a time of day */
  return g_strdup_printf (_("Last synced at %s"), time);
}

static void
update (HdSyncStatus *self)
{
  const char *icon = "computer-symbolic";
  const char *title;
  g_autofree char *label = NULL;
  g_autofree char *details = NULL;
  const char *error = NULL;
  gboolean signed_in = self->controller != NULL && hd_sync_controller_get_signed_in (self->controller);
  gboolean show_progress = FALSE;

  if (self->engine == NULL)
    {
      title = _("Local Only");
      label = g_strdup (_("Local only"));
      details = g_strdup (_("Tickets are kept on this computer. Sign in to a Help Desk server to share them with your team."));
    }
  else
    {
      guint pending = hd_sync_engine_get_pending_count (self->engine);
      HdSyncEngineState state = hd_sync_engine_get_state (self->engine);
      g_autofree char *last = format_last_synced (hd_sync_engine_get_last_synced (self->engine));
      g_autofree char *waiting = pending > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting", "%u changes waiting", pending), pending)
        : NULL;

      if (!signed_in)
        {
          icon = "dialog-password-symbolic";
          title = _("Signed Out");
          label = g_strdup (waiting != NULL ? waiting : _("Signed out"));
        }
      else switch (state)
        {
        case HD_SYNC_ENGINE_STATE_SYNCING:
          icon = "emblem-synchronizing-symbolic";
          title = _("Syncing");
          label = g_strdup (_("Syncing…"));
          show_progress = hd_sync_engine_get_progress (self->engine) < 1.0;
          break;
        case HD_SYNC_ENGINE_STATE_OFFLINE:
          icon = "network-offline-symbolic";
          title = _("Offline");
          label = g_strdup (waiting != NULL ? waiting : _("Offline"));
          error = hd_sync_engine_get_last_error (self->engine);
          break;
        case HD_SYNC_ENGINE_STATE_ERROR:
          icon = "dialog-warning-symbolic";
          title = _("Sync Failed");
          label = g_strdup (_("Sync failed"));
          error = hd_sync_engine_get_last_error (self->engine);
          break;
        case HD_SYNC_ENGINE_STATE_IDLE:
        default:
          icon = pending > 0 ? "emblem-synchronizing-symbolic" : "emblem-ok-symbolic";
          title = _("Online");
          label = g_strdup (waiting != NULL ? waiting : _("Synced"));
          break;
        }
      details = g_strdup_printf ("%s\n%s", hd_sync_engine_get_base_url (self->engine), last);
      if (waiting != NULL && !g_str_equal (label, waiting))
        {
          g_autofree char *more = g_strdup_printf ("%s\n%s", details, waiting);
          g_free (details);
          details = g_steal_pointer (&more);
        }
    }

  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->label, label);
  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->details, details);
  gtk_label_set_text (self->error, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error), error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), show_progress);
  if (show_progress)
    gtk_progress_bar_set_fraction (self->progress, hd_sync_engine_get_progress (self->engine));
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), self->engine != NULL && signed_in);
  gtk_button_set_label (self->account_button, signed_in ? _("Sign _Out") : _("_Sign In…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->account_button),
                                  signed_in ? "app.sign-out" : "app.sign-in");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_engine_changed (HdSyncStatus *self)
{
  HdSyncEngine *engine = self->controller != NULL ? hd_sync_controller_get_engine (self->controller) : NULL;

  g_set_object (&self->engine, engine);
  g_signal_group_set_target (self->engine_signals, engine);
  update (self);
}

/* "Last synced just now" grows old by itself. */
static gboolean
on_tick (gpointer data)
{
  update (data);
  return G_SOURCE_CONTINUE;
}

static void
hd_sync_status_root (GtkWidget *widget)
{
  HdSyncStatus *self = HD_SYNC_STATUS (widget);
  HdSyncController *controller = hd_sync_controller_get_default ();

  GTK_WIDGET_CLASS (hd_sync_status_parent_class)->root (widget);

  if (controller != self->controller)
    {
      if (self->controller != NULL)
        g_signal_handlers_disconnect_by_data (self->controller, self);
      g_set_object (&self->controller, controller);
      if (controller != NULL)
        {
          g_signal_connect_swapped (controller, "notify::engine", G_CALLBACK (on_engine_changed), self);
          g_signal_connect_swapped (controller, "notify::signed-in", G_CALLBACK (update), self);
        }
    }
  on_engine_changed (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (30, on_tick, self);
}

static void
hd_sync_status_unroot (GtkWidget *widget)
{
  HdSyncStatus *self = HD_SYNC_STATUS (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (hd_sync_status_parent_class)->unroot (widget);
}

const char *
hd_sync_status_get_text (HdSyncStatus *self)
{
  g_return_val_if_fail (HD_IS_SYNC_STATUS (self), NULL);
  return gtk_label_get_text (self->label);
}

GtkWidget *
hd_sync_status_new (void)
{
  return g_object_new (HD_TYPE_SYNC_STATUS, NULL);
}

static void
hd_sync_status_dispose (GObject *object)
{
  HdSyncStatus *self = HD_SYNC_STATUS (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  g_clear_object (&self->engine_signals);
  g_clear_object (&self->engine);
  g_clear_pointer ((GtkWidget **) &self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (hd_sync_status_parent_class)->dispose (object);
}

static void
hd_sync_status_class_init (HdSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_sync_status_dispose;
  widget_class->root = hd_sync_status_root;
  widget_class->unroot = hd_sync_status_unroot;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncstatus");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkLabel *
popover_label (GtkBox *box)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static void
hd_sync_status_init (HdSyncStatus *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();

  self->icon = GTK_IMAGE (gtk_image_new ());
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->label));

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  self->title = popover_label (GTK_BOX (box));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  self->details = popover_label (GTK_BOX (box));
  gtk_widget_add_css_class (GTK_WIDGET (self->details), "dim-label");
  self->error = popover_label (GTK_BOX (box));
  gtk_widget_add_css_class (GTK_WIDGET (self->error), "error");
  gtk_label_set_selectable (self->error, TRUE);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress));

  self->sync_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("Sync _Now")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sync_button), "app.sync-now");
  gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "suggested-action");
  self->account_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Sign In…")));
  gtk_widget_set_hexpand (GTK_WIDGET (self->account_button), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->account_button), GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->sync_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->account_button));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->button, content);
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Sync status"));
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  self->engine_signals = g_signal_group_new (HD_TYPE_SYNC_ENGINE);
  g_signal_group_connect_swapped (self->engine_signals, "notify::state", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->engine_signals, "notify::pending-count", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->engine_signals, "notify::last-synced", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->engine_signals, "notify::last-error", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->engine_signals, "notify::progress", G_CALLBACK (update), self);
  update (self);
}
