/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-reports-view"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hd-bar-chart.h"
#include "hd-config-item.h"
#include "hd-line-chart.h"
#include "hd-pie-chart.h"
#include "hd-report-pdf.h"
#include "hd-reports-view.h"

/*
 * The reports page. Every change of period or filter starts a computation in
 * a worker thread (hd_report_compute_async), cancelling the one before; the
 * answer fills the headline tiles and the charts, each of which can show its
 * numbers as a table instead.
 */

typedef struct {
  const char *name;
  const char *field;   /* "open-tickets" field for its items */
  HdChart *chart;
  GtkStack *stack;     /* "chart" | "table" */
  GtkLabel *subtitle;
  GtkWidget *card;
} Card;

enum { TILE_TICKETS, TILE_CSAT, TILE_HANDLING, TILE_RESPONSE, TILE_SLA, TILE_REOPEN, N_TILES };

struct _HdReportsView
{
  GtkWidget parent_instance;

  HdStore *store;
  HdConfig *config;
  HdReport *report;
  GCancellable *cancellable;
  gint64 now;
  guint refresh_source;
  GArray *cards;          /* Card */
  GPtrArray *group_ids;   /* NULL entry first: every group */
  GPtrArray *agents;      /* NULL entry first: every agent */
  GtkLabel *tile_values[N_TILES];
  GtkLabel *tile_notes[N_TILES];
  gboolean loading;
  gboolean updating_filters;

  GtkDropDown *period_dropdown;
  GtkMenuButton *range_button;
  GtkCalendar *from_calendar;
  GtkCalendar *to_calendar;
  GtkDropDown *group_dropdown;
  GtkDropDown *agent_dropdown;
  GtkDropDown *channel_dropdown;
  GtkLabel *period_label;
  GtkSpinner *busy_spinner;
  GtkToggleButton *table_button;
  GtkStack *content_stack;
  GtkGrid *summary_grid;
  GtkGrid *charts_grid;
  AdwStatusPage *error_page;
};

