/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-reports-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-bar-chart.h"
#include "hd-line-chart.h"
#include "hd-pie-chart.h"
#include "hd-reports-view-private.h"

/* The cards of the reports page: the headline tiles and the charts, each
 * with its table, built once and filled from every new report. */

/* Formatting ------------------------------------------------------------- */

static char *
format_duration (double seconds)
{
  if (seconds < 3600)
    /* Translators: a duration in minutes */
    return g_strdup_printf (_("%.0f min"), seconds / 60);
  /* Translators: a duration in hours */
  return g_strdup_printf (_("%.1f h"), seconds / 3600);
}

static char *
format_percent (double ratio)
{
  if (ratio < 0)
    return g_strdup (_("—"));
  /* Translators: a percentage */
  return g_strdup_printf (_("%.0f %%"), ratio * 100);
}

static char *
format_count_share (guint count, guint total)
{
  /* Translators: a count and its share of the total, e.g. "12 · 30 %" */
  return g_strdup_printf (_("%u · %.0f %%"), count, total ? 100.0 * count / total : 0.0);
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer numeric)
{
  HdChartRow *row = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      numeric ? hd_chart_row_get_value (row) : hd_chart_row_get_label (row));
}

static GtkWidget *
make_table (HdChart *chart, const char *title)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (hd_chart_get_rows (chart)));
  GtkWidget *view = gtk_column_view_new (GTK_SELECTION_MODEL (g_steal_pointer (&selection)));
  const char *titles[] = { _("Item"), _("Value") };

  for (guint i = 0; i < 2; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, i == 0);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return view;
}

static void
add_card (HdReportsView *self,
          const char    *name,
          const char    *field,
          const char    *title,
          GtkWidget     *chart_widget,
          gboolean       wide)
{
  Card card = { name, field, HD_CHART (chart_widget), NULL, NULL, NULL };
  GtkWidget *box, *header, *titles, *label, *button;
  g_autofree char *action_target = NULL;
  guint index = self->cards->len;
  static guint row = 0, column = 0;

  if (index == 0)
    row = column = 0;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "report-card");

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (titles, TRUE);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (titles), label);
  card.subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (card.subtitle, 0);
  gtk_label_set_wrap (card.subtitle, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (card.subtitle), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (card.subtitle), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (card.subtitle));
  gtk_box_append (GTK_BOX (header), titles);

  button = gtk_button_new_from_icon_name ("image-x-generic-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Save Chart as Image…"));
  {
    /* Translators: the accessible name of a button; %s is a chart title */
    g_autofree char *a11y = g_strdup_printf (_("Save “%s” as an image"), title);
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reports.save-chart");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  gtk_box_append (GTK_BOX (header), button);
  gtk_box_append (GTK_BOX (box), header);

  hd_chart_set_title (card.chart, title);
  g_signal_connect (chart_widget, "activate-segment", G_CALLBACK (hd_reports_view_segment_activated), self);
  card.stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (card.stack, FALSE);
  gtk_stack_set_interpolate_size (card.stack, TRUE);
  gtk_stack_add_named (card.stack, chart_widget, "chart");
  gtk_stack_add_named (card.stack, make_table (card.chart, title), "table");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (card.stack));

  card.card = box;
  if (wide && column == 1)
    {
      row++;
      column = 0;
    }
  gtk_grid_attach (self->charts_grid, box, column, row, wide ? 2 : 1, 1);
  if (wide || column == 1)
    {
      row++;
      column = 0;
    }
  else
    column = 1;
  g_array_append_val (self->cards, card);
}

static void
add_tile (HdReportsView *self, guint tile, const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "report-tile");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  self->tile_values[tile] = GTK_LABEL (gtk_label_new ("—"));
  gtk_label_set_xalign (self->tile_values[tile], 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->tile_values[tile]), "report-figure");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->tile_values[tile]));

  self->tile_notes[tile] = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->tile_notes[tile], 0);
  gtk_label_set_wrap (self->tile_notes[tile], TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->tile_notes[tile]), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->tile_notes[tile]), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->tile_notes[tile]));

  gtk_grid_attach (self->summary_grid, box, tile, 0, 1, 1);
}

