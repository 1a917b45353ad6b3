/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-config"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hd-config-private.h"
#include "hd-config-reader.h"
#include "hd-json-locator.h"

/*
 * Reads and validates a configuration document (docs/configuration.md).
 * Every failure names the source, the line and the key path, e.g.
 * "default.json:12: key “priority_schemes[0].priorities[2].response”: …".
 * JsonParser keeps no positions, so HdJsonLocator maps key paths to lines.
 */

void
hd_config_entry_free (HdConfigEntry *entry)
{
  g_free (entry->id);
  g_free (entry->label);
  g_free (entry->parent);
  g_free (entry->group);
  g_strfreev (entry->skills);
  g_free (entry);
}

void
hd_config_rule_free (HdConfigRule *rule)
{
  g_free (rule->id);
  g_free (rule->name);
  g_strfreev (rule->keywords);
  g_strfreev (rule->folded);
  g_free (rule->type);
  g_free (rule->subtype);
  g_free (rule->group);
  g_free (rule);
}

void
hd_config_taxonomy_free (HdConfigTaxonomy *taxonomy)
{
  g_free (taxonomy->id);
  g_free (taxonomy->label);
  g_ptr_array_unref (taxonomy->types);
  g_ptr_array_unref (taxonomy->subtypes);
  g_ptr_array_unref (taxonomy->rules);
  g_free (taxonomy);
}

void
hd_config_priority_free (HdConfigPriority *priority)
{
  g_free (priority->id);
  g_free (priority->label);
  g_free (priority->description);
  g_free (priority->color);
  g_array_unref (priority->escalations);
  g_free (priority);
}

void
hd_config_scheme_free (HdConfigScheme *scheme)
{
  g_free (scheme->id);
  g_free (scheme->label);
  g_ptr_array_unref (scheme->priorities);
  g_free (scheme);
}

void
hd_config_data_clear (HdConfigData *data)
{
  g_clear_pointer (&data->taxonomies, g_ptr_array_unref);
  g_clear_pointer (&data->groups, g_ptr_array_unref);
  g_clear_pointer (&data->schemes, g_ptr_array_unref);
  g_clear_object (&data->calendar);
}

char *
hd_config_fold_text (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);

  if (normal == NULL)
    return g_strdup ("");
  return g_utf8_casefold (normal, -1);
}

/* Lookups used while validating references. */
static HdConfigEntry *
find_entry (GPtrArray *entries, const char *parent, const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      HdConfigEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->id, id) && g_strcmp0 (entry->parent, parent) == 0)
        return entry;
    }
  return NULL;
}

static gboolean
check_group_ref (HdCfgCtx *ctx, HdConfigData *data, const char *path, const char *key, const char *group)
{
  g_autofree char *child = hd_cfg_member_path (path, key);

  if (group != NULL && find_entry (data->groups, NULL, group) == NULL)
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("unknown group “%s”"), group);
  return TRUE;
}

/* Sections ----------------------------------------------------------------------- */

static gboolean
parse_groups (HdCfgCtx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "id", "label", "skills", NULL };
  static const char * const required[] = { "id", "label", NULL };
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, root, "", "groups", 1, HD_CONFIG_MAX_GROUPS, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = hd_cfg_element_path ("groups", i);
      g_autofree char *id_path = hd_cfg_member_path (path, "id");
      HdConfigEntry *entry;
      JsonObject *object;

      if (!hd_cfg_element_object (ctx, array, i, path, &object) ||
          !hd_cfg_check_members (ctx, object, path, allowed, required))
        return FALSE;
      entry = g_new0 (HdConfigEntry, 1);
      g_ptr_array_add (data->groups, entry);
      if (!hd_cfg_read_id (ctx, object, path, "id", &entry->id) ||
          !hd_cfg_read_label (ctx, object, path, "label", &entry->label) ||
          !hd_cfg_read_id_list (ctx, object, path, "skills", HD_CONFIG_MAX_SKILLS, &entry->skills))
        return FALSE;
      if (entry->skills == NULL)
        entry->skills = g_new0 (char *, 1);
      if (find_entry (data->groups, NULL, entry->id) != entry)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), entry->id);
    }
  return TRUE;
}

