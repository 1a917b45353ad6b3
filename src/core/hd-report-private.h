/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "hd-report.h"

G_BEGIN_DECLS

/* One report computation on one read-only connection (hd-report.c). */
typedef struct {
  HdStore             *store;
  HdCalendar          *calendar;
  const HdReportQuery *query;
  HdReport            *report;
  GCancellable        *cancellable;
  GError             **error;
  sqlite3             *db;
  gint64               now;
  guint                rows;
} HdReportRun;

/* hd-report.c */
void          hd_report_count_free  (gpointer      data);
double        hd_report_ratio       (guint         a,
                                     guint         b);
/* "SELECT … FROM tickets t WHERE" + the period and filters + @sql_tail. */
sqlite3_stmt *hd_report_run_prepare (HdReportRun  *run,
                                     const char   *sql_head,
                                     const char   *sql_tail);
gboolean      hd_report_run_step    (HdReportRun  *run,
                                     sqlite3_stmt *stmt,
                                     gboolean     *failed);

/* hd-report-durations.c: the per-ticket pass (counts, CSAT trend, durations).
 * hd_report_durations_sql() is its query (for the benchmark's raw SQL timing). */
const char   *hd_report_durations_sql     (void);
gboolean      hd_report_measure_durations (HdReportRun *run);

/* hd-report-similar.c: the top-5 groups of similar descriptions. */
gboolean      hd_report_group_similar (HdReportRun *run);

G_END_DECLS