void
hd_reports_view_build_page (HdReportsView *self)
{
  add_tile (self, TILE_TICKETS, _("Tickets"));
  add_tile (self, TILE_CSAT, _("CSAT"));
  add_tile (self, TILE_HANDLING, _("Handling Time"));
  add_tile (self, TILE_RESPONSE, _("First Response"));
  add_tile (self, TILE_SLA, _("SLA Met"));
  add_tile (self, TILE_REOPEN, _("Reopen Rate"));

  add_card (self, "satisfaction", "satisfaction", _("Satisfaction"), hd_pie_chart_new (), FALSE);
  add_card (self, "trend", "day", _("CSAT Trend"), hd_line_chart_new (), FALSE);
  add_card (self, "types", "type", _("Share of Each Type"), hd_bar_chart_new (), FALSE);
  add_card (self, "status", "status", _("Backlog by Status"), hd_bar_chart_new (), FALSE);
  add_card (self, "handling-priority", "priority", _("Handling Time by Priority"), hd_bar_chart_new (), FALSE);
  add_card (self, "handling-group", "group", _("Handling Time by Group"), hd_bar_chart_new (), FALSE);
  add_card (self, "response-priority", "priority", _("First Response by Priority"), hd_bar_chart_new (), FALSE);
  add_card (self, "response-group", "group", _("First Response by Group"), hd_bar_chart_new (), FALSE);
  add_card (self, "sla", "sla", _("SLA Compliance"), hd_bar_chart_new (), FALSE);
  add_card (self, "subtypes", "subtype", _("Top 5 Problems by Sub-type"), hd_bar_chart_new (), FALSE);
  add_card (self, "similar", "similar", _("Top 5 Problems by Similar Descriptions"), hd_bar_chart_new (), TRUE);
}

/* Filling it ------------------------------------------------------------- */

static void
fill_durations (HdReportsView *self, const char *name, GPtrArray *list, gboolean by_group)
{
  Card *card = hd_reports_view_find_card (self, name);

  hd_chart_clear (card->chart);
  for (guint i = 0; i < list->len; i++)
    {
      const HdReportDuration *d = g_ptr_array_index (list, i);
      g_autofree char *mean = format_duration (d->mean_working);
      g_autofree char *median = format_duration (d->median_working);
      /* Translators: average and median of a duration, and how many tickets */
      g_autofree char *text = g_strdup_printf (_("%s · median %s · %u"), mean, median, d->n);

      hd_chart_add (card->chart, d->key, hd_report_key_label (self->config, by_group, d->key),
                    d->mean_working, text, by_group ? HD_CHART_COLOR_TEAL : HD_CHART_COLOR_PURPLE);
    }
  hd_chart_commit (card->chart);
}

