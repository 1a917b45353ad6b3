/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-config"

#include "config.h"

#include "hd-config-item.h"

struct _HdConfigItem
{
  GObject parent_instance;

  char *id;
  char *label;
  char *parent_id;
  char *color;
  guint rank;
};

G_DEFINE_FINAL_TYPE (HdConfigItem, hd_config_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_PARENT_ID,
  PROP_COLOR,
  PROP_RANK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hd_config_item_finalize (GObject *object)
{
  HdConfigItem *self = (HdConfigItem *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->parent_id, g_free);
  g_clear_pointer (&self->color, g_free);

  G_OBJECT_CLASS (hd_config_item_parent_class)->finalize (object);
}

static void
hd_config_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HdConfigItem *self = HD_CONFIG_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_config_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HdConfigItem *self = HD_CONFIG_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;
    case PROP_PARENT_ID:
      self->parent_id = g_value_dup_string (value);
      break;
    case PROP_COLOR:
      self->color = g_value_dup_string (value);
      break;
    case PROP_RANK:
      self->rank = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_config_item_class_init (HdConfigItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hd_config_item_finalize;
  object_class->get_property = hd_config_item_get_property;
  object_class->set_property = hd_config_item_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_PARENT_ID] = g_param_spec_string ("parent-id", NULL, NULL, NULL, flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, flags);
  properties[PROP_RANK] = g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_config_item_init (HdConfigItem *self)
{
}

HdConfigItem *
hd_config_item_new (const char *id,
                    const char *label,
                    const char *parent_id,
                    const char *color,
                    guint       rank)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (HD_TYPE_CONFIG_ITEM,
                       "id", id,
                       "label", label != NULL ? label : id,
                       "parent-id", parent_id,
                       "color", color,
                       "rank", rank,
                       NULL);
}

const char *
hd_config_item_get_id (HdConfigItem *self)
{
  g_return_val_if_fail (HD_IS_CONFIG_ITEM (self), NULL);
  return self->id;
}

const char *
hd_config_item_get_label (HdConfigItem *self)
{
  g_return_val_if_fail (HD_IS_CONFIG_ITEM (self), NULL);
  return self->label;
}

const char *
hd_config_item_get_parent_id (HdConfigItem *self)
{
  g_return_val_if_fail (HD_IS_CONFIG_ITEM (self), NULL);
  return self->parent_id;
}

const char *
hd_config_item_get_color (HdConfigItem *self)
{
  g_return_val_if_fail (HD_IS_CONFIG_ITEM (self), NULL);
  return self->color;
}

guint
hd_config_item_get_rank (HdConfigItem *self)
{
  g_return_val_if_fail (HD_IS_CONFIG_ITEM (self), 0);
  return self->rank;
}
