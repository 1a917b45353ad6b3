/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-config"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-config-item.h"
#include "hd-config-private.h"

#define DEFAULT_RESOURCE RESOURCE_BASE "/presets/default.json"

struct _HdConfig
{
  GObject parent_instance;

  char *source_name;
  HdConfigData data;
};

G_DEFINE_FINAL_TYPE (HdConfig, hd_config, G_TYPE_OBJECT)

G_DEFINE_QUARK (hd-config-error-quark, hd_config_error)

enum {
  PROP_0,
  PROP_ACTIVE_TAXONOMY,
  PROP_ACTIVE_PRIORITY_SCHEME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hd_config_finalize (GObject *object)
{
  HdConfig *self = (HdConfig *) object;

  g_clear_pointer (&self->source_name, g_free);
  hd_config_data_clear (&self->data);

  G_OBJECT_CLASS (hd_config_parent_class)->finalize (object);
}

static void
hd_config_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HdConfig *self = HD_CONFIG (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_TAXONOMY:
      g_value_set_string (value, hd_config_get_active_taxonomy (self));
      break;
    case PROP_ACTIVE_PRIORITY_SCHEME:
      g_value_set_string (value, hd_config_get_active_priority_scheme (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_config_class_init (HdConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hd_config_finalize;
  object_class->get_property = hd_config_get_property;

  properties[PROP_ACTIVE_TAXONOMY] =
    g_param_spec_string ("active-taxonomy", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE_PRIORITY_SCHEME] =
    g_param_spec_string ("active-priority-scheme", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_config_init (HdConfig *self)
{
}

/* Loading -------------------------------------------------------------------------- */

/**
 * hd_config_load_data:
 * @json: the document
 * @length: its length, or -1 when nul-terminated
 * @source_name: how errors name the document, e.g. its file name
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set to
 *   a message naming @source_name, the line and the key
 */
HdConfig *
hd_config_load_data (const char  *json,
                     gssize       length,
                     const char  *source_name,
                     GError     **error)
{
  g_autoptr(HdConfig) self = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (HD_TYPE_CONFIG, NULL);
  self->source_name = g_strdup (source_name);
  if (!hd_config_parse (json, length < 0 ? strlen (json) : (gsize) length,
                        source_name, &self->data, error))
    return NULL;
  return g_steal_pointer (&self);
}

HdConfig *
hd_config_load_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (g_mapped_file_get_length (file) > HD_CONFIG_MAX_FILE_SIZE)
    {
      g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_TOO_LARGE,
                   _("%s: larger than %u bytes"), path, HD_CONFIG_MAX_FILE_SIZE);
      return NULL;
    }
  /* An empty file maps to NULL contents. */
  return hd_config_load_data (g_mapped_file_get_length (file) > 0 ? g_mapped_file_get_contents (file) : "",
                              (gssize) g_mapped_file_get_length (file), path, error);
}

/**
 * hd_config_load_default:
 *
 * Loads the built-in presets (data/presets/default.json): taxonomies A and
 * B, priority schemes P and Q, with taxonomy A and scheme Q active.
 */
HdConfig *
hd_config_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *json;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (DEFAULT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  json = g_bytes_get_data (bytes, &size);
  return hd_config_load_data (json, (gssize) size, "presets/default.json", error);
}

const char *
hd_config_get_source_name (HdConfig *self)
{
  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);
  return self->source_name;
}

HdCalendar *
hd_config_get_calendar (HdConfig *self)
{
  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);
  return self->data.calendar;
}

/* Active choices ------------------------------------------------------------------- */

HdConfigTaxonomy *
hd_config_get_active_taxonomy_data (HdConfig *self)
{
  return g_ptr_array_index (self->data.taxonomies, self->data.active_taxonomy);
}

HdConfigScheme *
hd_config_get_active_scheme_data (HdConfig *self)
{
  return g_ptr_array_index (self->data.schemes, self->data.active_scheme);
}

const char *
hd_config_get_active_taxonomy (HdConfig *self)
{
  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);
  return hd_config_get_active_taxonomy_data (self)->id;
}

const char *
hd_config_get_active_priority_scheme (HdConfig *self)
{
  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);
  return hd_config_get_active_scheme_data (self)->id;
}

