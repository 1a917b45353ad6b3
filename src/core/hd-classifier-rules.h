/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"

G_BEGIN_DECLS

/* Strings are owned by the HdConfig that matched. */
typedef struct {
  const char *rule_id;
  const char *rule_name; /* localised, for "Matched rule: …" */
  const char *keyword;   /* as written in the configuration */
  const char *type_l1;
  const char *type_l2;   /* NULL when the rule names no sub-type */
  const char *group;
} HdRuleMatch;

gboolean hd_classifier_rules_match (HdConfig    *config,
                                    const char  *text,
                                    HdRuleMatch *match);

G_END_DECLS
