/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-reports-view.h"
#include "hd-sample-data.h"
#include "hd-sync-status.h"
#include "hd-ticket-columns.h"
#include "hd-ticket-list-model.h"
#include "hd-widget-util.h"
#include "hd-window-private.h"

struct _HdWindow
{
  AdwApplicationWindow parent_instance;

  HdStore *store;
  HdConfig *config;
  HdTicketQuery *query;
  HdTicketListModel *tickets;
  GSettings *settings;

  AdwToastOverlay *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack *views;
  GtkToggleButton *search_button;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack *main_stack;
  GtkColumnView *ticket_view;
  GtkBox *status_strip;
  AdwStatusPage *error_page;
  GtkSpinner *loading_spinner;
};

G_DEFINE_FINAL_TYPE (HdWindow, hd_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *
agent_name (HdWindow *self)
{
  g_autofree char *configured = g_settings_get_string (self->settings, "agent-name");

  if (configured[0] != '\0')
    return g_intern_string (configured);
  return g_intern_string (g_get_real_name ());
}

static void
hd_window_update_counts (HdWindow *self)
{
  guint counts[HD_N_STATUSES] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *child;
  guint total = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->status_strip))))
    gtk_box_remove (self->status_strip, child);

  if (!hd_store_count_by_status (self->store, counts, &error))
    {
      g_warning ("Could not count tickets: %s", error->message);
      return;
    }

  for (guint i = 0; i < HD_N_STATUSES; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s  %u", hd_status_get_label (i), counts[i]);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "status-count");
      gtk_box_append (self->status_strip, label);
      total += counts[i];
    }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", total), total);
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
}

static void
hd_window_update_page (HdWindow *self)
{
  const char *text;

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }

  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->tickets)) > 0)
    gtk_stack_set_visible_child_name (self->main_stack, "tickets");
  else if (hd_ticket_list_model_get_loading (self->tickets))
    return; /* keep what is shown until the query answers */
  else if (text[0] != '\0')
    gtk_stack_set_visible_child_name (self->main_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->main_stack, "empty");
}

static void
on_tickets_changed (HdWindow *self)
{
  hd_window_update_page (self);
}

static void
on_store_changed (HdWindow *self)
{
  /* The model reloads by itself; the counts are ours. */
  hd_window_update_counts (self);
}

static void
on_search_changed (HdWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->query == NULL)
    return;
  hd_ticket_query_set_search_text (self->query, text);
  hd_window_board_set_search_text (self, text);
}

static void
on_stop_search (HdWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->search_button, FALSE);
}

/* A bar or slice of the Reports page: the board shows the tickets it can
 * select — a type, priority or group through its filters (the others reset,
 * the search cleared), the statuses as its columns and a similar-problem
 * group through a search for one of its tickets. The board has no period:
 * it shows every ticket of that kind (docs/reports.md). */
static void
on_report_open_tickets (HdWindow   *self,
                        const char *field,
                        const char *value)
{
  if (g_str_equal (field, "similar"))
    {
      gtk_toggle_button_set_active (self->search_button, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), value);
    }
  else if (hd_window_board_show_only (self, field, value))
    on_stop_search (self);
  else if (!g_str_equal (field, "status"))
    return;
  adw_view_stack_set_visible_child_name (self->views, "board");
}

