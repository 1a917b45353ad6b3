/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The report tests' data set and independent oracle: tickets and timelines
 * with exact times, stored through the store, with the test's own copy of
 * those inputs, and every report figure recomputed from that copy with plain
 * loops: its own working-time count (minute by minute, from the default
 * calendar's rules), its own medians and counts.
 */
#pragma once

#include "hd-config.h"
#include "hd-report.h"
#include "hd-store.h"

G_BEGIN_DECLS

/* 2024-09-23 00:00 and 2024-09-30 00:00 in Asia/Shanghai (UTC+8). */
#define WEEK_START G_GINT64_CONSTANT (1727020800)
#define WEEK_END   G_GINT64_CONSTANT (1727625600)
#define HOUR 3600
#define MINUTE 60
/* "Now" for the SLA: 2024-10-02 12:00 local. */
#define NOW (WEEK_END + 2 * 86400 + 12 * HOUR)

typedef struct {
  gint64 when;
  HdStatus from, to;
} Change;

typedef struct {
  char *uuid;
  gint64 created;
  gint64 responded;
  gint64 response_due;
  gint64 resolution_due;
  const char *priority;
  const char *group;
  const char *handler;
  HdChannel channel;
  const char *type_l1;
  const char *type_l2;
  char *description;
  HdSatisfaction satisfaction;
  HdStatus status;
  Change changes[8];
  guint n_changes;
} Spec;

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
  GPtrArray *specs; /* Spec */
} Fixture;

/* The handlers of the generated tickets (a few more are "Boundary" and
 * "Holiday"). */
extern const char * const report_handlers[3];

/* Descriptions of the same problem, newest last in each list; the fixture
 * files them in the week, one cluster a day. */
extern const char * const report_cluster_a[4];
extern const char * const report_cluster_b[3];
extern const char * const report_cluster_c[2];

/* The default calendar's working seconds in [a, b), counted minute by minute. */
gint64         working_between         (gint64                a,
                                        gint64                b);

/* 134 tickets around the week of WEEK_START, in a store in a temporary folder. */
void           report_fixture_set_up   (Fixture              *f,
                                        gconstpointer         data);
void           report_fixture_tear_down (Fixture             *f,
                                        gconstpointer         data);

/* Whether @s was created in [start, end) and passes the query's filters. */
gboolean       spec_matches            (const Spec           *s,
                                        const HdReportQuery  *q,
                                        gint64                start,
                                        gint64                end);

/* Asserts every figure of @r against the fixture's own computation. */
void           check_report            (Fixture              *f,
                                        const HdReportQuery  *q,
                                        const HdReport       *r);

HdReport      *compute_report          (Fixture              *f,
                                        const HdReportQuery  *q);
/* The week WEEK_START–WEEK_END, seen at NOW, no filters. */
HdReportQuery *week_query              (void);

G_END_DECLS