static gboolean
parse_types (HdCfgCtx *ctx, JsonObject *object, const char *path, HdConfigData *data,
             HdConfigTaxonomy *taxonomy)
{
  static const char * const allowed[] = { "id", "label", "group", NULL };
  static const char * const required[] = { "id", "label", NULL };
  g_autofree char *list_path = hd_cfg_member_path (path, "types");
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, object, path, "types", 1, HD_CONFIG_MAX_TYPES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path (list_path, i);
      g_autofree char *id_path = hd_cfg_member_path (item, "id");
      HdConfigEntry *entry;
      JsonObject *type;

      if (!hd_cfg_element_object (ctx, array, i, item, &type) ||
          !hd_cfg_check_members (ctx, type, item, allowed, required))
        return FALSE;
      entry = g_new0 (HdConfigEntry, 1);
      g_ptr_array_add (taxonomy->types, entry);
      if (!hd_cfg_read_id (ctx, type, item, "id", &entry->id) ||
          !hd_cfg_read_label (ctx, type, item, "label", &entry->label) ||
          !hd_cfg_read_id (ctx, type, item, "group", &entry->group) ||
          !check_group_ref (ctx, data, item, "group", entry->group))
        return FALSE;
      if (find_entry (taxonomy->types, NULL, entry->id) != entry)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), entry->id);
    }
  return TRUE;
}

static gboolean
parse_subtypes (HdCfgCtx *ctx, JsonObject *object, const char *path, HdConfigData *data,
                HdConfigTaxonomy *taxonomy)
{
  static const char * const allowed[] = { "id", "type", "label", "group", NULL };
  static const char * const required[] = { "id", "type", "label", NULL };
  g_autofree char *list_path = hd_cfg_member_path (path, "subtypes");
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, object, path, "subtypes", 0, HD_CONFIG_MAX_SUBTYPES, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path (list_path, i);
      g_autofree char *id_path = hd_cfg_member_path (item, "id");
      g_autofree char *type_path = hd_cfg_member_path (item, "type");
      HdConfigEntry *entry;
      JsonObject *subtype;

      if (!hd_cfg_element_object (ctx, array, i, item, &subtype) ||
          !hd_cfg_check_members (ctx, subtype, item, allowed, required))
        return FALSE;
      entry = g_new0 (HdConfigEntry, 1);
      g_ptr_array_add (taxonomy->subtypes, entry);
      if (!hd_cfg_read_id (ctx, subtype, item, "id", &entry->id) ||
          !hd_cfg_read_id (ctx, subtype, item, "type", &entry->parent) ||
          !hd_cfg_read_label (ctx, subtype, item, "label", &entry->label) ||
          !hd_cfg_read_id (ctx, subtype, item, "group", &entry->group) ||
          !check_group_ref (ctx, data, item, "group", entry->group))
        return FALSE;
      if (find_entry (taxonomy->types, NULL, entry->parent) == NULL)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, type_path,
                     _("unknown level-1 type “%s”"), entry->parent);
      if (find_entry (taxonomy->subtypes, entry->parent, entry->id) != entry)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), entry->id);
    }
  return TRUE;
}

