/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-config"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hd-config-private.h"
#include "hd-json-locator.h"

/*
 * Reads and validates a configuration document (docs/configuration.md).
 * Every failure names the source, the line and the key path, e.g.
 * "default.json:12: key “priority_schemes[0].priorities[2].response”: …".
 * JsonParser keeps no positions, so HdJsonLocator maps key paths to lines.
 */

typedef struct {
  const char *source;
  HdJsonLocator *locator;
  GError **error;
} Ctx;

static gboolean fail (Ctx *ctx, HdConfigError code, const char *path,
                      const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Ctx          *ctx,
      HdConfigError code,
      const char   *path,
      const char   *format,
      ...)
{
  g_autofree char *detail = NULL;
  guint line = hd_json_locator_get_line (ctx->locator, path);
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (path[0] == '\0')
    /* Translators: file name, line number, then what is wrong */
    g_set_error (ctx->error, HD_CONFIG_ERROR, code, _("%s:%u: %s"), ctx->source, line, detail);
  else
    /* Translators: file name, line number, a key path such as
     * priorities[2].response, then what is wrong with it */
    g_set_error (ctx->error, HD_CONFIG_ERROR, code, _("%s:%u: key “%s”: %s"),
                 ctx->source, line, path, detail);
  return FALSE;
}

static char *
member_path (const char *path, const char *key)
{
  return path[0] != '\0' ? g_strconcat (path, ".", key, NULL) : g_strdup (key);
}

static char *
element_path (const char *path, guint index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

/* Memory ----------------------------------------------------------------------- */

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

/* Typed readers ------------------------------------------------------------------ */

static gboolean
check_members (Ctx               *ctx,
               JsonObject        *object,
               const char        *path,
               const char * const *allowed,
               const char * const *required)
{
  g_autoptr(GList) members = json_object_get_members (object);

  /* Members starting with "_" are comments. */
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (name[0] != '_' && !g_strv_contains (allowed, name))
        {
          g_autofree char *child = member_path (path, name);
          return fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("unknown key"));
        }
    }
  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    if (!json_object_has_member (object, required[i]))
      {
        g_autofree char *child = member_path (path, required[i]);
        return fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("required key is missing"));
      }
  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A bounded, non-empty string; NULL when absent. */
static gboolean
check_string (Ctx *ctx, JsonNode *node, const char *path, gsize max_len, const char **out)
{
  const char *value;

  if (!node_is_string (node))
    return fail (ctx, HD_CONFIG_ERROR_INVALID, path, _("expected a string"));
  value = json_node_get_string (node);
  if (strlen (value) > max_len)
    return fail (ctx, HD_CONFIG_ERROR_TOO_LARGE, path,
                 _("longer than %u bytes"), (guint) max_len);
  if (value[0] == '\0')
    return fail (ctx, HD_CONFIG_ERROR_INVALID, path, _("must not be empty"));
  *out = value;
  return TRUE;
}

static gboolean
read_string (Ctx *ctx, JsonObject *object, const char *path, const char *key,
             gsize max_len, char **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = member_path (path, key);
  const char *value;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!check_string (ctx, node, child, max_len, &value))
    return FALSE;
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
is_id (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
check_id (Ctx *ctx, JsonNode *node, const char *path, const char **out)
{
  if (!check_string (ctx, node, path, HD_CONFIG_MAX_ID, out))
    return FALSE;
  if (!is_id (*out))
    return fail (ctx, HD_CONFIG_ERROR_INVALID, path,
                 _("expected an id made of letters, digits, “-”, “_” and “.”"));
  return TRUE;
}

static gboolean
read_id (Ctx *ctx, JsonObject *object, const char *path, const char *key, char **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = member_path (path, key);
  const char *value;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!check_id (ctx, node, child, &value))
    return FALSE;
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
is_language_code (const char *code)
{
  gsize len = strlen (code);

  if (len < 2 || len > 16)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p) && *p != '_' && *p != '@')
      return FALSE;
  return TRUE;
}

/*
 * A label is a string or {"en": "…", "zh_CN": "…"}: the user's language
 * (g_get_language_names()), else English, else the first translation.
 */
