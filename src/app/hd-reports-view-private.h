/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-reports-view.h"

G_BEGIN_DECLS

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
  GtkSpinner *loading_spinner;
  GtkGrid *summary_grid;
  GtkGrid *charts_grid;
  AdwStatusPage *error_page;
};

/* hd-reports-view.c */
Card     *hd_reports_view_find_card         (HdReportsView *self,
                                             const char    *name);
void      hd_reports_view_segment_activated (HdChart       *chart,
                                             guint          index,
                                             const char    *id,
                                             HdReportsView *self);

/* hd-reports-view-charts.c: the tiles and the chart cards. */
void      hd_reports_view_build_page        (HdReportsView *self);
void      hd_reports_view_fill_tiles        (HdReportsView *self);
void      hd_reports_view_fill_charts       (HdReportsView *self);

/* hd-reports-view-export.c: the "reports.*" export actions. */
void      hd_reports_view_export_pdf_activated (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter);
void      hd_reports_view_export_csv_activated (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter);
void      hd_reports_view_save_chart_activated (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter);

G_END_DECLS
