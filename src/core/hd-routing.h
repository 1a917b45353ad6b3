/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"

G_BEGIN_DECLS

#define HD_ROUTING_ERROR (hd_routing_error_quark ())

typedef enum {
  HD_ROUTING_ERROR_INVALID,   /* not a roster, a key missing, unknown or wrong */
  HD_ROUTING_ERROR_TOO_LARGE,
} HdRoutingError;

GQuark hd_routing_error_quark (void);

/* Agent availability (SPEC R3.2: 空闲 idle / 繁忙 busy; away takes no work). */
typedef enum {
  HD_AGENT_IDLE,
  HD_AGENT_BUSY,
  HD_AGENT_AWAY,
} HdAgentState;

const char *hd_agent_state_to_id     (HdAgentState state);
gboolean    hd_agent_state_from_id   (const char *id, HdAgentState *out);
const char *hd_agent_state_get_label (HdAgentState state);

/* Roles an urgent ticket is reported to (SPEC R3.1, 紧急预案). */
typedef enum {
  HD_ROSTER_ROLE_AGENT,
  HD_ROSTER_ROLE_TEAM_LEAD,
  HD_ROSTER_ROLE_SUPERVISOR,
  HD_ROSTER_ROLE_TECHNICAL_LEAD,
  HD_ROSTER_ROLE_AFTER_SALES_LEAD,
} HdRosterRole;

#define HD_ROSTER_MAX_AGENTS 500
#define HD_ROSTER_MAX_SHIFTS 64
#define HD_ROSTER_MAX_BYTES  (256 * 1024)

typedef struct {
  char *id;
  char *name;
  char *group;       /* a handling group id of the configuration */
  char **skills;
  HdRosterRole role;
  HdAgentState state;
} HdRosterAgent;

#define HD_TYPE_ROSTER (hd_roster_get_type ())
G_DECLARE_FINAL_TYPE (HdRoster, hd_roster, HD, ROSTER, GObject)

/*
 * Who works here and who is on duty (docs/intake.md, data/presets/roster.json):
 * agents with their group, skills and role, and shifts naming the on-duty
 * team lead (值班组长) by weekday and time, in the roster's timezone.
 */
HdRoster            *hd_roster_load_data         (const char  *json,
                                                  gssize       length,
                                                  GError     **error);
HdRoster            *hd_roster_load_default      (GError     **error);

guint                hd_roster_get_n_agents      (HdRoster    *self);
const HdRosterAgent *hd_roster_get_agent         (HdRoster    *self,
                                                  guint        index);
const HdRosterAgent *hd_roster_find_agent        (HdRoster    *self,
                                                  const char  *id);
gboolean             hd_roster_set_agent_state   (HdRoster    *self,
                                                  const char  *id,
                                                  HdAgentState state);
/* The lead of the shift covering @now (Unix seconds); NULL when none. */
const HdRosterAgent *hd_roster_get_on_duty_lead  (HdRoster    *self,
                                                  gint64       now);

typedef struct {
  const HdRosterAgent *handler;  /* NULL when nobody can take it */
  gboolean urgent;               /* went to the on-duty lead */
  GPtrArray *notify;             /* const HdRosterAgent *: supervisor, leads */
  char *reason;                  /* for the user */
} HdRoutingProposal;

void hd_routing_proposal_clear (HdRoutingProposal *proposal);

/*
 * Proposes a handler (SPEC R3.1/R3.2). The most urgent priority of the
 * active scheme (P0 / 紧急) goes to the on-duty lead and notifies the
 * supervisor and the technical and after-sales leads. Otherwise the agent of
 * @group who is not away, has @skill (when any agent of the group has it),
 * is idle rather than busy, and has the fewest open tickets in @loads
 * (agent id → GUINT_TO_POINTER (count); missing is 0).
 */
gboolean hd_routing_propose (HdRoster          *roster,
                             HdConfig          *config,
                             const char        *priority_id,
                             const char        *group,
                             const char        *skill,
                             GHashTable        *loads,
                             gint64             now,
                             HdRoutingProposal *proposal);

G_END_DECLS