static void
load_samples_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HdWindow *self = HD_WINDOW (widget);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (self->store == NULL)
    return;

  tickets = hd_sample_data_generate (self->config, 36, g_random_int (),
                                     g_get_real_time () / G_USEC_PER_SEC);
  if (!hd_store_create_tickets (self->store, tickets, agent_name (self), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Sample tickets were not added: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  toast = adw_toast_new_format (g_dngettext (GETTEXT_PACKAGE, "Added %u sample ticket",
                                             "Added %u sample tickets", tickets->len),
                                tickets->len);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
new_ticket_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HdWindow *self = HD_WINDOW (widget);

  if (self->store != NULL)
    hd_window_open_intake (self);
}

static void
hd_window_show_error (HdWindow     *self,
                      const GError *error)
{
  g_autofree char *description = NULL;

  if (error != NULL && error->domain == HD_CONFIG_ERROR)
    {
      adw_status_page_set_title (self->error_page, _("The Configuration Could Not Be Loaded"));
      description = g_markup_printf_escaped ("%s\n\n%s", error->message,
                                             _("Correct the file, or clear the configuration file setting to use the built-in one, then start Help Desk again."));
    }
  else
    description = g_markup_printf_escaped ("%s\n\n%s",
                                           error ? error->message : _("Unknown error"),
                                           _("Nothing was changed in the file. Move it aside or restore it from a backup, then start Help Desk again."));
  adw_status_page_set_description (self->error_page, description);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-samples", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-ticket", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

HdWindow *
hd_window_new (AdwApplication *application,
               HdStore        *store,
               HdConfig       *config,
               const GError   *open_error)
{
  HdWindow *self;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store == NULL || HD_IS_STORE (store), NULL);

  self = g_object_new (HD_TYPE_WINDOW, "application", application, NULL);

  if (store == NULL || config == NULL)
    {
      hd_window_show_error (self, open_error);
      return self;
    }

  self->store = g_object_ref (store);
  self->config = g_object_ref (config);

  hd_ticket_columns_append (self->ticket_view, self->config);
  self->query = hd_ticket_query_new ();
  hd_ticket_query_set_sort (self->query, HD_TICKET_SORT_CREATED);
  self->tickets = hd_ticket_list_model_new (self->store, self->query);
  g_signal_connect_object (self->tickets, "items-changed",
                           G_CALLBACK (on_tickets_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tickets, "notify::loading",
                           G_CALLBACK (on_tickets_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "tickets-changed",
                           G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  {
    g_autoptr(GtkSelectionModel) selection =
      GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tickets))));
    gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
    gtk_column_view_set_model (self->ticket_view, selection);
  }

  /* Reports (SPEC R7); "open-tickets" is for the board to show them. */
  {
    GtkWidget *reports = GTK_WIDGET (hd_reports_view_new (self->store, self->config));
    AdwViewStackPage *page = adw_view_stack_add_titled (self->views, reports, "reports", _("Reports"));

    adw_view_stack_page_set_icon_name (page, "hd-reports-symbolic");
    g_signal_connect_object (reports, "open-tickets", G_CALLBACK (on_report_open_tickets),
                             self, G_CONNECT_SWAPPED);
  }

  hd_window_board_init (self, self->views);

  hd_ticket_list_model_reload (self->tickets);
  hd_window_update_counts (self);
  hd_window_update_page (self);

  return self;
}

HdStore *
hd_window_get_store (HdWindow *self)
{
  g_return_val_if_fail (HD_IS_WINDOW (self), NULL);

  return self->store;
}

HdConfig *
hd_window_get_config (HdWindow *self)
{
  g_return_val_if_fail (HD_IS_WINDOW (self), NULL);

  return self->config;
}

void
hd_window_add_toast (HdWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (HD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GListModel *
hd_window_get_tickets (HdWindow *self)
{
  g_return_val_if_fail (HD_IS_WINDOW (self), NULL);

  return self->tickets ? G_LIST_MODEL (self->tickets) : NULL;
}

const char *
hd_window_get_visible_page (HdWindow *self)
{
  g_return_val_if_fail (HD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

static void
hd_window_save_size (HdWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
hd_window_close_request (GtkWindow *window)
{
  hd_window_save_size (HD_WINDOW (window));

  return GTK_WINDOW_CLASS (hd_window_parent_class)->close_request (window);
}

static void
hd_window_dispose (GObject *object)
{
  HdWindow *self = (HdWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_WINDOW);
  g_clear_object (&self->tickets);
  g_clear_object (&self->query);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hd_window_parent_class)->dispose (object);
}

static void
hd_window_class_init (HdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hd_window_dispose;
  window_class->close_request = hd_window_close_request;

  g_type_ensure (HD_TYPE_SYNC_STATUS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, views);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, ticket_view);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, status_strip);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HdWindow, loading_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "win.load-samples", NULL, load_samples_activated);
  gtk_widget_class_install_action (widget_class, "win.new-ticket", NULL, new_ticket_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-ticket", NULL);
}

static gboolean
focus_search (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  HdWindow *self = HD_WINDOW (widget);

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

static void
hd_window_init (HdWindow *self)
{
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  hd_spinner_spin_while_mapped (self->loading_spinner);

  self->settings = g_settings_new (BASE_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                      gtk_callback_action_new (focus_search, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
