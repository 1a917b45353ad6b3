/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-calendar.h"
#include "hd-config-item.h"
#include "hd-enums.h"

G_BEGIN_DECLS

#define HD_CONFIG_ERROR (hd_config_error_quark ())

typedef enum {
  HD_CONFIG_ERROR_SYNTAX,    /* not JSON */
  HD_CONFIG_ERROR_INVALID,   /* JSON, but a key is missing, unknown or wrong */
  HD_CONFIG_ERROR_TOO_LARGE, /* a size, count or length bound is exceeded */
  HD_CONFIG_ERROR_NOT_FOUND, /* no such taxonomy or priority scheme */
} HdConfigError;

GQuark hd_config_error_quark (void);

/* Escalation conditions (SPEC R4.1 "escalate when"). */
typedef enum {
  HD_ESCALATION_NONE,
  HD_ESCALATION_NO_INITIAL_SOLUTION, /* no initial solution `after` creation */
  HD_ESCALATION_NO_PROGRESS_UPDATE,  /* no progress update for `after` */
} HdEscalationCondition;

typedef struct {
  HdEscalationCondition condition;
  HdDuration after;
} HdEscalationRule;

#define HD_TYPE_CONFIG (hd_config_get_type ())
G_DECLARE_FINAL_TYPE (HdConfig, hd_config, HD, CONFIG, GObject)

/*
 * The help desk's configuration (docs/configuration.md): taxonomies of
 * problem types with keyword rules, handling groups, priority schemes with
 * SLA targets and escalation rules, and the working-time calendar. Loaded
 * once and read-only afterwards, except for the choice of the active
 * taxonomy and priority scheme.
 *
 * Labels are picked for the user's language when the file is loaded.
 * Lookups by id search the active taxonomy or scheme first, then the others,
 * so tickets made under a previous choice still show their labels.
 */
HdConfig    *hd_config_load_file                  (const char  *path,
                                                   GError     **error);
HdConfig    *hd_config_load_data                  (const char  *json,
                                                   gssize       length,
                                                   const char  *source_name,
                                                   GError     **error);
HdConfig    *hd_config_load_default               (GError     **error);

const char  *hd_config_get_source_name            (HdConfig    *self);
HdCalendar  *hd_config_get_calendar               (HdConfig    *self);

/* Active choices (properties "active-taxonomy", "active-priority-scheme"). */
const char  *hd_config_get_active_taxonomy        (HdConfig    *self);
gboolean     hd_config_set_active_taxonomy        (HdConfig    *self,
                                                   const char  *taxonomy_id,
                                                   GError     **error);
const char  *hd_config_get_active_priority_scheme (HdConfig    *self);
gboolean     hd_config_set_active_priority_scheme (HdConfig    *self,
                                                   const char  *scheme_id,
                                                   GError     **error);

/* Lists of HdConfigItem, new on each call (transfer full). */
GListModel  *hd_config_list_taxonomies            (HdConfig    *self);
GListModel  *hd_config_list_priority_schemes      (HdConfig    *self);
GListModel  *hd_config_list_types                 (HdConfig    *self);
GListModel  *hd_config_list_subtypes              (HdConfig    *self,
                                                   const char  *type_id);
GListModel  *hd_config_list_groups                (HdConfig    *self);
GListModel  *hd_config_list_priorities            (HdConfig    *self);

/* Labels by id; NULL when the id is unknown. */
const char  *hd_config_get_type_label             (HdConfig    *self,
                                                   const char  *type_id,
                                                   const char  *subtype_id);
const char  *hd_config_get_group_label            (HdConfig    *self,
                                                   const char  *group_id);
const char  *hd_config_get_priority_label         (HdConfig    *self,
                                                   const char  *priority_id);
const char  *hd_config_get_type_group             (HdConfig    *self,
                                                   const char  *type_id,
                                                   const char  *subtype_id);
const char * const *hd_config_get_group_skills    (HdConfig    *self,
                                                   const char  *group_id);

/* Priorities: rank 0 is the most urgent; -1 for an unknown id. */
const char  *hd_config_get_priority_color         (HdConfig    *self,
                                                   const char  *priority_id);
int          hd_config_get_priority_rank          (HdConfig    *self,
                                                   const char  *priority_id);
gboolean     hd_config_get_priority_targets       (HdConfig    *self,
                                                   const char  *priority_id,
                                                   HdDuration  *response,
                                                   HdDuration  *resolution);
const HdEscalationRule *hd_config_get_escalation_rules (HdConfig   *self,
                                                        const char *priority_id,
                                                        guint      *n_rules);
const char  *hd_config_lookup_priority            (HdConfig    *self,
                                                   HdImpact     impact,
                                                   HdUrgency    urgency);

G_END_DECLS