/* The position in @array of the element whose id is @id, or -1. Taxonomies,
 * schemes and priorities all start with their `char *id`, and a pointer to
 * a struct converts to a pointer to its first member (C11 6.7.2.1). */
static int
index_of_id (GPtrArray  *array,
             const char *id)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (*(char **) g_ptr_array_index (array, i), id))
      return (int) i;
  return -1;
}

/* Makes the element of @choices (taxonomies or schemes) whose id is @id the
 * active one, *@active, notifying @prop_id when that changes. */
static gboolean
select_choice (HdConfig   *self,
               GPtrArray  *choices,
               guint      *active,
               guint       prop_id,
               const char *id)
{
  int index = index_of_id (choices, id);

  if (index < 0)
    return FALSE;
  if (*active != (guint) index)
    {
      *active = (guint) index;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
  return TRUE;
}

gboolean
hd_config_set_active_taxonomy (HdConfig    *self,
                               const char  *taxonomy_id,
                               GError     **error)
{
  g_return_val_if_fail (HD_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (taxonomy_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (select_choice (self, self->data.taxonomies, &self->data.active_taxonomy,
                     PROP_ACTIVE_TAXONOMY, taxonomy_id))
    return TRUE;
  g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_NOT_FOUND,
               _("No taxonomy “%s” in %s"), taxonomy_id, self->source_name);
  return FALSE;
}

gboolean
hd_config_set_active_priority_scheme (HdConfig    *self,
                                      const char  *scheme_id,
                                      GError     **error)
{
  g_return_val_if_fail (HD_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (scheme_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (select_choice (self, self->data.schemes, &self->data.active_scheme,
                     PROP_ACTIVE_PRIORITY_SCHEME, scheme_id))
    return TRUE;
  g_set_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_NOT_FOUND,
               _("No priority scheme “%s” in %s"), scheme_id, self->source_name);
  return FALSE;
}

/* Lists ------------------------------------------------------------------------------ */

static void
append_item (GListStore *store, const char *id, const char *label,
             const char *parent, const char *color, guint rank)
{
  g_autoptr(HdConfigItem) item = hd_config_item_new (id, label, parent, color, rank);
  g_list_store_append (store, item);
}

/* Entries (types, groups) as HdConfigItems in their configured order. */
static GListModel *
list_entries (GPtrArray *entries)
{
  GListStore *store = g_list_store_new (HD_TYPE_CONFIG_ITEM);

  for (guint i = 0; i < entries->len; i++)
    {
      HdConfigEntry *entry = g_ptr_array_index (entries, i);
      append_item (store, entry->id, entry->label, NULL, NULL, i);
    }
  return G_LIST_MODEL (store);
}

GListModel *
hd_config_list_taxonomies (HdConfig *self)
{
  GListStore *store;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  store = g_list_store_new (HD_TYPE_CONFIG_ITEM);
  for (guint i = 0; i < self->data.taxonomies->len; i++)
    {
      HdConfigTaxonomy *taxonomy = g_ptr_array_index (self->data.taxonomies, i);
      append_item (store, taxonomy->id, taxonomy->label, NULL, NULL, i);
    }
  return G_LIST_MODEL (store);
}

GListModel *
hd_config_list_priority_schemes (HdConfig *self)
{
  GListStore *store;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  store = g_list_store_new (HD_TYPE_CONFIG_ITEM);
  for (guint i = 0; i < self->data.schemes->len; i++)
    {
      HdConfigScheme *scheme = g_ptr_array_index (self->data.schemes, i);
      append_item (store, scheme->id, scheme->label, NULL, NULL, i);
    }
  return G_LIST_MODEL (store);
}

/* The level-1 types of the active taxonomy. */
GListModel *
hd_config_list_types (HdConfig *self)
{
  HdConfigTaxonomy *taxonomy;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  taxonomy = hd_config_get_active_taxonomy_data (self);
  return list_entries (taxonomy->types);
}

/* The level-2 types under @type_id in the active taxonomy; empty if unknown. */
GListModel *
hd_config_list_subtypes (HdConfig   *self,
                         const char *type_id)
{
  HdConfigTaxonomy *taxonomy;
  GListStore *store;
  guint rank = 0;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);
  g_return_val_if_fail (type_id != NULL, NULL);

  taxonomy = hd_config_get_active_taxonomy_data (self);
  store = g_list_store_new (HD_TYPE_CONFIG_ITEM);
  for (guint i = 0; i < taxonomy->subtypes->len; i++)
    {
      HdConfigEntry *entry = g_ptr_array_index (taxonomy->subtypes, i);

      if (g_str_equal (entry->parent, type_id))
        append_item (store, entry->id, entry->label, entry->parent, NULL, rank++);
    }
  return G_LIST_MODEL (store);
}

GListModel *
hd_config_list_groups (HdConfig *self)
{

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  return list_entries (self->data.groups);
}

/* The priorities of the active scheme, most urgent first. */
GListModel *
hd_config_list_priorities (HdConfig *self)
{
  HdConfigScheme *scheme;
  GListStore *store;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  scheme = hd_config_get_active_scheme_data (self);
  store = g_list_store_new (HD_TYPE_CONFIG_ITEM);
  for (guint i = 0; i < scheme->priorities->len; i++)
    {
      HdConfigPriority *priority = g_ptr_array_index (scheme->priorities, i);
      append_item (store, priority->id, priority->label, NULL, priority->color, i);
    }
  return G_LIST_MODEL (store);
}

/* Lookups ---------------------------------------------------------------------------- */

static HdConfigEntry *
lookup_entry (GPtrArray *entries, const char *parent, const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      HdConfigEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->id, id) && g_strcmp0 (entry->parent, parent) == 0)
        return entry;
    }
  return NULL;
}