static gboolean
read_label (Ctx *ctx, JsonObject *object, const char *path, const char *key, char **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = member_path (path, key);
  g_autoptr(GList) members = NULL;
  const char * const *languages;
  const char *value;
  JsonObject *translations;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (node_is_string (node))
    {
      if (!check_string (ctx, node, child, HD_CONFIG_MAX_LABEL, &value))
        return FALSE;
      *out = g_strdup (value);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, HD_CONFIG_ERROR_INVALID, child,
                 _("expected a string or an object of translations such as {\"en\": \"…\", \"zh_CN\": \"…\"}"));

  translations = json_node_get_object (node);
  members = json_object_get_members (translations);
  if (members == NULL)
    return fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("expected at least one translation"));
  if (g_list_length (members) > HD_CONFIG_MAX_TRANSLATIONS)
    return fail (ctx, HD_CONFIG_ERROR_TOO_LARGE, child,
                 _("more than %u translations"), HD_CONFIG_MAX_TRANSLATIONS);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *lang_path = member_path (child, l->data);

      if (!is_language_code (l->data))
        return fail (ctx, HD_CONFIG_ERROR_INVALID, lang_path,
                     _("expected a language code such as “en” or “zh_CN”"));
      if (!check_string (ctx, json_object_get_member (translations, l->data),
                         lang_path, HD_CONFIG_MAX_LABEL, &value))
        return FALSE;
    }

  languages = (const char * const *) g_get_language_names ();
  for (guint i = 0; languages[i] != NULL; i++)
    if (json_object_has_member (translations, languages[i]))
      {
        *out = g_strdup (json_object_get_string_member (translations, languages[i]));
        return TRUE;
      }
  if (json_object_has_member (translations, "en"))
    *out = g_strdup (json_object_get_string_member (translations, "en"));
  else
    *out = g_strdup (json_object_get_string_member (translations, members->data));
  return TRUE;
}