enum { PROP_0, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { OPEN_TICKETS, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HdReportsView, hd_reports_view, GTK_TYPE_WIDGET)

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

/* Building the page ------------------------------------------------------- */

static Card *
find_card (HdReportsView *self, const char *name)
{
  for (guint i = 0; i < self->cards->len; i++)
    if (g_str_equal (g_array_index (self->cards, Card, i).name, name))
      return &g_array_index (self->cards, Card, i);
  return NULL;
}

static void
on_segment_activated (HdChart *chart, guint index, const char *id, HdReportsView *self)
{
  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = &g_array_index (self->cards, Card, i);
      if (card->chart == chart && id != NULL)
        g_signal_emit (self, signals[OPEN_TICKETS], 0, card->field, id);
    }
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
  g_signal_connect (chart_widget, "activate-segment", G_CALLBACK (on_segment_activated), self);
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

static void
build_page (HdReportsView *self)
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
  Card *card = find_card (self, name);

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

static void
fill_charts (HdReportsView *self)
{
  HdReport *r = self->report;
  static const int sat_colors[] = { -1, HD_CHART_COLOR_GREEN, HD_CHART_COLOR_BLUE,
                                    HD_CHART_COLOR_YELLOW, HD_CHART_COLOR_RED };
  static const int status_colors[] = { HD_CHART_COLOR_ORANGE, HD_CHART_COLOR_BLUE,
                                       HD_CHART_COLOR_YELLOW, HD_CHART_COLOR_PURPLE,
                                       HD_CHART_COLOR_GREEN };
  g_autoptr(GTimeZone) tz = g_time_zone_ref (hd_calendar_get_timezone (hd_config_get_calendar (self->config)));
  Card *card;

  card = find_card (self, "satisfaction");
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

  card = find_card (self, "trend");
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

  card = find_card (self, "types");
  hd_chart_clear (card->chart);
  for (guint i = 0; i < r->types->len; i++)
    {
      const HdReportCount *c = g_ptr_array_index (r->types, i);
      g_autofree char *text = format_count_share (c->count, r->n_tickets);
      hd_chart_add (card->chart, c->id, hd_report_type_label (self->config, c->id), c->count, text, -1);
    }
  hd_chart_commit (card->chart);
  gtk_label_set_text (card->subtitle, _("Tickets created in the period, by level-1 type"));

  card = find_card (self, "status");
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
  gtk_label_set_text (find_card (self, "handling-priority")->subtitle,
                      _("Working hours from creation to close: average · median · tickets"));
  gtk_label_set_text (find_card (self, "handling-group")->subtitle,
                      _("Working hours from creation to close: average · median · tickets"));
  gtk_label_set_text (find_card (self, "response-priority")->subtitle,
                      _("Working hours to the first response: average · median · tickets"));
  gtk_label_set_text (find_card (self, "response-group")->subtitle,
                      _("Working hours to the first response: average · median · tickets"));

  card = find_card (self, "sla");
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

  card = find_card (self, "subtypes");
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

  card = find_card (self, "similar");
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

static void
fill_tiles (HdReportsView *self)
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
  fill_tiles (self);
  fill_charts (self);
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

/* Exports ---------------------------------------------------------------- */

static char *
suggested_name (HdReportsView *self, const char *what, const char *extension)
{
  GTimeZone *tz = hd_calendar_get_timezone (hd_config_get_calendar (self->config));
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (self->report ? self->report->start : 0);
  g_autoptr(GDateTime) day = g_date_time_to_timezone (utc, tz);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  return g_strdup_printf ("%s-%s.%s", what, date, extension);
}

typedef enum { EXPORT_PDF, EXPORT_CSV, EXPORT_PNG } ExportKind;

typedef struct {
  HdReportsView *self;
  ExportKind kind;
  char *chart;
} ExportData;

static void
on_export_response (GtkNativeDialog *dialog, int response, ExportData *data)
{
  HdReportsView *self = data->self;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean ok = FALSE;

      if (data->kind == EXPORT_PDF)
        ok = hd_reports_view_export_pdf (self, path, &error);
      else if (data->kind == EXPORT_CSV)
        ok = hd_reports_view_export_csv (self, path, &error);
      else
        {
          Card *card = find_card (self, data->chart);
          ok = hd_chart_save_png (card->chart, path, MAX (gtk_widget_get_width (GTK_WIDGET (card->chart)), 480),
                                  MAX (gtk_widget_get_height (GTK_WIDGET (card->chart)), 200), &error);
        }
      if (!ok)
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *alert = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     _("Export Failed"), error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (data->self);
  g_free (data->chart);
  g_free (data);
}

static void
choose_file (HdReportsView *self, ExportKind kind, const char *chart)
{
  static const char * const titles[] = { N_("Export Report as PDF"), N_("Export Report Data as CSV"),
                                         N_("Save Chart as Image") };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;
  ExportData *data;
  g_autofree char *name = NULL;

  if (self->report == NULL)
    return;
  native = gtk_file_chooser_native_new (_(titles[kind]), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  name = kind == EXPORT_PDF ? suggested_name (self, "report", "pdf")
       : kind == EXPORT_CSV ? suggested_name (self, "report", "csv")
       : suggested_name (self, chart, "png");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->kind = kind;
  data->chart = g_strdup (chart);
  g_signal_connect (native, "response", G_CALLBACK (on_export_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_pdf_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose_file (HD_REPORTS_VIEW (widget), EXPORT_PDF, NULL);
}

static void
export_csv_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose_file (HD_REPORTS_VIEW (widget), EXPORT_CSV, NULL);
}

static void
save_chart_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HdReportsView *self = HD_REPORTS_VIEW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (find_card (self, name) != NULL)
    choose_file (self, EXPORT_PNG, name);
}

gboolean
hd_reports_view_export_csv (HdReportsView  *self,
                            const char     *path,
                            GError        **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (HD_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (self->report != NULL, FALSE);

  csv = hd_report_to_csv (self->report, self->config);
  /* A UTF-8 byte order mark, so spreadsheet programs read Chinese right. */
  {
    g_autofree char *with_bom = g_strconcat ("\xEF\xBB\xBF", csv, NULL);
    return g_file_set_contents (path, with_bom, -1, error);
  }
}

gboolean
hd_reports_view_export_pdf (HdReportsView  *self,
                            const char     *path,
                            GError        **error)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  g_autoptr(GPtrArray) subtitles = g_ptr_array_new ();
  g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (HD_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (self->report != NULL, FALSE);

  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = &g_array_index (self->cards, Card, i);
      g_ptr_array_add (charts, card->chart);
      g_ptr_array_add (subtitles, (gpointer) gtk_label_get_text (card->subtitle));
    }
  for (guint i = 0; i < N_TILES; i++)
    {
      GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->tile_values[i]));
      GtkWidget *title = gtk_widget_get_first_child (box);

      g_ptr_array_add (tiles, g_strdup (gtk_label_get_text (GTK_LABEL (title))));
      g_ptr_array_add (tiles, g_strdup_printf ("%s — %s", gtk_label_get_text (self->tile_values[i]),
                                               gtk_label_get_text (self->tile_notes[i])));
    }
  return hd_report_write_pdf (path, gtk_label_get_text (self->period_label),
                              (const char * const *) tiles->pdata, tiles->len / 2,
                              (HdChart **) charts->pdata, (const char * const *) subtitles->pdata,
                              charts->len, gtk_widget_get_pango_context (GTK_WIDGET (self)), error);
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
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, summary_grid);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, charts_grid);
  gtk_widget_class_bind_template_child (widget_class, HdReportsView, error_page);

  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_pdf_activated);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, export_csv_activated);
  gtk_widget_class_install_action (widget_class, "reports.save-chart", "s", save_chart_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reportsview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_reports_view_init (HdReportsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cards = g_array_new (FALSE, TRUE, sizeof (Card));
  self->group_ids = g_ptr_array_new_with_free_func (g_free);
  self->agents = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->agents, NULL);
  gtk_drop_down_set_selected (self->period_dropdown, HD_REPORT_PERIOD_THIS_WEEK);
  build_page (self);

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
  card = find_card (self, name);
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