static gboolean
parse_rules (HdCfgCtx *ctx, JsonObject *object, const char *path, HdConfigData *data,
             HdConfigTaxonomy *taxonomy)
{
  static const char * const allowed[] = { "id", "name", "keywords", "type", "subtype", "group", NULL };
  static const char * const required[] = { "id", "name", "keywords", "type", "group", NULL };
  g_autofree char *list_path = hd_cfg_member_path (path, "rules");
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, object, path, "rules", 0, HD_CONFIG_MAX_RULES, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path (list_path, i);
      g_autofree char *id_path = hd_cfg_member_path (item, "id");
      g_autofree char *keywords_path = hd_cfg_member_path (item, "keywords");
      g_autofree char *type_path = hd_cfg_member_path (item, "type");
      g_autofree char *subtype_path = hd_cfg_member_path (item, "subtype");
      g_autoptr(GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);
      HdConfigRule *rule;
      JsonObject *object_rule;
      JsonArray *words;

      if (!hd_cfg_element_object (ctx, array, i, item, &object_rule) ||
          !hd_cfg_check_members (ctx, object_rule, item, allowed, required))
        return FALSE;
      rule = g_new0 (HdConfigRule, 1);
      g_ptr_array_add (taxonomy->rules, rule);
      if (!hd_cfg_read_id (ctx, object_rule, item, "id", &rule->id) ||
          !hd_cfg_read_label (ctx, object_rule, item, "name", &rule->name) ||
          !hd_cfg_read_id (ctx, object_rule, item, "type", &rule->type) ||
          !hd_cfg_read_id (ctx, object_rule, item, "subtype", &rule->subtype) ||
          !hd_cfg_read_id (ctx, object_rule, item, "group", &rule->group) ||
          !check_group_ref (ctx, data, item, "group", rule->group) ||
          !hd_cfg_read_array (ctx, object_rule, item, "keywords", 1, HD_CONFIG_MAX_KEYWORDS, &words))
        return FALSE;

      for (guint j = 0; j < taxonomy->rules->len - 1; j++)
        if (g_str_equal (((HdConfigRule *) g_ptr_array_index (taxonomy->rules, j))->id, rule->id))
          return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), rule->id);
      if (find_entry (taxonomy->types, NULL, rule->type) == NULL)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, type_path,
                     _("unknown level-1 type “%s”"), rule->type);
      if (rule->subtype != NULL && find_entry (taxonomy->subtypes, rule->type, rule->subtype) == NULL)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, subtype_path,
                     _("unknown sub-type “%s” of “%s”"), rule->subtype, rule->type);

      for (guint j = 0; j < json_array_get_length (words); j++)
        {
          g_autofree char *word_path = hd_cfg_element_path (keywords_path, j);
          const char *word;
          char *fold;

          if (!hd_cfg_check_string (ctx, json_array_get_element (words, j), word_path,
                             HD_CONFIG_MAX_KEYWORD, &word))
            return FALSE;
          fold = hd_config_fold_text (word);
          g_strstrip (fold);
          if (fold[0] == '\0')
            {
              g_free (fold);
              return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, word_path, _("must not be empty"));
            }
          g_ptr_array_add (keywords, g_strdup (word));
          g_ptr_array_add (folded, fold);
        }
      g_ptr_array_add (keywords, NULL);
      g_ptr_array_add (folded, NULL);
      rule->keywords = (GStrv) g_ptr_array_free (g_steal_pointer (&keywords), FALSE);
      rule->folded = (GStrv) g_ptr_array_free (g_steal_pointer (&folded), FALSE);
    }
  return TRUE;
}

static gboolean
parse_taxonomies (HdCfgCtx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "id", "label", "types", "subtypes", "rules", NULL };
  static const char * const required[] = { "id", "label", "types", NULL };
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, root, "", "taxonomies", 1, HD_CONFIG_MAX_TAXONOMIES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = hd_cfg_element_path ("taxonomies", i);
      g_autofree char *id_path = hd_cfg_member_path (path, "id");
      HdConfigTaxonomy *taxonomy;
      JsonObject *object;

      if (!hd_cfg_element_object (ctx, array, i, path, &object) ||
          !hd_cfg_check_members (ctx, object, path, allowed, required))
        return FALSE;
      taxonomy = g_new0 (HdConfigTaxonomy, 1);
      taxonomy->types = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_entry_free);
      taxonomy->subtypes = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_entry_free);
      taxonomy->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_rule_free);
      g_ptr_array_add (data->taxonomies, taxonomy);
      if (!hd_cfg_read_id (ctx, object, path, "id", &taxonomy->id) ||
          !hd_cfg_read_label (ctx, object, path, "label", &taxonomy->label))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((HdConfigTaxonomy *) g_ptr_array_index (data->taxonomies, j))->id, taxonomy->id))
          return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), taxonomy->id);
      if (!parse_types (ctx, object, path, data, taxonomy) ||
          !parse_subtypes (ctx, object, path, data, taxonomy) ||
          !parse_rules (ctx, object, path, data, taxonomy))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_escalations (HdCfgCtx *ctx, JsonObject *object, const char *path, HdConfigPriority *priority)
{
  static const char * const allowed[] = { "condition", "after", NULL };
  static const char * const required[] = { "condition", "after", NULL };
  g_autofree char *list_path = hd_cfg_member_path (path, "escalation");
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, object, path, "escalation", 0, HD_CONFIG_MAX_ESCALATIONS, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path (list_path, i);
      g_autofree char *condition_path = hd_cfg_member_path (item, "condition");
      g_autofree char *condition = NULL;
      HdEscalationRule rule = { HD_ESCALATION_NONE, { HD_DURATION_CLOCK, 0 } };
      JsonObject *entry;

      if (!hd_cfg_element_object (ctx, array, i, item, &entry) ||
          !hd_cfg_check_members (ctx, entry, item, allowed, required) ||
          !hd_cfg_read_id (ctx, entry, item, "condition", &condition) ||
          !hd_cfg_read_duration (ctx, entry, item, "after", &rule.after))
        return FALSE;
      if (g_str_equal (condition, "no_initial_solution"))
        rule.condition = HD_ESCALATION_NO_INITIAL_SOLUTION;
      else if (g_str_equal (condition, "no_progress_update"))
        rule.condition = HD_ESCALATION_NO_PROGRESS_UPDATE;
      else
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, condition_path,
                     _("expected “no_initial_solution” or “no_progress_update”"));
      for (guint j = 0; j < priority->escalations->len; j++)
        if (g_array_index (priority->escalations, HdEscalationRule, j).condition == rule.condition)
          return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, condition_path,
                       _("the condition “%s” is given twice"), condition);
      g_array_append_val (priority->escalations, rule);
    }
  return TRUE;
}