/* The type entry, searching the active taxonomy first. */
static HdConfigEntry *
lookup_type (HdConfig *self, const char *type_id, const char *subtype_id)
{
  guint n = self->data.taxonomies->len;

  for (guint k = 0; k < n; k++)
    {
      guint i = (self->data.active_taxonomy + k) % n;
      HdConfigTaxonomy *taxonomy = g_ptr_array_index (self->data.taxonomies, i);
      HdConfigEntry *entry;

      if (subtype_id != NULL)
        entry = lookup_entry (taxonomy->subtypes, type_id, subtype_id);
      else
        entry = lookup_entry (taxonomy->types, NULL, type_id);
      if (entry != NULL)
        return entry;
    }
  return NULL;
}

/**
 * hd_config_get_type_label:
 * @subtype_id: (nullable): a level-2 id under @type_id
 *
 * Returns: (nullable): the label of the sub-type when @subtype_id is given,
 *   else of the level-1 type
 */
const char *
hd_config_get_type_label (HdConfig   *self,
                          const char *type_id,
                          const char *subtype_id)
{
  HdConfigEntry *entry;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  if (type_id == NULL)
    return NULL;
  entry = lookup_type (self, type_id, subtype_id);
  return entry != NULL ? entry->label : NULL;
}

/**
 * hd_config_get_type_group:
 *
 * Returns: (nullable): the default handling group of a sub-type, else of
 *   its level-1 type, if the configuration names one
 */
const char *
hd_config_get_type_group (HdConfig   *self,
                          const char *type_id,
                          const char *subtype_id)
{
  HdConfigEntry *entry;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  if (type_id == NULL)
    return NULL;
  if (subtype_id != NULL)
    {
      entry = lookup_type (self, type_id, subtype_id);
      if (entry != NULL && entry->group != NULL)
        return entry->group;
    }
  entry = lookup_type (self, type_id, NULL);
  return entry != NULL ? entry->group : NULL;
}

const char *
hd_config_get_group_label (HdConfig   *self,
                           const char *group_id)
{
  HdConfigEntry *entry;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  if (group_id == NULL)
    return NULL;
  entry = lookup_entry (self->data.groups, NULL, group_id);
  return entry != NULL ? entry->label : NULL;
}

/**
 * hd_config_get_group_skills:
 *
 * Returns: (nullable) (transfer none): the group's skills (possibly empty),
 *   or %NULL for an unknown group
 */
