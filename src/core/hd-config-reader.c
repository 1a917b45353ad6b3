/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-config"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-config-reader.h"

gboolean
hd_cfg_fail (HdCfgCtx      *ctx,
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

char *
hd_cfg_member_path (const char *path, const char *key)
{
  return path[0] != '\0' ? g_strconcat (path, ".", key, NULL) : g_strdup (key);
}

char *
hd_cfg_element_path (const char *path, guint index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

/* Memory ----------------------------------------------------------------------- */

/* Typed readers ------------------------------------------------------------------ */

gboolean
hd_cfg_check_members (HdCfgCtx               *ctx,
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
          g_autofree char *child = hd_cfg_member_path (path, name);
          return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("unknown key"));
        }
    }
  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    if (!json_object_has_member (object, required[i]))
      {
        g_autofree char *child = hd_cfg_member_path (path, required[i]);
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("required key is missing"));
      }
  return TRUE;
}

gboolean
hd_cfg_node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A bounded, non-empty string; NULL when absent. */
gboolean
hd_cfg_check_string (HdCfgCtx *ctx, JsonNode *node, const char *path, gsize max_len, const char **out)
{
  const char *value;

  if (!hd_cfg_node_is_string (node))
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, path, _("expected a string"));
  value = json_node_get_string (node);
  if (strlen (value) > max_len)
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_TOO_LARGE, path,
                 _("longer than %u bytes"), (guint) max_len);
  if (value[0] == '\0')
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, path, _("must not be empty"));
  *out = value;
  return TRUE;
}

gboolean
hd_cfg_read_string (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key,
                    gsize max_len, char **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = hd_cfg_member_path (path, key);
  const char *value;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!hd_cfg_check_string (ctx, node, child, max_len, &value))
    return FALSE;
  *out = g_strdup (value);
  return TRUE;
}

gboolean
hd_cfg_is_id (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
hd_cfg_check_id (HdCfgCtx *ctx, JsonNode *node, const char *path, const char **out)
{
  if (!hd_cfg_check_string (ctx, node, path, HD_CONFIG_MAX_ID, out))
    return FALSE;
  if (!hd_cfg_is_id (*out))
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, path,
                 _("expected an id made of letters, digits, “-”, “_” and “.”"));
  return TRUE;
}

gboolean
hd_cfg_read_id (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, char **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = hd_cfg_member_path (path, key);
  const char *value;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!hd_cfg_check_id (ctx, node, child, &value))
    return FALSE;
  *out = g_strdup (value);
  return TRUE;
}

gboolean
hd_cfg_is_language_code (const char *code)
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
gboolean
hd_cfg_read_label (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, char **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = hd_cfg_member_path (path, key);
  g_autoptr(GList) members = NULL;
  const char * const *languages;
  const char *value;
  JsonObject *translations;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (hd_cfg_node_is_string (node))
    {
      if (!hd_cfg_check_string (ctx, node, child, HD_CONFIG_MAX_LABEL, &value))
        return FALSE;
      *out = g_strdup (value);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child,
                 _("expected a string or an object of translations such as {\"en\": \"…\", \"zh_CN\": \"…\"}"));

  translations = json_node_get_object (node);
  members = json_object_get_members (translations);
  if (members == NULL)
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("expected at least one translation"));
  if (g_list_length (members) > HD_CONFIG_MAX_TRANSLATIONS)
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_TOO_LARGE, child,
                 _("more than %u translations"), HD_CONFIG_MAX_TRANSLATIONS);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *lang_path = hd_cfg_member_path (child, l->data);

      if (!hd_cfg_is_language_code (l->data))
        return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, lang_path,
                     _("expected a language code such as “en” or “zh_CN”"));
      if (!hd_cfg_check_string (ctx, json_object_get_member (translations, l->data),
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

gboolean
hd_cfg_read_array (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key,
                   guint min_count, guint max_count, JsonArray **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = hd_cfg_member_path (path, key);
  guint n;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("expected a list"));
  n = json_array_get_length (json_node_get_array (node));
  if (n > max_count)
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_TOO_LARGE, child,
                 _("more than %u entries"), max_count);
  if (n < min_count)
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child,
                 g_dngettext (GETTEXT_PACKAGE, "expected at least %u entry",
                              "expected at least %u entries", min_count),
                 min_count);
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
hd_cfg_element_object (HdCfgCtx *ctx, JsonArray *array, guint index, const char *path, JsonObject **out)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, path, _("expected an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
hd_cfg_member_object (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, JsonObject **out)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *child = hd_cfg_member_path (path, key);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child, _("expected an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

/* A list of distinct ids, NULL-terminated. */
gboolean
hd_cfg_read_id_list (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key,
                     guint max_count, GStrv *out)
{
  g_autofree char *child = hd_cfg_member_path (path, key);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  *out = NULL;
  if (!hd_cfg_read_array (ctx, object, path, key, 0, max_count, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = hd_cfg_element_path (child, i);
      const char *value;

      if (!hd_cfg_check_id (ctx, json_array_get_element (array, i), item, &value))
        return FALSE;
      g_ptr_array_add (ids, g_strdup (value));
    }
  g_ptr_array_add (ids, NULL);
  *out = (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
  return TRUE;
}

gboolean
hd_cfg_read_duration (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, HdDuration *out)
{
  g_autofree char *child = hd_cfg_member_path (path, key);
  g_autofree char *text = NULL;

  if (!hd_cfg_read_string (ctx, object, path, key, HD_CONFIG_MAX_ID, &text))
    return FALSE;
  if (text != NULL && !hd_duration_parse (text, out))
    return hd_cfg_fail (ctx, HD_CONFIG_ERROR_INVALID, child,
                 _("expected a duration such as “4h” or “3 working days”"));
  return TRUE;
}

gboolean
hd_cfg_is_color (const char *value)
{
  if (strlen (value) != 7 || value[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (value[i]))
      return FALSE;
  return TRUE;
}