static int
find_priority_index (HdConfigScheme *scheme, const char *id)
{
  for (guint i = 0; i < scheme->priorities->len; i++)
    if (g_str_equal (((HdConfigPriority *) g_ptr_array_index (scheme->priorities, i))->id, id))
      return (int) i;
  return -1;
}

static gboolean
parse_priorities (HdCfgCtx *ctx, JsonObject *object, const char *path, HdConfigScheme *scheme)
{
  static const char * const allowed[] = { "id", "label", "description", "color",
                                          "response", "resolution", "escalation", NULL };
  static const char * const required[] = { "id", "label", "color", "response", "resolution", NULL };
  g_autofree char *list_path = hd_cfg_member_path (path, "priorities");
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, object, path, "priorities", 1, HD_CONFIG_MAX_PRIORITIES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path (list_path, i);
      g_autofree char *id_path = hd_cfg_member_path (item, "id");
      g_autofree char *color_path = hd_cfg_member_path (item, "color");
      HdConfigPriority *priority;
      JsonObject *entry;

      if (!hd_cfg_element_object (ctx, array, i, item, &entry) ||
          !hd_cfg_check_members (ctx, entry, item, allowed, required))
        return FALSE;
      priority = g_new0 (HdConfigPriority, 1);
      priority->escalations = g_array_new (FALSE, FALSE, sizeof (HdEscalationRule));
      g_ptr_array_add (scheme->priorities, priority);
      if (!hd_cfg_read_id (ctx, entry, item, "id", &priority->id) ||
          !hd_cfg_read_label (ctx, entry, item, "label", &priority->label) ||
          !hd_cfg_read_label (ctx, entry, item, "description", &priority->description) ||
          !hd_cfg_read_string (ctx, entry, item, "color", HD_CONFIG_MAX_ID, &priority->color) ||
          !hd_cfg_read_duration (ctx, entry, item, "response", &priority->response) ||
          !hd_cfg_read_duration (ctx, entry, item, "resolution", &priority->resolution) ||
          !parse_escalations (ctx, entry, item, priority))
        return FALSE;
      if (find_priority_index (scheme, priority->id) != (int) i)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), priority->id);
      if (!hd_cfg_is_color (priority->color))
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, color_path,
                     _("expected a colour such as “#e01b24”"));
    }
  return TRUE;
}