void
hd_reports_view_fill_charts (HdReportsView *self)
{
  HdReport *r = self->report;
  static const int sat_colors[] = { -1, HD_CHART_COLOR_GREEN, HD_CHART_COLOR_BLUE,
                                    HD_CHART_COLOR_YELLOW, HD_CHART_COLOR_RED };
  static const int status_colors[] = { HD_CHART_COLOR_ORANGE, HD_CHART_COLOR_BLUE,
                                       HD_CHART_COLOR_YELLOW, HD_CHART_COLOR_PURPLE,
                                       HD_CHART_COLOR_GREEN };
  g_autoptr(GTimeZone) tz = g_time_zone_ref (hd_calendar_get_timezone (hd_config_get_calendar (self->config)));
  Card *card;

  card = hd_reports_view_find_card (self, "satisfaction");
  hd_chart_clear (card->chart);
  for (guint i = HD_SATISFACTION_VERY_SATISFIED; i <= HD_SATISFACTION_DISSATISFIED; i++)
    {
      g_autofree char *text = format_count_share (r->satisfaction[i], r->answered);
      hd_chart_add (card->chart, hd_satisfaction_to_id (i), hd_satisfaction_get_label (i),
                    r->satisfaction[i], text, sat_colors[i]);
    }
  if (r->answered == 0)
    hd_chart_clear (card->chart);
  hd_chart_commit (card->chart);
  {
    g_autofree char *csat = format_percent (r->csat);
    /* Translators: the CSAT in the middle of the satisfaction donut */
    g_autofree char *center = g_strdup_printf (_("%s\nCSAT"), csat);
    hd_pie_chart_set_center_text (HD_PIE_CHART (card->chart), r->answered ? center : NULL);
    g_autofree char *sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u answer; %u not rated",
                                                         "%u answers; %u not rated", r->answered),
                                            r->answered, r->satisfaction[HD_SATISFACTION_NONE]);
    gtk_label_set_text (card->subtitle, sub);
  }

  card = hd_reports_view_find_card (self, "trend");
  hd_chart_clear (card->chart);
  for (guint i = 0; i < r->trend->len; i++)
    {
      const HdReportTrendPoint *p = &g_array_index (r->trend, HdReportTrendPoint, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (p->start);
      g_autoptr(GDateTime) day = g_date_time_to_timezone (utc, tz);
      /* Translators: a day on the CSAT trend axis, strftime format */
      g_autofree char *label = g_date_time_format (day, _("%b %-d"));
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, p->start);
      g_autofree char *pct = format_percent (p->answered ? (double) p->satisfied / p->answered : -1);
      g_autofree char *text = p->answered
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %u answer", "%s of %u answers", p->answered), pct, p->answered)
        : g_strdup (_("no answers"));

      hd_chart_add (card->chart, id, label, p->answered ? (double) p->satisfied / p->answered : -1,
                    text, HD_CHART_COLOR_BLUE);
    }
  hd_chart_set_maximum (card->chart, 1.0);
  hd_chart_commit (card->chart);
  {
    g_autofree char *prev = format_percent (r->previous_csat);
    g_autofree char *sub = g_strdup_printf (r->trend_step_days == 7 ? _("Satisfied or very satisfied, by week; previous period %s")
                                                                    : _("Satisfied or very satisfied, by day; previous period %s"), prev);
    gtk_label_set_text (card->subtitle, sub);
  }

  card = hd_reports_view_find_card (self, "types");
  hd_chart_clear (card->chart);
  for (guint i = 0; i < r->types->len; i++)
    {
      const HdReportCount *c = g_ptr_array_index (r->types, i);
      g_autofree char *text = format_count_share (c->count, r->n_tickets);
      hd_chart_add (card->chart, c->id, hd_report_type_label (self->config, c->id), c->count, text, -1);
    }
  hd_chart_commit (card->chart);
  gtk_label_set_text (card->subtitle, _("Tickets created in the period, by level-1 type"));

  card = hd_reports_view_find_card (self, "status");
  hd_chart_clear (card->chart);
  for (guint i = 0; i < HD_N_STATUSES; i++)
    {
      g_autofree char *text = format_count_share (r->status[i], r->n_tickets);
      hd_chart_add (card->chart, hd_status_to_id (i), hd_status_get_label (i), r->status[i], text, status_colors[i]);
    }
  if (r->n_tickets == 0)
    hd_chart_clear (card->chart);
  hd_chart_commit (card->chart);
  gtk_label_set_text (card->subtitle, _("Where the period's tickets stand now"));

  fill_durations (self, "handling-priority", r->handling_by_priority, FALSE);
  fill_durations (self, "handling-group", r->handling_by_group, TRUE);
  fill_durations (self, "response-priority", r->response_by_priority, FALSE);
  fill_durations (self, "response-group", r->response_by_group, TRUE);
  gtk_label_set_text (hd_reports_view_find_card (self, "handling-priority")->subtitle,
                      _("Working hours from creation to close: average · median · tickets"));
  gtk_label_set_text (hd_reports_view_find_card (self, "handling-group")->subtitle,
                      _("Working hours from creation to close: average · median · tickets"));
  gtk_label_set_text (hd_reports_view_find_card (self, "response-priority")->subtitle,
                      _("Working hours to the first response: average · median · tickets"));
  gtk_label_set_text (hd_reports_view_find_card (self, "response-group")->subtitle,
                      _("Working hours to the first response: average · median · tickets"));

  card = hd_reports_view_find_card (self, "sla");
  hd_chart_clear (card->chart);
  {
    double response = hd_report_get_response_compliance (r);
    double resolution = hd_report_get_resolution_compliance (r);
    g_autofree char *a = format_percent (response);
    g_autofree char *b = format_percent (resolution);
    /* Translators: a share met, then counts met and missed */
    g_autofree char *ta = g_strdup_printf (_("%s · %u met, %u missed"), a, r->response_met, r->response_missed);
    g_autofree char *tb = g_strdup_printf (_("%s · %u met, %u missed"), b, r->resolution_met, r->resolution_missed);

    if (response >= 0)
      hd_chart_add (card->chart, "response", _("First response"), response, ta, HD_CHART_COLOR_GREEN);
    if (resolution >= 0)
      hd_chart_add (card->chart, "resolution", _("Resolution"), resolution, tb, HD_CHART_COLOR_GREEN);
  }
  hd_chart_set_maximum (card->chart, 1.0);
  hd_chart_commit (card->chart);
  gtk_label_set_text (card->subtitle, _("Targets met; open tickets count once their target has passed"));

  card = hd_reports_view_find_card (self, "subtypes");
  hd_chart_clear (card->chart);
  for (guint i = 0; i < r->top_subtypes->len; i++)
    {
      const HdReportCount *c = g_ptr_array_index (r->top_subtypes, i);
      const char *sub = hd_config_get_type_label (self->config, c->id, c->sub_id);
      g_autofree char *label = g_strdup_printf ("%s / %s", hd_report_type_label (self->config, c->id), sub ? sub : c->sub_id);
      g_autofree char *id = g_strdup_printf ("%s/%s", c->id, c->sub_id);
      g_autofree char *text = format_count_share (c->count, r->n_tickets);
      hd_chart_add (card->chart, id, label, c->count, text, HD_CHART_COLOR_ORANGE);
    }
  hd_chart_commit (card->chart);
  gtk_label_set_text (card->subtitle, _("The most frequent level-2 types"));

  card = hd_reports_view_find_card (self, "similar");
  hd_chart_clear (card->chart);
  for (guint i = 0; i < r->top_similar->len; i++)
    {
      const HdReportCluster *c = g_ptr_array_index (r->top_similar, i);
      g_autofree char *text = format_count_share (c->count, r->n_tickets);
      hd_chart_add (card->chart, c->number, c->description, c->count, text, HD_CHART_COLOR_RED);
    }
  hd_chart_commit (card->chart);
  {
    g_autofree char *sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Descriptions sharing most of their wording, from %u description",
                                                         "Descriptions sharing most of their wording, from %u descriptions",
                                                         r->similar_scanned), r->similar_scanned);
    gtk_label_set_text (card->subtitle, sub);
  }
}

