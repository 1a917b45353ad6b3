/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-chart.h"
#include "hd-config.h"
#include "hd-report.h"
#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_REPORTS_VIEW (hd_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (HdReportsView, hd_reports_view, HD, REPORTS_VIEW, GtkWidget)

/*
 * The reports page (SPEC R7): a period and filters, headline figures and
 * charts, each also readable as a table; exports to PDF, CSV and PNG. The
 * report is computed off the main thread from the local cache and again when
 * the store changes.
 *
 * Signals: "open-tickets" (const char *field, const char *value) when a bar,
 * slice or point is activated; field is one of "status", "priority",
 * "group", "type", "subtype" (value "l1/l2"), "satisfaction", "sla",
 * "day" (value: the Unix time the day starts) or "similar" (value: a ticket
 * number from the group).
 */
HdReportsView  *hd_reports_view_new             (HdStore        *store,
                                                 HdConfig       *config);
void            hd_reports_view_set_period      (HdReportsView  *self,
                                                 HdReportPeriod  period);
/* Selects the custom period from @first to @last, both included. */
void            hd_reports_view_set_custom_range (HdReportsView *self,
                                                  const GDate   *first,
                                                  const GDate   *last);
/* The time "this week" is relative to and SLA state is judged at; 0: now. */
void            hd_reports_view_set_now         (HdReportsView  *self,
                                                 gint64          now);
void            hd_reports_view_refresh         (HdReportsView  *self);

/* Property "loading": a computation is running. */
gboolean        hd_reports_view_get_loading     (HdReportsView  *self);
HdReport       *hd_reports_view_get_report      (HdReportsView  *self);
/* Charts by name: "satisfaction", "trend", "types", "status",
 * "handling-priority", "handling-group", "response-priority",
 * "response-group", "sla", "subtypes", "similar". */
HdChart        *hd_reports_view_get_chart       (HdReportsView  *self,
                                                 const char     *name);
void            hd_reports_view_set_show_tables (HdReportsView  *self,
                                                 gboolean        show);

gboolean        hd_reports_view_export_pdf      (HdReportsView  *self,
                                                 const char     *path,
                                                 GError        **error);
gboolean        hd_reports_view_export_csv      (HdReportsView  *self,
                                                 const char     *path,
                                                 GError        **error);

G_END_DECLS
