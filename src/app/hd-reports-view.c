/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-reports-view"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hd-config-item.h"
#include "hd-reports-view-private.h"
#include "hd-widget-util.h"

/*
 * The reports page. Every change of period or filter starts a computation in
 * a worker thread (hd_report_compute_async), cancelling the one before; the
 * answer fills the headline tiles and the charts, each of which can show its
 * numbers as a table instead.
 */

enum { PROP_0, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { OPEN_TICKETS, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HdReportsView, hd_reports_view, GTK_TYPE_WIDGET)

/* Cards ------------------------------------------------------------------ */

Card *
hd_reports_view_find_card (HdReportsView *self, const char *name)
{
  for (guint i = 0; i < self->cards->len; i++)
    if (g_str_equal (g_array_index (self->cards, Card, i).name, name))
      return &g_array_index (self->cards, Card, i);
  return NULL;
}

void
hd_reports_view_segment_activated (HdChart *chart, guint index, const char *id, HdReportsView *self)
{
  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = &g_array_index (self->cards, Card, i);
      if (card->chart == chart && id != NULL)
        g_signal_emit (self, signals[OPEN_TICKETS], 0, card->field, id);
    }
}

/* Computing the report ------------------------------------------------------ */

static void
update_agents (HdReportsView *self)
{
  const char *selected = NULL;
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint position = 0;
  char **handlers = self->report->handlers;
  guint n = handlers ? g_strv_length (handlers) : 0;

  if (n + 1 == self->agents->len)
    {
      gboolean same = TRUE;
      for (guint i = 0; i < n && same; i++)
        same = g_strcmp0 (g_ptr_array_index (self->agents, i + 1), handlers[i]) == 0;
      if (same)
        return;
    }

  selected = g_ptr_array_index (self->agents, gtk_drop_down_get_selected (self->agent_dropdown));
  gtk_string_list_append (list, _("All Agents"));
  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (list, handlers[i]);
      if (g_strcmp0 (selected, handlers[i]) == 0)
        position = i + 1;
    }
  g_ptr_array_set_size (self->agents, 1);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->agents, g_strdup (handlers[i]));

  self->updating_filters = TRUE;
  gtk_drop_down_set_model (self->agent_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->agent_dropdown, position);
  self->updating_filters = FALSE;
}

static void
set_loading (HdReportsView *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  /* A long report keeps the last figures on screen, with a spinner. */
  gtk_spinner_set_spinning (self->busy_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), loading && self->report != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
report_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HdReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdReport) report = hd_report_compute_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (report == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      set_loading (self, FALSE);
      return;
    }

  g_clear_pointer (&self->report, hd_report_unref);
  self->report = g_steal_pointer (&report);
  update_agents (self);
  hd_reports_view_fill_tiles (self);
  hd_reports_view_fill_charts (self);
  gtk_stack_set_visible_child_name (self->content_stack, self->report->n_tickets > 0 ? "report" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", TRUE);
  set_loading (self, FALSE);
}

static HdReportQuery *
build_query (HdReportsView *self)
{
  g_autoptr(HdReportQuery) query = hd_report_query_new ();
  GTimeZone *tz = hd_calendar_get_timezone (hd_config_get_calendar (self->config));
  HdReportPeriod period = gtk_drop_down_get_selected (self->period_dropdown);
  gint64 now = self->now ? self->now : g_get_real_time () / G_USEC_PER_SEC;
  guint group = gtk_drop_down_get_selected (self->group_dropdown);
  guint agent = gtk_drop_down_get_selected (self->agent_dropdown);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);
  GDate first, last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  if (period == HD_REPORT_PERIOD_CUSTOM)
    {
      g_autoptr(GDateTime) a = gtk_calendar_get_date (self->from_calendar);
      g_autoptr(GDateTime) b = gtk_calendar_get_date (self->to_calendar);
      GDateTime *lo = g_date_time_compare (a, b) <= 0 ? a : b, *hi = lo == a ? b : a;

      g_date_set_dmy (&first, g_date_time_get_day_of_month (lo), g_date_time_get_month (lo), g_date_time_get_year (lo));
      g_date_set_dmy (&last, g_date_time_get_day_of_month (hi), g_date_time_get_month (hi), g_date_time_get_year (hi));
    }
  hd_report_period_range (period, tz, now, &first, &last, &query->start, &query->end);
  query->now = self->now;
  if (group != GTK_INVALID_LIST_POSITION && group < self->group_ids->len)
    query->group = g_strdup (g_ptr_array_index (self->group_ids, group));
  if (agent != GTK_INVALID_LIST_POSITION && agent < self->agents->len)
    query->handler = g_strdup (g_ptr_array_index (self->agents, agent));
  query->channel = channel == GTK_INVALID_LIST_POSITION || channel == 0 ? -1 : (int) channel - 1;
  return g_steal_pointer (&query);
}

