/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-board-view.h"
#include "hd-sla-watcher.h"
#include "hd-survey-alerts.h"
#include "hd-window-private.h"

/* The board page of the window, its ticket view and the SLA watcher that
 * turns breaches and escalation conditions into desktop notifications
 * (SPEC R4.4) whose action opens the ticket. */

#define BOARD_KEY "hd-board-view"
#define WATCHER_KEY "hd-sla-watcher"
#define SURVEY_ALERTS_KEY "hd-survey-alerts"

static char *
agent_name (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autofree char *configured = g_settings_get_string (settings, "agent-name");

  if (configured[0] != '\0')
    return g_steal_pointer (&configured);
  return g_strdup (g_get_real_name ());
}

static HdBoardView *
get_board (HdWindow *self)
{
  return g_object_get_data (G_OBJECT (self), BOARD_KEY);
}

static void
on_board_toast (HdWindow *self,
                AdwToast *toast)
{
  hd_window_add_toast (self, g_object_ref (toast));
}

static void
on_show_archive (HdWindow *self)
{
  AdwViewStack *views = g_object_get_data (G_OBJECT (self), "hd-views");

  /* The list holds every ticket, closed ones included, with search. */
  adw_view_stack_set_visible_child_name (views, "list");
}

static void
on_wall_screen (HdWindow *self,
                gboolean  wall)
{
  if (wall)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
}

static void
on_alert (HdSlaWatcher *watcher,
          int           kind,
          const char   *uuid,
          const char   *number,
          const char   *message,
          HdWindow     *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  /* Without a session bus (tests, a bare X server) there is no one to
   * notify, and GIO's notification backends would complain. */
  if (app == NULL || g_application_get_dbus_connection (app) == NULL)
    return;

  if (uuid == NULL)
    {
      notification = g_notification_new (_("Tickets need attention"));
      g_notification_set_body (notification, message);
      g_notification_set_default_action (notification, "app.activate");
      id = g_strdup ("sla-summary");
    }
  else
    {
      notification = g_notification_new (number);
      g_notification_set_body (notification, message);
      g_notification_set_default_action_and_target (notification, "app.open-ticket", "s", uuid);
      g_notification_add_button_with_target (notification, _("Open Ticket"), "app.open-ticket", "s", uuid);
      id = g_strdup_printf ("sla-%s-%d", uuid, kind);
    }
  g_notification_set_priority (notification, kind == HD_SLA_ALERT_ESCALATION
                                             ? G_NOTIFICATION_PRIORITY_HIGH
                                             : G_NOTIFICATION_PRIORITY_NORMAL);
  g_application_send_notification (app, id, notification);
}

/* SPEC R6: a dissatisfied customer, for the handler and the team leads. */
static void
on_complaint (HdSurveyAlerts *alerts,
              const char     *uuid,
              const char     *number,
              const char     *message,
              HdWindow       *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (app == NULL || g_application_get_dbus_connection (app) == NULL)
    return;
  notification = g_notification_new (number);
  g_notification_set_body (notification, message);
  g_notification_set_default_action_and_target (notification, "app.open-ticket", "s", uuid);
  g_notification_add_button_with_target (notification, _("Open Ticket"), "app.open-ticket", "s", uuid);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  /* One per ticket: a later answer replaces the notification. */
  id = g_strdup_printf ("survey-%s", uuid);
  g_application_send_notification (app, id, notification);
}

/* Only with a server: alone, the agent recorded the answer and knows. */
static void
update_survey_user (GSettings      *settings,
                    const char     *key,
                    HdSurveyAlerts *alerts)
{
  g_autofree char *url = g_settings_get_string (settings, "server-url");
  g_autofree char *user = g_settings_get_string (settings, "server-user");
  g_autofree char *role = g_settings_get_string (settings, "server-role");

  g_strstrip (url);
  hd_survey_alerts_set_user (alerts, url[0] != '\0' ? user : NULL, role);
}