void
hd_reports_view_fill_tiles (HdReportsView *self)
{
  HdReport *r = self->report;
  g_autofree char *tickets = g_strdup_printf ("%u", r->n_tickets);
  g_autofree char *csat = format_percent (r->csat);
  g_autofree char *handling = r->handling->n ? format_duration (r->handling->mean_working) : g_strdup (_("—"));
  g_autofree char *response = r->response->n ? format_duration (r->response->median_working) : g_strdup (_("—"));
  g_autofree char *sla = format_percent (hd_report_get_resolution_compliance (r));
  g_autofree char *reopen = format_percent (hd_report_get_reopen_rate (r));
  g_autofree char *n_open = NULL, *csat_note = NULL, *handling_note = NULL, *response_note = NULL;
  g_autofree char *sla_note = NULL, *reopen_note = NULL;
  guint open = r->n_tickets - r->status[HD_STATUS_CLOSED];

  n_open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u still open", "%u still open", open), open);
  if (r->csat >= 0 && r->previous_csat >= 0)
    {
      double delta = (r->csat - r->previous_csat) * 100;
      /* Translators: change in percentage points against the previous period */
      csat_note = g_strdup_printf (delta >= 0 ? _("▲ %.0f pts on the previous period") : _("▼ %.0f pts on the previous period"),
                                   ABS (delta));
    }
  else
    csat_note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u answer", "%u answers", r->answered), r->answered);
  if (r->handling->n)
    {
      g_autofree char *median = format_duration (r->handling->median_working);
      /* Translators: %s is a duration */
      handling_note = g_strdup_printf (_("Average working time; median %s"), median);
    }
  else
    handling_note = g_strdup (_("No ticket closed yet"));
  if (r->response->n)
    {
      g_autofree char *mean = format_duration (r->response->mean_working);
      response_note = g_strdup_printf (_("Median working time; average %s"), mean);
    }
  else
    response_note = g_strdup (_("No response yet"));
  {
    g_autofree char *resp = format_percent (hd_report_get_response_compliance (r));
    sla_note = g_strdup_printf (_("Resolution; first response %s"), resp);
  }
  reopen_note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u resolved ticket", "%u of %u resolved tickets",
                                              r->resolved), r->reopened, r->resolved);

  gtk_label_set_text (self->tile_values[TILE_TICKETS], tickets);
  gtk_label_set_text (self->tile_notes[TILE_TICKETS], n_open);
  gtk_label_set_text (self->tile_values[TILE_CSAT], csat);
  gtk_label_set_text (self->tile_notes[TILE_CSAT], csat_note);
  gtk_label_set_text (self->tile_values[TILE_HANDLING], handling);
  gtk_label_set_text (self->tile_notes[TILE_HANDLING], handling_note);
  gtk_label_set_text (self->tile_values[TILE_RESPONSE], response);
  gtk_label_set_text (self->tile_notes[TILE_RESPONSE], response_note);
  gtk_label_set_text (self->tile_values[TILE_SLA], sla);
  gtk_label_set_text (self->tile_notes[TILE_SLA], sla_note);
  gtk_label_set_text (self->tile_values[TILE_REOPEN], reopen);
  gtk_label_set_text (self->tile_notes[TILE_REOPEN], reopen_note);
}