const char * const *
hd_config_get_group_skills (HdConfig   *self,
                            const char *group_id)
{
  HdConfigEntry *entry;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  if (group_id == NULL)
    return NULL;
  entry = lookup_entry (self->data.groups, NULL, group_id);
  return entry != NULL ? (const char * const *) entry->skills : NULL;
}

/* The priority, searching the active scheme first; @rank, if not NULL, gets
 * its position in its scheme. */
static HdConfigPriority *
find_priority (HdConfig   *self,
               const char *priority_id,
               guint      *rank)
{
  guint n = self->data.schemes->len;

  if (priority_id == NULL)
    return NULL;
  for (guint k = 0; k < n; k++)
    {
      HdConfigScheme *scheme = g_ptr_array_index (self->data.schemes, (self->data.active_scheme + k) % n);
      int i = index_of_id (scheme->priorities, priority_id);

      if (i >= 0)
        {
          if (rank != NULL)
            *rank = (guint) i;
          return g_ptr_array_index (scheme->priorities, i);
        }
    }
  return NULL;
}

HdConfigPriority *
hd_config_find_priority (HdConfig   *self,
                         const char *priority_id)
{
  return find_priority (self, priority_id, NULL);
}

const char *
hd_config_get_priority_label (HdConfig   *self,
                              const char *priority_id)
{
  HdConfigPriority *priority;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  priority = hd_config_find_priority (self, priority_id);
  return priority != NULL ? priority->label : NULL;
}

const char *
hd_config_get_priority_color (HdConfig   *self,
                              const char *priority_id)
{
  HdConfigPriority *priority;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);

  priority = hd_config_find_priority (self, priority_id);
  return priority != NULL ? priority->color : NULL;
}

/* The position in its scheme: 0 is the most urgent; -1 when unknown. */
int
hd_config_get_priority_rank (HdConfig   *self,
                             const char *priority_id)
{
  guint rank;

  g_return_val_if_fail (HD_IS_CONFIG (self), -1);

  return find_priority (self, priority_id, &rank) != NULL ? (int) rank : -1;
}

gboolean
hd_config_get_priority_targets (HdConfig   *self,
                                const char *priority_id,
                                HdDuration *response,
                                HdDuration *resolution)
{
  HdConfigPriority *priority;

  g_return_val_if_fail (HD_IS_CONFIG (self), FALSE);

  priority = hd_config_find_priority (self, priority_id);
  if (priority == NULL)
    return FALSE;
  if (response != NULL)
    *response = priority->response;
  if (resolution != NULL)
    *resolution = priority->resolution;
  return TRUE;
}

/**
 * hd_config_get_escalation_rules:
 * @n_rules: (out): the number of rules
 *
 * Returns: (transfer none) (array length=n_rules) (nullable): the priority's
 *   escalation rules, %NULL when it has none or is unknown
 */
const HdEscalationRule *
hd_config_get_escalation_rules (HdConfig   *self,
                                const char *priority_id,
                                guint      *n_rules)
{
  HdConfigPriority *priority;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);
  g_return_val_if_fail (n_rules != NULL, NULL);

  *n_rules = 0;
  priority = hd_config_find_priority (self, priority_id);
  if (priority == NULL || priority->escalations->len == 0)
    return NULL;
  *n_rules = priority->escalations->len;
  return (const HdEscalationRule *) (gpointer) priority->escalations->data;
}

/* The matrix cell of the active scheme (SPEC R2.2). */
const char *
hd_config_lookup_priority (HdConfig  *self,
                           HdImpact   impact,
                           HdUrgency  urgency)
{
  HdConfigScheme *scheme;
  HdConfigPriority *priority;

  g_return_val_if_fail (HD_IS_CONFIG (self), NULL);
  g_return_val_if_fail ((guint) impact < HD_N_IMPACTS, NULL);
  g_return_val_if_fail ((guint) urgency < HD_N_URGENCIES, NULL);

  scheme = hd_config_get_active_scheme_data (self);
  priority = g_ptr_array_index (scheme->priorities, scheme->matrix[impact][urgency]);
  return priority->id;
}
