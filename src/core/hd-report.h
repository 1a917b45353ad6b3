/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-calendar.h"
#include "hd-config.h"
#include "hd-enums.h"
#include "hd-store.h"

G_BEGIN_DECLS

/* Report periods (SPEC R7.1: weekly and monthly reviews). Weeks start on
 * Monday; days, weeks and months are local to the calendar's timezone. */
typedef enum {
  HD_REPORT_PERIOD_THIS_WEEK,
  HD_REPORT_PERIOD_LAST_WEEK,
  HD_REPORT_PERIOD_THIS_MONTH,
  HD_REPORT_PERIOD_LAST_MONTH,
  HD_REPORT_PERIOD_CUSTOM,
} HdReportPeriod;

/*
 * What a report covers: tickets created in [start, end) (Unix seconds) that
 * match every filter given. `now` decides which SLA targets are already
 * missed by open tickets; 0 means the current time.
 */
typedef struct {
  gint64  start;
  gint64  end;
  gint64  now;
  char   *group;    /* handling group id, or NULL for every group */
  char   *handler;  /* agent name, or NULL for every agent */
  int     channel;  /* an HdChannel, or -1 for every channel */
} HdReportQuery;

#define HD_TYPE_REPORT_QUERY (hd_report_query_get_type ())
GType          hd_report_query_get_type (void) G_GNUC_CONST;
HdReportQuery *hd_report_query_new      (void);
HdReportQuery *hd_report_query_copy     (const HdReportQuery *query);
void           hd_report_query_free     (HdReportQuery       *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdReportQuery, hd_report_query_free)

/* Sets start and end for @period around @now (Unix seconds) in @timezone.
 * For HD_REPORT_PERIOD_CUSTOM, @first and @last are the first and the last
 * day included; they are ignored otherwise. */
void           hd_report_period_range   (HdReportPeriod  period,
                                         GTimeZone      *timezone,
                                         gint64          now,
                                         const GDate    *first,
                                         const GDate    *last,
                                         gint64         *start,
                                         gint64         *end);

/* A count under a stable id: a type, a status, "l1/l2" for a sub-type. */
typedef struct {
  char  *id;
  char  *sub_id;   /* the level-2 type of a sub-type count, else NULL */
  guint  count;
} HdReportCount;

/* Durations in seconds over the tickets of one key (a priority or group id;
 * "" for tickets without one). Working seconds follow the calendar. */
typedef struct {
  char   *key;
  guint   n;
  double  mean_clock;
  double  median_clock;
  double  mean_working;
  double  median_working;
} HdReportDuration;

typedef struct {
  gint64 start;      /* local midnight starting the bucket */
  guint  answered;   /* satisfaction answers from tickets created in it */
  guint  satisfied;  /* of which satisfied or very satisfied */
} HdReportTrendPoint;

/* A group of tickets whose descriptions share most character trigrams. */
typedef struct {
  char  *description;   /* the most recent description in the group */
  char  *number;        /* its ticket number */
  guint  count;
} HdReportCluster;

typedef struct {
  gint64  start;
  gint64  end;
  guint   n_tickets;

  /* Satisfaction (R6.2): answers by HdSatisfaction; CSAT is satisfied and
   * very satisfied over all answers, -1 without answers. */
  guint   satisfaction[HD_SATISFACTION_DISSATISFIED + 1];
  guint   answered;
  double  csat;
  double  previous_csat;   /* the same length of time just before */
  GArray *trend;           /* HdReportTrendPoint, one per day or week */
  guint   trend_step_days; /* 1 or 7 */

  GPtrArray *types;        /* HdReportCount by level-1 type, most first */
  guint   status[HD_N_STATUSES];

  /* Creation to close, and creation to first response. */
  HdReportDuration *handling;         /* all tickets; key "" */
  GPtrArray *handling_by_priority;    /* HdReportDuration */
  GPtrArray *handling_by_group;
  HdReportDuration *response;
  GPtrArray *response_by_priority;
  GPtrArray *response_by_group;

  /* SLA: met and missed; open tickets not yet due are in neither. */
  guint   response_met;
  guint   response_missed;
  guint   resolution_met;
  guint   resolution_missed;

  /* Tickets ever resolved (awaiting feedback, pending close or closed) and,
   * of those, taken back to in progress. */
  guint   resolved;
  guint   reopened;

  GPtrArray *top_subtypes;  /* HdReportCount, at most 5 */
  GPtrArray *top_similar;   /* HdReportCluster, at most 5, size ≥ 2 */
  guint   similar_scanned;  /* descriptions compared (bounded) */

  char  **handlers;         /* every agent in the cache, for the filter */
} HdReport;

#define HD_TYPE_REPORT (hd_report_get_type ())
GType     hd_report_get_type      (void) G_GNUC_CONST;
HdReport *hd_report_ref           (HdReport *report);
void      hd_report_unref         (HdReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdReport, hd_report_unref)

/* Ratios; -1 when the denominator is 0. */
double    hd_report_get_response_compliance   (const HdReport *report);
double    hd_report_get_resolution_compliance (const HdReport *report);
double    hd_report_get_reopen_rate           (const HdReport *report);

/* Most descriptions the similarity grouping looks at (the newest ones). */
#define HD_REPORT_MAX_SIMILAR_SCAN 5000

/* Runs every aggregate on a read-only connection of @store. Blocking: call it
 * from a worker thread (hd_report_compute_async does). */
HdReport *hd_report_compute       (HdStore             *store,
                                   HdCalendar          *calendar,
                                   const HdReportQuery *query,
                                   GCancellable        *cancellable,
                                   GError             **error);
void      hd_report_compute_async (HdStore             *store,
                                   HdCalendar          *calendar,
                                   const HdReportQuery *query,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
HdReport *hd_report_compute_finish (GAsyncResult       *result,
                                    GError            **error);

/* hd-report-export.c: the figures as CSV (RFC 4180, CRLF line ends), labels
 * from @config. Cells that a spreadsheet would run as a formula (starting
 * with = + - @, tab or carriage return) get a leading apostrophe. */
char     *hd_report_to_csv        (const HdReport      *report,
                                   HdConfig            *config);
void      hd_csv_append_cell      (GString             *out,
                                   const char          *cell);

/* Labels for figures (translated), shared by the view and the exports. */
const char *hd_report_type_label   (HdConfig *config, const char *type_id);
const char *hd_report_key_label    (HdConfig *config, gboolean by_group, const char *key);

G_END_DECLS