static void
update_period_label (HdReportsView *self, const HdReportQuery *query)
{
  GTimeZone *tz = hd_calendar_get_timezone (hd_config_get_calendar (self->config));
  g_autoptr(GDateTime) a_utc = g_date_time_new_from_unix_utc (query->start);
  g_autoptr(GDateTime) b_utc = g_date_time_new_from_unix_utc (query->end - 1);
  g_autoptr(GDateTime) a = g_date_time_to_timezone (a_utc, tz);
  g_autoptr(GDateTime) b = g_date_time_to_timezone (b_utc, tz);
  /* Translators: a date in the report period, strftime format */
  g_autofree char *from = g_date_time_format (a, _("%b %-d, %Y"));
  g_autofree char *to = g_date_time_format (b, _("%b %-d, %Y"));
  /* Translators: the report period, first and last day */
  g_autofree char *text = g_strdup_printf (_("%s – %s"), from, to);

  gtk_label_set_text (self->period_label, text);
  gtk_menu_button_set_label (self->range_button, text);
}

void
hd_reports_view_refresh (HdReportsView *self)
{
  g_autoptr(HdReportQuery) query = NULL;

  g_return_if_fail (HD_IS_REPORTS_VIEW (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->store == NULL || self->updating_filters)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  query = build_query (self);
  update_period_label (self, query);
  /* A custom range shows its dates on its own button. */
  gtk_widget_set_visible (GTK_WIDGET (self->range_button),
                          gtk_drop_down_get_selected (self->period_dropdown) == HD_REPORT_PERIOD_CUSTOM);
  gtk_widget_set_visible (GTK_WIDGET (self->period_label),
                          gtk_drop_down_get_selected (self->period_dropdown) != HD_REPORT_PERIOD_CUSTOM);
  if (self->report == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
  set_loading (self, TRUE);
  hd_report_compute_async (self->store, hd_config_get_calendar (self->config), query,
                           self->cancellable, report_ready, g_object_ref (self));
}

static void
on_filter_changed (HdReportsView *self)
{
  hd_reports_view_refresh (self);
}

static gboolean
refresh_later_cb (gpointer data)
{
  HdReportsView *self = data;

  self->refresh_source = 0;
  hd_reports_view_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Ticket edits come in bursts (a bulk import, a sync): recompute once. */
static void
on_store_changed (HdReportsView *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (500, refresh_later_cb, self);
}

static void
on_table_toggled (HdReportsView *self)
{
  hd_reports_view_set_show_tables (self, gtk_toggle_button_get_active (self->table_button));
}

/* GObject ---------------------------------------------------------------- */

static void
hd_reports_view_dispose (GObject *object)
{
  HdReportsView *self = HD_REPORTS_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_REPORTS_VIEW);
  /* The template's unnamed root box is not among the bound children. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_pointer (&self->report, hd_report_unref);
  G_OBJECT_CLASS (hd_reports_view_parent_class)->dispose (object);
}

static void
hd_reports_view_finalize (GObject *object)
{
  HdReportsView *self = HD_REPORTS_VIEW (object);

  g_array_unref (self->cards);
  g_ptr_array_unref (self->group_ids);
  g_ptr_array_unref (self->agents);
  G_OBJECT_CLASS (hd_reports_view_parent_class)->finalize (object);
}

static void
hd_reports_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HdReportsView *self = HD_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_reports_view_class_init (HdReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_reports_view_dispose;
  object_class->finalize = hd_reports_view_finalize;
  object_class->get_property = hd_reports_view_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_TICKETS] = g_signal_new ("open-tickets", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, range_button);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, agent_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, period_label);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, table_button);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, summary_grid);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, charts_grid);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, error_page);

  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, hd_reports_view_export_pdf_activated);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, hd_reports_view_export_csv_activated);
  gtk_widget_class_install_action (widget_class, "reports.save-chart", "s", hd_reports_view_save_chart_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reportsview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_reports_view_init (HdReportsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hd_name_drop_down_buttons (GTK_WIDGET (self));
  hd_spinner_spin_while_mapped (self->loading_spinner);

  self->cards = g_array_new (FALSE, TRUE, sizeof (Card));
  self->group_ids = g_ptr_array_new_with_free_func (g_free);
  self->agents = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->agents, NULL);
  gtk_drop_down_set_selected (self->period_dropdown, HD_REPORT_PERIOD_THIS_WEEK);
  hd_reports_view_build_page (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", FALSE);
}

static void
fill_filters (HdReportsView *self)
{
  g_autoptr(GtkStringList) groups = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) agents = gtk_string_list_new (NULL);
  g_autoptr(GListModel) items = hd_config_list_groups (self->config);

  gtk_string_list_append (groups, _("All Groups"));
  g_ptr_array_add (self->group_ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(HdConfigItem) item = g_list_model_get_item (items, i);
      gtk_string_list_append (groups, hd_config_item_get_label (item));
      g_ptr_array_add (self->group_ids, g_strdup (hd_config_item_get_id (item)));
    }
  gtk_string_list_append (channels, _("All Channels"));
  for (int c = HD_CHANNEL_PHONE; c <= HD_CHANNEL_OTHER; c++)
    gtk_string_list_append (channels, hd_channel_get_label (c));
  gtk_string_list_append (agents, _("All Agents"));

  self->updating_filters = TRUE;
  gtk_drop_down_set_model (self->group_dropdown, G_LIST_MODEL (groups));
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (channels));
  gtk_drop_down_set_model (self->agent_dropdown, G_LIST_MODEL (agents));
  self->updating_filters = FALSE;
}

HdReportsView *
hd_reports_view_new (HdStore  *store,
                     HdConfig *config)
{
  HdReportsView *self;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  self = g_object_new (HD_TYPE_REPORTS_VIEW, NULL);
  self->store = g_object_ref (store);
  self->config = g_object_ref (config);
  fill_filters (self);

  g_signal_connect_object (self->period_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->group_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->agent_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->channel_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_calendar, "day-selected", G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_calendar, "day-selected", G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->table_button, "toggled", G_CALLBACK (on_table_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "tickets-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "events-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  hd_reports_view_refresh (self);
  return self;
}

void
hd_reports_view_set_period (HdReportsView  *self,
                            HdReportPeriod  period)
{
  g_return_if_fail (HD_IS_REPORTS_VIEW (self));
  gtk_drop_down_set_selected (self->period_dropdown, period);
}

void
hd_reports_view_set_custom_range (HdReportsView *self,
                                  const GDate   *first,
                                  const GDate   *last)
{
  GTimeZone *tz;
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  g_return_if_fail (HD_IS_REPORTS_VIEW (self));
  g_return_if_fail (first != NULL && last != NULL);

  tz = hd_calendar_get_timezone (hd_config_get_calendar (self->config));
  a = g_date_time_new (tz, g_date_get_year (first), g_date_get_month (first), g_date_get_day (first), 12, 0, 0);
  b = g_date_time_new (tz, g_date_get_year (last), g_date_get_month (last), g_date_get_day (last), 12, 0, 0);
  self->updating_filters = TRUE;
  gtk_calendar_select_day (self->from_calendar, a);
  gtk_calendar_select_day (self->to_calendar, b);
  gtk_drop_down_set_selected (self->period_dropdown, HD_REPORT_PERIOD_CUSTOM);
  self->updating_filters = FALSE;
  hd_reports_view_refresh (self);
}

void
hd_reports_view_set_now (HdReportsView *self,
                         gint64         now)
{
  g_return_if_fail (HD_IS_REPORTS_VIEW (self));
  self->now = now;
  hd_reports_view_refresh (self);
}

gboolean
hd_reports_view_get_loading (HdReportsView *self)
{
  g_return_val_if_fail (HD_IS_REPORTS_VIEW (self), FALSE);
  return self->loading;
}

HdReport *
hd_reports_view_get_report (HdReportsView *self)
{
  g_return_val_if_fail (HD_IS_REPORTS_VIEW (self), NULL);
  return self->report;
}

HdChart *
hd_reports_view_get_chart (HdReportsView *self,
                           const char    *name)
{
  Card *card;

  g_return_val_if_fail (HD_IS_REPORTS_VIEW (self), NULL);
  card = hd_reports_view_find_card (self, name);
  return card ? card->chart : NULL;
}

void
hd_reports_view_set_show_tables (HdReportsView *self,
                                 gboolean       show)
{
  g_return_if_fail (HD_IS_REPORTS_VIEW (self));

  for (guint i = 0; i < self->cards->len; i++)
    gtk_stack_set_visible_child_name (g_array_index (self->cards, Card, i).stack, show ? "table" : "chart");
  if (gtk_toggle_button_get_active (self->table_button) != show)
    gtk_toggle_button_set_active (self->table_button, show);
}