static gboolean
parse_matrix (HdCfgCtx *ctx, JsonObject *object, const char *path, HdConfigScheme *scheme)
{
  const char *impacts[HD_N_IMPACTS + 1] = { NULL };
  const char *urgencies[HD_N_URGENCIES + 1] = { NULL };
  g_autofree char *matrix_path = hd_cfg_member_path (path, "matrix");
  JsonObject *matrix;

  for (guint i = 0; i < HD_N_IMPACTS; i++)
    impacts[i] = hd_impact_to_id ((HdImpact) i);
  for (guint i = 0; i < HD_N_URGENCIES; i++)
    urgencies[i] = hd_urgency_to_id ((HdUrgency) i);

  if (!hd_cfg_member_object (ctx, object, path, "matrix", &matrix) ||
      !hd_cfg_check_members (ctx, matrix, matrix_path, impacts, impacts))
    return FALSE;
  for (guint i = 0; i < HD_N_IMPACTS; i++)
    {
      g_autofree char *row_path = hd_cfg_member_path (matrix_path, impacts[i]);
      JsonObject *row;

      if (!hd_cfg_member_object (ctx, matrix, matrix_path, impacts[i], &row) ||
          !hd_cfg_check_members (ctx, row, row_path, urgencies, urgencies))
        return FALSE;
      for (guint j = 0; j < HD_N_URGENCIES; j++)
        {
          g_autofree char *cell_path = hd_cfg_member_path (row_path, urgencies[j]);
          const char *id;
          int index;

          if (!hd_cfg_check_id (ctx, json_object_get_member (row, urgencies[j]), cell_path, &id))
            return FALSE;
          index = find_priority_index (scheme, id);
          if (index < 0)
            return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, cell_path,
                         _("unknown priority “%s”"), id);
          scheme->matrix[i][j] = (guint) index;
        }
    }
  return TRUE;
}

static gboolean
parse_schemes (HdCfgCtx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "id", "label", "priorities", "matrix", NULL };
  static const char * const required[] = { "id", "label", "priorities", "matrix", NULL };
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, root, "", "priority_schemes", 1, HD_CONFIG_MAX_SCHEMES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = hd_cfg_element_path ("priority_schemes", i);
      g_autofree char *id_path = hd_cfg_member_path (path, "id");
      HdConfigScheme *scheme;
      JsonObject *object;

      if (!hd_cfg_element_object (ctx, array, i, path, &object) ||
          !hd_cfg_check_members (ctx, object, path, allowed, required))
        return FALSE;
      scheme = g_new0 (HdConfigScheme, 1);
      scheme->priorities = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_priority_free);
      g_ptr_array_add (data->schemes, scheme);
      if (!hd_cfg_read_id (ctx, object, path, "id", &scheme->id) ||
          !hd_cfg_read_label (ctx, object, path, "label", &scheme->label))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((HdConfigScheme *) g_ptr_array_index (data->schemes, j))->id, scheme->id))
          return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), scheme->id);
      if (!parse_priorities (ctx, object, path, scheme) ||
          !parse_matrix (ctx, object, path, scheme))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_weekday (const char *name, GDateWeekday *out)
{
  static const char * const names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        *out = (GDateWeekday) (G_DATE_MONDAY + i);
        return TRUE;
      }
  return FALSE;
}

/* Dates "YYYY-MM-DD", or ranges "YYYY-MM-DD/YYYY-MM-DD" (both included). */
static gboolean
parse_dates (HdCfgCtx *ctx, JsonObject *calendar, const char *key, HdCalendar *cal, gboolean holidays)
{
  g_autofree char *list_path = hd_cfg_member_path ("calendar", key);
  JsonArray *array;

  if (!hd_cfg_read_array (ctx, calendar, "calendar", key, 0, HD_CONFIG_MAX_DATES, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path (list_path, i);
      g_auto(GStrv) parts = NULL;
      const char *text;
      GDate first, last;
      guint n_parts;

      if (!hd_cfg_check_string (ctx, json_array_get_element (array, i), item, HD_CONFIG_MAX_ID, &text))
        return FALSE;
      parts = g_strsplit (text, "/", 3);
      n_parts = g_strv_length (parts);
      g_date_clear (&first, 1);
      g_date_clear (&last, 1);
      if (n_parts > 2 ||
          !hd_calendar_parse_date (parts[0], &first) ||
          !hd_calendar_parse_date (parts[n_parts - 1], &last))
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, item,
                     _("expected a date such as “2024-10-01” or a range such as “2024-10-01/2024-10-07”"));
      if (g_date_compare (&first, &last) > 0 ||
          g_date_days_between (&first, &last) >= HD_CONFIG_MAX_RANGE_DAYS)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, item,
                     _("a range must go forward and last at most %u days"), HD_CONFIG_MAX_RANGE_DAYS);
      for (; g_date_compare (&first, &last) <= 0; g_date_add_days (&first, 1))
        {
          if (holidays)
            hd_calendar_add_holiday (cal, &first);
          else
            hd_calendar_add_extra_working_day (cal, &first);
        }
    }
  return TRUE;
}

