/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-classifier"

#include "config.h"

#include <string.h>

#include "hd-classifier-rules.h"
#include "hd-config-private.h"

/**
 * hd_classifier_rules_match:
 * @config: the configuration; the rules of its active taxonomy apply
 * @text: what the customer described (title, description…)
 * @match: (out caller-allocates) (optional): the rule that matched
 *
 * Finds the first keyword rule, in the order of the configuration file,
 * with a keyword inside @text (SPEC R2.3). Matching is by substring after
 * NFKC normalisation and case folding, so "LOGIN", "login" and full-width
 * "ｌｏｇｉｎ" are alike, and Chinese keywords match inside sentences.
 *
 * Returns: whether a rule matched
 */
gboolean
hd_classifier_rules_match (HdConfig    *config,
                           const char  *text,
                           HdRuleMatch *match)
{
  g_autofree char *folded = NULL;
  HdConfigTaxonomy *taxonomy;

  g_return_val_if_fail (HD_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (match != NULL)
    memset (match, 0, sizeof *match);
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  folded = hd_config_fold_text (text);
  taxonomy = hd_config_get_active_taxonomy_data (config);
  for (guint i = 0; i < taxonomy->rules->len; i++)
    {
      HdConfigRule *rule = g_ptr_array_index (taxonomy->rules, i);

      for (guint j = 0; rule->folded[j] != NULL; j++)
        if (strstr (folded, rule->folded[j]) != NULL)
          {
            if (match != NULL)
              *match = (HdRuleMatch) {
                .rule_id = rule->id,
                .rule_name = rule->name,
                .keyword = rule->keywords[j],
                .type_l1 = rule->type,
                .type_l2 = rule->subtype,
                .group = rule->group,
              };
            return TRUE;
          }
    }
  return FALSE;
}
