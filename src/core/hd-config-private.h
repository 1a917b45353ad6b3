/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"

G_BEGIN_DECLS

/* Bounds on what a configuration may hold: it may come from a server. */
#define HD_CONFIG_MAX_FILE_SIZE     (1024 * 1024)
#define HD_CONFIG_MAX_DEPTH         16
#define HD_CONFIG_MAX_ID            64   /* bytes */
#define HD_CONFIG_MAX_LABEL         256  /* bytes */
#define HD_CONFIG_MAX_KEYWORD       64   /* bytes */
#define HD_CONFIG_MAX_TRANSLATIONS  32
#define HD_CONFIG_MAX_TAXONOMIES    16
#define HD_CONFIG_MAX_TYPES         64
#define HD_CONFIG_MAX_SUBTYPES      512
#define HD_CONFIG_MAX_RULES         512
#define HD_CONFIG_MAX_KEYWORDS      64
#define HD_CONFIG_MAX_GROUPS        64
#define HD_CONFIG_MAX_SKILLS        64
#define HD_CONFIG_MAX_SCHEMES       16
#define HD_CONFIG_MAX_PRIORITIES    16
#define HD_CONFIG_MAX_ESCALATIONS   8
#define HD_CONFIG_MAX_DATES         1000
#define HD_CONFIG_MAX_RANGE_DAYS    366

#define HD_N_IMPACTS   3
#define HD_N_URGENCIES 3

/* A level-1 type (parent NULL), a level-2 sub-type, or a group. */
typedef struct {
  char *id;
  char *label;
  char *parent;
  char *group;  /* default handling group, may be NULL */
  GStrv skills; /* groups only */
} HdConfigEntry;

typedef struct {
  char *id;
  char *name;
  GStrv keywords; /* as written */
  GStrv folded;   /* normalised and case-folded, for matching */
  char *type;
  char *subtype;  /* may be NULL */
  char *group;
} HdConfigRule;

typedef struct {
  char *id;
  char *label;
  GPtrArray *types;    /* HdConfigEntry */
  GPtrArray *subtypes; /* HdConfigEntry */
  GPtrArray *rules;    /* HdConfigRule */
} HdConfigTaxonomy;

typedef struct {
  char *id;
  char *label;
  char *description;
  char *color;
  HdDuration response;
  HdDuration resolution;
  GArray *escalations; /* HdEscalationRule */
} HdConfigPriority;

typedef struct {
  char *id;
  char *label;
  GPtrArray *priorities;                         /* HdConfigPriority, by rank */
  guint matrix[HD_N_IMPACTS][HD_N_URGENCIES];     /* index into priorities */
} HdConfigScheme;

/* What the loader fills; HdConfig takes it over. */
typedef struct {
  GPtrArray *taxonomies; /* HdConfigTaxonomy */
  GPtrArray *groups;     /* HdConfigEntry */
  GPtrArray *schemes;    /* HdConfigScheme */
  HdCalendar *calendar;
  guint active_taxonomy;
  guint active_scheme;
} HdConfigData;

void              hd_config_data_clear        (HdConfigData *data);
void              hd_config_entry_free        (HdConfigEntry *entry);
void              hd_config_rule_free         (HdConfigRule *rule);
void              hd_config_taxonomy_free     (HdConfigTaxonomy *taxonomy);
void              hd_config_priority_free     (HdConfigPriority *priority);
void              hd_config_scheme_free       (HdConfigScheme *scheme);

gboolean          hd_config_parse             (const char    *json,
                                               gsize          length,
                                               const char    *source_name,
                                               HdConfigData  *data,
                                               GError       **error);

/* Normalises text for keyword matching (NFKC, case-folded). */
char             *hd_config_fold_text         (const char *text);

HdConfigTaxonomy *hd_config_get_active_taxonomy_data (HdConfig *self);
HdConfigScheme   *hd_config_get_active_scheme_data   (HdConfig *self);
HdConfigPriority *hd_config_find_priority            (HdConfig   *self,
                                                      const char *priority_id);

G_END_DECLS