static gboolean
parse_calendar (HdCfgCtx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "timezone", "working_days", "working_hours",
                                          "holidays", "extra_working_days", NULL };
  static const char * const required[] = { "timezone", "working_days", "working_hours", NULL };
  g_autofree char *zone = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  JsonObject *calendar;
  JsonArray *array;
  guint mask = 0;

  if (!hd_cfg_member_object (ctx, root, "", "calendar", &calendar) ||
      !hd_cfg_check_members (ctx, calendar, "calendar", allowed, required) ||
      !hd_cfg_read_string (ctx, calendar, "calendar", "timezone", HD_CONFIG_MAX_ID, &zone))
    return FALSE;
  tz = g_time_zone_new_identifier (zone);
  if (tz == NULL)
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, "calendar.timezone",
                 _("unknown timezone “%s”; expected a name such as “Asia/Shanghai”"), zone);
  data->calendar = hd_calendar_new (tz);

  if (!hd_cfg_read_array (ctx, calendar, "calendar", "working_days", 1, 7, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path ("calendar.working_days", i);
      GDateWeekday day;
      const char *text;

      if (!hd_cfg_check_string (ctx, json_array_get_element (array, i), item, HD_CONFIG_MAX_ID, &text))
        return FALSE;
      if (!parse_weekday (text, &day))
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, item,
                     _("expected a day such as “mon”, “tue”, … “sun”"));
      if (mask & (1u << day))
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, item, _("“%s” is given twice"), text);
      mask |= 1u << day;
    }
  hd_calendar_set_working_weekdays (data->calendar, mask);

  if (!hd_cfg_read_array (ctx, calendar, "calendar", "working_hours", 1, HD_CALENDAR_MAX_SPANS, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path ("calendar.working_hours", i);
      g_autoptr(GError) local_error = NULL;
      const char *text;
      guint start, end;

      if (!hd_cfg_check_string (ctx, json_array_get_element (array, i), item, HD_CONFIG_MAX_ID, &text))
        return FALSE;
      if (!hd_calendar_parse_span (text, &start, &end))
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, item,
                     _("expected working hours such as “09:00-12:00”"));
      if (!hd_calendar_add_working_hours (data->calendar, start, end, &local_error))
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, item, "%s", local_error->message);
    }

  return parse_dates (ctx, calendar, "holidays", data->calendar, TRUE) &&
         parse_dates (ctx, calendar, "extra_working_days", data->calendar, FALSE);
}

static gboolean
parse_active (HdCfgCtx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "taxonomy", "priority_scheme", NULL };
  g_autofree char *taxonomy = NULL;
  g_autofree char *scheme = NULL;
  JsonObject *active;

  data->active_taxonomy = 0;
  data->active_scheme = 0;
  if (!hd_cfg_member_object (ctx, root, "", "active", &active))
    return FALSE;
  if (active == NULL)
    return TRUE;
  if (!hd_cfg_check_members (ctx, active, "active", allowed, NULL) ||
      !hd_cfg_read_id (ctx, active, "active", "taxonomy", &taxonomy) ||
      !hd_cfg_read_id (ctx, active, "active", "priority_scheme", &scheme))
    return FALSE;

  if (taxonomy != NULL)
    {
      guint i;

      for (i = 0; i < data->taxonomies->len; i++)
        if (g_str_equal (((HdConfigTaxonomy *) g_ptr_array_index (data->taxonomies, i))->id, taxonomy))
          break;
      if (i == data->taxonomies->len)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, "active.taxonomy",
                     _("unknown taxonomy “%s”"), taxonomy);
      data->active_taxonomy = i;
    }
  if (scheme != NULL)
    {
      guint i;

      for (i = 0; i < data->schemes->len; i++)
        if (g_str_equal (((HdConfigScheme *) g_ptr_array_index (data->schemes, i))->id, scheme))
          break;
      if (i == data->schemes->len)
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, "active.priority_scheme",
                     _("unknown priority scheme “%s”"), scheme);
      data->active_scheme = i;
    }
  return TRUE;
}