static void
open_ticket_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);
  AdwViewStack *views;

  if (!HD_IS_WINDOW (window) || get_board (HD_WINDOW (window)) == NULL)
    return;
  views = g_object_get_data (G_OBJECT (window), "hd-views");
  adw_view_stack_set_visible_child_name (views, "board");
  hd_board_view_open_ticket (get_board (HD_WINDOW (window)), g_variant_get_string (parameter, NULL));
  gtk_window_present (window);
}

static void
install_app_actions (GtkApplication *app)
{
  g_autoptr(GSimpleAction) action = NULL;

  if (app == NULL || g_action_map_lookup_action (G_ACTION_MAP (app), "open-ticket") != NULL)
    return;
  action = g_simple_action_new ("open-ticket", G_VARIANT_TYPE_STRING);
  g_signal_connect (action, "activate", G_CALLBACK (open_ticket_activated), app);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
}

void
hd_window_board_init (HdWindow     *self,
                      AdwViewStack *views)
{
  g_autofree char *author = agent_name ();
  HdSlaWatcher *watcher;
  HdSurveyAlerts *alerts;
  GSettings *settings;
  HdBoardView *board;
  GtkWidget *slot;

  g_return_if_fail (HD_IS_WINDOW (self));

  slot = adw_view_stack_get_child_by_name (views, "board");
  g_return_if_fail (GTK_IS_BOX (slot));

  board = hd_board_view_new (hd_window_get_store (self), hd_window_get_config (self), author);
  gtk_widget_set_hexpand (GTK_WIDGET (board), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (board), TRUE);
  gtk_box_append (GTK_BOX (slot), GTK_WIDGET (board));
  adw_view_stack_set_visible_child_name (views, "board");
  g_object_set_data (G_OBJECT (self), BOARD_KEY, board);
  g_object_set_data (G_OBJECT (self), "hd-views", views);

  g_signal_connect_object (board, "toast", G_CALLBACK (on_board_toast), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "show-archive", G_CALLBACK (on_show_archive), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "wall-screen", G_CALLBACK (on_wall_screen), self, G_CONNECT_SWAPPED);

  install_app_actions (gtk_window_get_application (GTK_WINDOW (self)));

  watcher = hd_sla_watcher_new (hd_window_get_store (self), hd_window_get_config (self));
  /* Translators: the author of automatic escalations on the timeline */
  hd_sla_watcher_set_author (watcher, _("Deadline rules"));
  g_signal_connect_object (watcher, "alert", G_CALLBACK (on_alert), self, 0);
  g_object_set_data_full (G_OBJECT (self), WATCHER_KEY, watcher, g_object_unref);
  hd_sla_watcher_check (watcher);

  alerts = hd_survey_alerts_new (hd_window_get_store (self));
  settings = g_settings_new (BASE_ID);
  update_survey_user (settings, NULL, alerts);
  g_signal_connect_object (settings, "changed", G_CALLBACK (update_survey_user), alerts, 0);
  g_object_set_data_full (G_OBJECT (alerts), "hd-settings", settings, g_object_unref);
  g_signal_connect_object (alerts, "complaint", G_CALLBACK (on_complaint), self, 0);
  g_object_set_data_full (G_OBJECT (self), SURVEY_ALERTS_KEY, alerts, g_object_unref);
}

void
hd_window_board_set_search_text (HdWindow   *self,
                                 const char *text)
{
  HdBoardView *board;

  g_return_if_fail (HD_IS_WINDOW (self));

  if ((board = get_board (self)) != NULL)
    hd_board_view_set_search_text (board, text);
}

gboolean
hd_window_board_show_only (HdWindow   *self,
                           const char *field,
                           const char *value)
{
  HdBoardView *board;

  g_return_val_if_fail (HD_IS_WINDOW (self), FALSE);

  board = get_board (self);
  return board != NULL && hd_board_view_show_only (board, field, value);
}