static gboolean
read_array (Ctx *ctx, JsonObject *object, const char *path, const char *key,
            guint min_count, guint max_count, JsonArray **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = member_path (path, key);
  guint n;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("expected a list"));
  n = json_array_get_length (json_node_get_array (node));
  if (n > max_count)
    return fail (ctx, HD_CONFIG_ERROR_TOO_LARGE, child,
                 _("more than %u entries"), max_count);
  if (n < min_count)
    return fail (ctx, HD_CONFIG_ERROR_INVALID, child,
                 g_dngettext (GETTEXT_PACKAGE, "expected at least %u entry",
                              "expected at least %u entries", min_count),
                 min_count);
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
element_object (Ctx *ctx, JsonArray *array, guint index, const char *path, JsonObject **out)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, HD_CONFIG_ERROR_INVALID, path, _("expected an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
member_object (Ctx *ctx, JsonObject *object, const char *path, const char *key, JsonObject **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = member_path (path, key);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("expected an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

/* A list of distinct ids, NULL-terminated. */
static gboolean
read_id_list (Ctx *ctx, JsonObject *object, const char *path, const char *key,
              guint max_count, GStrv *out)
{
  g_autofree char *child = member_path (path, key);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  *out = NULL;
  if (!read_array (ctx, object, path, key, 0, max_count, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path (child, i);
      const char *value;

      if (!check_id (ctx, json_array_get_element (array, i), item, &value))
        return FALSE;
      g_ptr_array_add (ids, g_strdup (value));
    }
  g_ptr_array_add (ids, NULL);
  *out = (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
  return TRUE;
}

static gboolean
read_duration (Ctx *ctx, JsonObject *object, const char *path, const char *key, HdDuration *out)
{
  g_autofree char *child = member_path (path, key);
  g_autofree char *text = NULL;

  if (!read_string (ctx, object, path, key, HD_CONFIG_MAX_ID, &text))
    return FALSE;
  if (text != NULL && !hd_duration_parse (text, out))
    return fail (ctx, HD_CONFIG_ERROR_INVALID, child,
                 _("expected a duration such as “4h” or “3 working days”"));
  return TRUE;
}

static gboolean
is_color (const char *value)
{
  if (strlen (value) != 7 || value[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (value[i]))
      return FALSE;
  return TRUE;
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
check_group_ref (Ctx *ctx, HdConfigData *data, const char *path, const char *key, const char *group)
{
  g_autofree char *child = member_path (path, key);

  if (group != NULL && find_entry (data->groups, NULL, group) == NULL)
    return fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("unknown group “%s”"), group);
  return TRUE;
}

/* Sections ----------------------------------------------------------------------- */

static gboolean
parse_groups (Ctx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "id", "label", "skills", NULL };
  static const char * const required[] = { "id", "label", NULL };
  JsonArray *array;

  if (!read_array (ctx, root, "", "groups", 1, HD_CONFIG_MAX_GROUPS, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = element_path ("groups", i);
      g_autofree char *id_path = member_path (path, "id");
      HdConfigEntry *entry;
      JsonObject *object;

      if (!element_object (ctx, array, i, path, &object) ||
          !check_members (ctx, object, path, allowed, required))
        return FALSE;
      entry = g_new0 (HdConfigEntry, 1);
      g_ptr_array_add (data->groups, entry);
      if (!read_id (ctx, object, path, "id", &entry->id) ||
          !read_label (ctx, object, path, "label", &entry->label) ||
          !read_id_list (ctx, object, path, "skills", HD_CONFIG_MAX_SKILLS, &entry->skills))
        return FALSE;
      if (entry->skills == NULL)
        entry->skills = g_new0 (char *, 1);
      if (find_entry (data->groups, NULL, entry->id) != entry)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), entry->id);
    }
  return TRUE;
}

static gboolean
parse_types (Ctx *ctx, JsonObject *object, const char *path, HdConfigData *data,
             HdConfigTaxonomy *taxonomy)
{
  static const char * const allowed[] = { "id", "label", "group", NULL };
  static const char * const required[] = { "id", "label", NULL };
  g_autofree char *list_path = member_path (path, "types");
  JsonArray *array;

  if (!read_array (ctx, object, path, "types", 1, HD_CONFIG_MAX_TYPES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path (list_path, i);
      g_autofree char *id_path = member_path (item, "id");
      HdConfigEntry *entry;
      JsonObject *type;

      if (!element_object (ctx, array, i, item, &type) ||
          !check_members (ctx, type, item, allowed, required))
        return FALSE;
      entry = g_new0 (HdConfigEntry, 1);
      g_ptr_array_add (taxonomy->types, entry);
      if (!read_id (ctx, type, item, "id", &entry->id) ||
          !read_label (ctx, type, item, "label", &entry->label) ||
          !read_id (ctx, type, item, "group", &entry->group) ||
          !check_group_ref (ctx, data, item, "group", entry->group))
        return FALSE;
      if (find_entry (taxonomy->types, NULL, entry->id) != entry)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), entry->id);
    }
  return TRUE;
}

static gboolean
parse_subtypes (Ctx *ctx, JsonObject *object, const char *path, HdConfigData *data,
                HdConfigTaxonomy *taxonomy)
{
  static const char * const allowed[] = { "id", "type", "label", "group", NULL };
  static const char * const required[] = { "id", "type", "label", NULL };
  g_autofree char *list_path = member_path (path, "subtypes");
  JsonArray *array;

  if (!read_array (ctx, object, path, "subtypes", 0, HD_CONFIG_MAX_SUBTYPES, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path (list_path, i);
      g_autofree char *id_path = member_path (item, "id");
      g_autofree char *type_path = member_path (item, "type");
      HdConfigEntry *entry;
      JsonObject *subtype;

      if (!element_object (ctx, array, i, item, &subtype) ||
          !check_members (ctx, subtype, item, allowed, required))
        return FALSE;
      entry = g_new0 (HdConfigEntry, 1);
      g_ptr_array_add (taxonomy->subtypes, entry);
      if (!read_id (ctx, subtype, item, "id", &entry->id) ||
          !read_id (ctx, subtype, item, "type", &entry->parent) ||
          !read_label (ctx, subtype, item, "label", &entry->label) ||
          !read_id (ctx, subtype, item, "group", &entry->group) ||
          !check_group_ref (ctx, data, item, "group", entry->group))
        return FALSE;
      if (find_entry (taxonomy->types, NULL, entry->parent) == NULL)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, type_path,
                     _("unknown level-1 type “%s”"), entry->parent);
      if (find_entry (taxonomy->subtypes, entry->parent, entry->id) != entry)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), entry->id);
    }
  return TRUE;
}

static gboolean
parse_rules (Ctx *ctx, JsonObject *object, const char *path, HdConfigData *data,
             HdConfigTaxonomy *taxonomy)
{
  static const char * const allowed[] = { "id", "name", "keywords", "type", "subtype", "group", NULL };
  static const char * const required[] = { "id", "name", "keywords", "type", "group", NULL };
  g_autofree char *list_path = member_path (path, "rules");
  JsonArray *array;

  if (!read_array (ctx, object, path, "rules", 0, HD_CONFIG_MAX_RULES, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path (list_path, i);
      g_autofree char *id_path = member_path (item, "id");
      g_autofree char *keywords_path = member_path (item, "keywords");
      g_autofree char *type_path = member_path (item, "type");
      g_autofree char *subtype_path = member_path (item, "subtype");
      g_autoptr(GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);
      HdConfigRule *rule;
      JsonObject *object_rule;
      JsonArray *words;

      if (!element_object (ctx, array, i, item, &object_rule) ||
          !check_members (ctx, object_rule, item, allowed, required))
        return FALSE;
      rule = g_new0 (HdConfigRule, 1);
      g_ptr_array_add (taxonomy->rules, rule);
      if (!read_id (ctx, object_rule, item, "id", &rule->id) ||
          !read_label (ctx, object_rule, item, "name", &rule->name) ||
          !read_id (ctx, object_rule, item, "type", &rule->type) ||
          !read_id (ctx, object_rule, item, "subtype", &rule->subtype) ||
          !read_id (ctx, object_rule, item, "group", &rule->group) ||
          !check_group_ref (ctx, data, item, "group", rule->group) ||
          !read_array (ctx, object_rule, item, "keywords", 1, HD_CONFIG_MAX_KEYWORDS, &words))
        return FALSE;

      for (guint j = 0; j < taxonomy->rules->len - 1; j++)
        if (g_str_equal (((HdConfigRule *) g_ptr_array_index (taxonomy->rules, j))->id, rule->id))
          return fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), rule->id);
      if (find_entry (taxonomy->types, NULL, rule->type) == NULL)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, type_path,
                     _("unknown level-1 type “%s”"), rule->type);
      if (rule->subtype != NULL && find_entry (taxonomy->subtypes, rule->type, rule->subtype) == NULL)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, subtype_path,
                     _("unknown sub-type “%s” of “%s”"), rule->subtype, rule->type);

      for (guint j = 0; j < json_array_get_length (words); j++)
        {
          g_autofree char *word_path = element_path (keywords_path, j);
          const char *word;
          char *fold;

          if (!check_string (ctx, json_array_get_element (words, j), word_path,
                             HD_CONFIG_MAX_KEYWORD, &word))
            return FALSE;
          fold = hd_config_fold_text (word);
          g_strstrip (fold);
          if (fold[0] == '\0')
            {
              g_free (fold);
              return fail (ctx, HD_CONFIG_ERROR_INVALID, word_path, _("must not be empty"));
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
parse_taxonomies (Ctx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "id", "label", "types", "subtypes", "rules", NULL };
  static const char * const required[] = { "id", "label", "types", NULL };
  JsonArray *array;

  if (!read_array (ctx, root, "", "taxonomies", 1, HD_CONFIG_MAX_TAXONOMIES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = element_path ("taxonomies", i);
      g_autofree char *id_path = member_path (path, "id");
      HdConfigTaxonomy *taxonomy;
      JsonObject *object;

      if (!element_object (ctx, array, i, path, &object) ||
          !check_members (ctx, object, path, allowed, required))
        return FALSE;
      taxonomy = g_new0 (HdConfigTaxonomy, 1);
      taxonomy->types = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_entry_free);
      taxonomy->subtypes = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_entry_free);
      taxonomy->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_rule_free);
      g_ptr_array_add (data->taxonomies, taxonomy);
      if (!read_id (ctx, object, path, "id", &taxonomy->id) ||
          !read_label (ctx, object, path, "label", &taxonomy->label))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((HdConfigTaxonomy *) g_ptr_array_index (data->taxonomies, j))->id, taxonomy->id))
          return fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), taxonomy->id);
      if (!parse_types (ctx, object, path, data, taxonomy) ||
          !parse_subtypes (ctx, object, path, data, taxonomy) ||
          !parse_rules (ctx, object, path, data, taxonomy))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_escalations (Ctx *ctx, JsonObject *object, const char *path, HdConfigPriority *priority)
{
  static const char * const allowed[] = { "condition", "after", NULL };
  static const char * const required[] = { "condition", "after", NULL };
  g_autofree char *list_path = member_path (path, "escalation");
  JsonArray *array;

  if (!read_array (ctx, object, path, "escalation", 0, HD_CONFIG_MAX_ESCALATIONS, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path (list_path, i);
      g_autofree char *condition_path = member_path (item, "condition");
      g_autofree char *condition = NULL;
      HdEscalationRule rule = { HD_ESCALATION_NONE, { HD_DURATION_CLOCK, 0 } };
      JsonObject *entry;

      if (!element_object (ctx, array, i, item, &entry) ||
          !check_members (ctx, entry, item, allowed, required) ||
          !read_id (ctx, entry, item, "condition", &condition) ||
          !read_duration (ctx, entry, item, "after", &rule.after))
        return FALSE;
      if (g_str_equal (condition, "no_initial_solution"))
        rule.condition = HD_ESCALATION_NO_INITIAL_SOLUTION;
      else if (g_str_equal (condition, "no_progress_update"))
        rule.condition = HD_ESCALATION_NO_PROGRESS_UPDATE;
      else
        return fail (ctx, HD_CONFIG_ERROR_INVALID, condition_path,
                     _("expected “no_initial_solution” or “no_progress_update”"));
      for (guint j = 0; j < priority->escalations->len; j++)
        if (g_array_index (priority->escalations, HdEscalationRule, j).condition == rule.condition)
          return fail (ctx, HD_CONFIG_ERROR_INVALID, condition_path,
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
parse_priorities (Ctx *ctx, JsonObject *object, const char *path, HdConfigScheme *scheme)
{
  static const char * const allowed[] = { "id", "label", "description", "color",
                                          "response", "resolution", "escalation", NULL };
  static const char * const required[] = { "id", "label", "color", "response", "resolution", NULL };
  g_autofree char *list_path = member_path (path, "priorities");
  JsonArray *array;

  if (!read_array (ctx, object, path, "priorities", 1, HD_CONFIG_MAX_PRIORITIES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path (list_path, i);
      g_autofree char *id_path = member_path (item, "id");
      g_autofree char *color_path = member_path (item, "color");
      HdConfigPriority *priority;
      JsonObject *entry;

      if (!element_object (ctx, array, i, item, &entry) ||
          !check_members (ctx, entry, item, allowed, required))
        return FALSE;
      priority = g_new0 (HdConfigPriority, 1);
      priority->escalations = g_array_new (FALSE, FALSE, sizeof (HdEscalationRule));
      g_ptr_array_add (scheme->priorities, priority);
      if (!read_id (ctx, entry, item, "id", &priority->id) ||
          !read_label (ctx, entry, item, "label", &priority->label) ||
          !read_label (ctx, entry, item, "description", &priority->description) ||
          !read_string (ctx, entry, item, "color", HD_CONFIG_MAX_ID, &priority->color) ||
          !read_duration (ctx, entry, item, "response", &priority->response) ||
          !read_duration (ctx, entry, item, "resolution", &priority->resolution) ||
          !parse_escalations (ctx, entry, item, priority))
        return FALSE;
      if (find_priority_index (scheme, priority->id) != (int) i)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), priority->id);
      if (!is_color (priority->color))
        return fail (ctx, HD_CONFIG_ERROR_INVALID, color_path,
                     _("expected a colour such as “#e01b24”"));
    }
  return TRUE;
}

static gboolean
parse_matrix (Ctx *ctx, JsonObject *object, const char *path, HdConfigScheme *scheme)
{
  const char *impacts[HD_N_IMPACTS + 1] = { NULL };
  const char *urgencies[HD_N_URGENCIES + 1] = { NULL };
  g_autofree char *matrix_path = member_path (path, "matrix");
  JsonObject *matrix;

  for (guint i = 0; i < HD_N_IMPACTS; i++)
    impacts[i] = hd_impact_to_id ((HdImpact) i);
  for (guint i = 0; i < HD_N_URGENCIES; i++)
    urgencies[i] = hd_urgency_to_id ((HdUrgency) i);

  if (!member_object (ctx, object, path, "matrix", &matrix) ||
      !check_members (ctx, matrix, matrix_path, impacts, impacts))
    return FALSE;
  for (guint i = 0; i < HD_N_IMPACTS; i++)
    {
      g_autofree char *row_path = member_path (matrix_path, impacts[i]);
      JsonObject *row;

      if (!member_object (ctx, matrix, matrix_path, impacts[i], &row) ||
          !check_members (ctx, row, row_path, urgencies, urgencies))
        return FALSE;
      for (guint j = 0; j < HD_N_URGENCIES; j++)
        {
          g_autofree char *cell_path = member_path (row_path, urgencies[j]);
          const char *id;
          int index;

          if (!check_id (ctx, json_object_get_member (row, urgencies[j]), cell_path, &id))
            return FALSE;
          index = find_priority_index (scheme, id);
          if (index < 0)
            return fail (ctx, HD_CONFIG_ERROR_INVALID, cell_path,
                         _("unknown priority “%s”"), id);
          scheme->matrix[i][j] = (guint) index;
        }
    }
  return TRUE;
}

static gboolean
parse_schemes (Ctx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "id", "label", "priorities", "matrix", NULL };
  static const char * const required[] = { "id", "label", "priorities", "matrix", NULL };
  JsonArray *array;

  if (!read_array (ctx, root, "", "priority_schemes", 1, HD_CONFIG_MAX_SCHEMES, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = element_path ("priority_schemes", i);
      g_autofree char *id_path = member_path (path, "id");
      HdConfigScheme *scheme;
      JsonObject *object;

      if (!element_object (ctx, array, i, path, &object) ||
          !check_members (ctx, object, path, allowed, required))
        return FALSE;
      scheme = g_new0 (HdConfigScheme, 1);
      scheme->priorities = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_priority_free);
      g_ptr_array_add (data->schemes, scheme);
      if (!read_id (ctx, object, path, "id", &scheme->id) ||
          !read_label (ctx, object, path, "label", &scheme->label))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((HdConfigScheme *) g_ptr_array_index (data->schemes, j))->id, scheme->id))
          return fail (ctx, HD_CONFIG_ERROR_INVALID, id_path, _("duplicate id “%s”"), scheme->id);
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
parse_dates (Ctx *ctx, JsonObject *calendar, const char *key, HdCalendar *cal, gboolean holidays)
{
  g_autofree char *list_path = member_path ("calendar", key);
  JsonArray *array;

  if (!read_array (ctx, calendar, "calendar", key, 0, HD_CONFIG_MAX_DATES, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path (list_path, i);
      g_auto(GStrv) parts = NULL;
      const char *text;
      GDate first, last;
      guint n_parts;

      if (!check_string (ctx, json_array_get_element (array, i), item, HD_CONFIG_MAX_ID, &text))
        return FALSE;
      parts = g_strsplit (text, "/", 3);
      n_parts = g_strv_length (parts);
      g_date_clear (&first, 1);
      g_date_clear (&last, 1);
      if (n_parts > 2 ||
          !hd_calendar_parse_date (parts[0], &first) ||
          !hd_calendar_parse_date (parts[n_parts - 1], &last))
        return fail (ctx, HD_CONFIG_ERROR_INVALID, item,
                     _("expected a date such as “2024-10-01” or a range such as “2024-10-01/2024-10-07”"));
      if (g_date_compare (&first, &last) > 0 ||
          g_date_days_between (&first, &last) >= HD_CONFIG_MAX_RANGE_DAYS)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, item,
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
parse_calendar (Ctx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "timezone", "working_days", "working_hours",
                                          "holidays", "extra_working_days", NULL };
  static const char * const required[] = { "timezone", "working_days", "working_hours", NULL };
  g_autofree char *zone = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  JsonObject *calendar;
  JsonArray *array;
  guint mask = 0;

  if (!member_object (ctx, root, "", "calendar", &calendar) ||
      !check_members (ctx, calendar, "calendar", allowed, required) ||
      !read_string (ctx, calendar, "calendar", "timezone", HD_CONFIG_MAX_ID, &zone))
    return FALSE;
  tz = g_time_zone_new_identifier (zone);
  if (tz == NULL)
    return fail (ctx, HD_CONFIG_ERROR_INVALID, "calendar.timezone",
                 _("unknown timezone “%s”; expected a name such as “Asia/Shanghai”"), zone);
  data->calendar = hd_calendar_new (tz);

  if (!read_array (ctx, calendar, "calendar", "working_days", 1, 7, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path ("calendar.working_days", i);
      GDateWeekday day;
      const char *text;

      if (!check_string (ctx, json_array_get_element (array, i), item, HD_CONFIG_MAX_ID, &text))
        return FALSE;
      if (!parse_weekday (text, &day))
        return fail (ctx, HD_CONFIG_ERROR_INVALID, item,
                     _("expected a day such as “mon”, “tue”, … “sun”"));
      if (mask & (1u << day))
        return fail (ctx, HD_CONFIG_ERROR_INVALID, item, _("“%s” is given twice"), text);
      mask |= 1u << day;
    }
  hd_calendar_set_working_weekdays (data->calendar, mask);

  if (!read_array (ctx, calendar, "calendar", "working_hours", 1, HD_CALENDAR_MAX_SPANS, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = element_path ("calendar.working_hours", i);
      g_autoptr(GError) local_error = NULL;
      const char *text;
      guint start, end;

      if (!check_string (ctx, json_array_get_element (array, i), item, HD_CONFIG_MAX_ID, &text))
        return FALSE;
      if (!hd_calendar_parse_span (text, &start, &end))
        return fail (ctx, HD_CONFIG_ERROR_INVALID, item,
                     _("expected working hours such as “09:00-12:00”"));
      if (!hd_calendar_add_working_hours (data->calendar, start, end, &local_error))
        return fail (ctx, HD_CONFIG_ERROR_INVALID, item, "%s", local_error->message);
    }

  return parse_dates (ctx, calendar, "holidays", data->calendar, TRUE) &&
         parse_dates (ctx, calendar, "extra_working_days", data->calendar, FALSE);
}

static gboolean
parse_active (Ctx *ctx, JsonObject *root, HdConfigData *data)
{
  static const char * const allowed[] = { "taxonomy", "priority_scheme", NULL };
  g_autofree char *taxonomy = NULL;
  g_autofree char *scheme = NULL;
  JsonObject *active;

  data->active_taxonomy = 0;
  data->active_scheme = 0;
  if (!member_object (ctx, root, "", "active", &active))
    return FALSE;
  if (active == NULL)
    return TRUE;
  if (!check_members (ctx, active, "active", allowed, NULL) ||
      !read_id (ctx, active, "active", "taxonomy", &taxonomy) ||
      !read_id (ctx, active, "active", "priority_scheme", &scheme))
    return FALSE;

  if (taxonomy != NULL)
    {
      guint i;

      for (i = 0; i < data->taxonomies->len; i++)
        if (g_str_equal (((HdConfigTaxonomy *) g_ptr_array_index (data->taxonomies, i))->id, taxonomy))
          break;
      if (i == data->taxonomies->len)
        return fail (ctx, HD_CONFIG_ERROR_INVALID, "active.taxonomy",
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
        return fail (ctx, HD_CONFIG_ERROR_INVALID, "active.priority_scheme",
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
  Ctx ctx;

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
  ctx = (Ctx) { source, locator, error };
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (&ctx, HD_CONFIG_ERROR_INVALID, "", _("expected an object"));
  duplicate = hd_json_locator_get_duplicate (locator, &line);
  if (duplicate != NULL)
    {
      /* Point at the repeated key, not at the first one. */
      g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_INVALID, _("%s:%u: key “%s”: %s"),
                   source, line, duplicate, _("given twice in the same object"));
      return FALSE;
    }

  object = json_node_get_object (root);
  if (!check_members (&ctx, object, "", allowed, required))
    return FALSE;
  format = json_object_get_member (object, "format");
  if (format != NULL &&
      (!JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_INT64 ||
       json_node_get_int (format) != 1))
    return fail (&ctx, HD_CONFIG_ERROR_INVALID, "format", _("expected 1, the only format version"));

  data->taxonomies = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_taxonomy_free);
  data->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_entry_free);
  data->schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_config_scheme_free);

  return parse_groups (&ctx, object, data) &&
         parse_taxonomies (&ctx, object, data) &&
         parse_schemes (&ctx, object, data) &&
         parse_calendar (&ctx, object, data) &&
         parse_active (&ctx, object, data);
}