/* Entry point -------------------------------------------------------------------- */

static guint
line_at (const char *text, const char *position)
{
  guint line = 1;

  for (const char *p = text; p < position; p++)
    if (*p == '\n')
      line++;
  return line;
}

/* Rewrites JsonParser's "<data>:4:5: Parse error: …" with our source name. */
static void
set_syntax_error (GError **error, const char *source, const GError *parse_error)
{
  const char *message = parse_error->message;
  const char *detail = strstr (message, "Parse error: ");
  guint line = 0;

  if (g_str_has_prefix (message, "<data>:"))
    line = (guint) g_ascii_strtoull (message + strlen ("<data>:"), NULL, 10);
  detail = detail != NULL ? detail + strlen ("Parse error: ") : message;
  g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_SYNTAX,
               /* Translators: file name, line number, then the JSON parser's message */
               _("%s:%u: not valid JSON: %s"), source, MAX (line, 1), detail);
}

gboolean
hd_config_parse (const char    *json,
                 gsize          length,
                 const char    *source,
                 HdConfigData  *data,
                 GError       **error)
{
  static const char * const allowed[] = { "format", "active", "groups", "taxonomies",
                                          "priority_schemes", "calendar", NULL };
  static const char * const required[] = { "groups", "taxonomies", "priority_schemes",
                                            "calendar", NULL };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(HdJsonLocator) locator = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *invalid = NULL;
  const char *duplicate;
  JsonNode *root, *format;
  JsonObject *object;
  guint line;
  HdCfgCtx ctx;

  if (length > HD_CONFIG_MAX_FILE_SIZE)
    {
      g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_TOO_LARGE,
                   _("%s: larger than %u bytes"), source, HD_CONFIG_MAX_FILE_SIZE);
      return FALSE;
    }
  if (!g_utf8_validate (json, (gssize) length, &invalid))
    {
      g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_SYNTAX,
                   _("%s:%u: not valid UTF-8"), source, line_at (json, invalid));
      return FALSE;
    }
  if (!hd_json_check_depth (json, length, HD_CONFIG_MAX_DEPTH, &line))
    {
      g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_TOO_LARGE,
                   _("%s:%u: nested more than %u levels deep"), source, line, HD_CONFIG_MAX_DEPTH);
      return FALSE;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, (gssize) length, &parse_error))
    {
      set_syntax_error (error, source, parse_error);
      return FALSE;
    }

  locator = hd_json_locator_new (json, length);
  ctx = (HdCfgCtx) { source, locator, error };
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return hd_cfg_fail (&ctx, HD_CONFIG_ERROR_INVALID, "", _("expected an object"));
  duplicate = hd_json_locator_get_duplicate (locator, &line);
  if (duplicate != NULL)
    {
      /* Point at the repeated key, not at the first one. */
      g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_INVALID, _("%s:%u: key “%s”: %s"),
                   source, line, duplicate, _("given twice in the same object"));
      return FALSE;
    }

  object = json_node_get_object (root);
  if (!hd_cfg_check_members (&ctx, object, "", allowed, required))
    return FALSE;
  format = json_object_get_member (object, "format");
  if (format != NULL &&
      (!JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_INT64 ||
       json_node_get_int (format) != 1))
    return hd_cfg_fail (&ctx, HD_CONFIG_ERROR_INVALID, "format", _("expected 1, the only format version"));

  data->taxonomies = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_taxonomy_free);
  data->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_entry_free);
  data->schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_scheme_free);

  return parse_groups (&ctx, object, data) &&
         parse_taxonomies (&ctx, object, data) &&
         parse_schemes (&ctx, object, data) &&
         parse_calendar (&ctx, object, data) &&
         parse_active (&ctx, object, data);
}
