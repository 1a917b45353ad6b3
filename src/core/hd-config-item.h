/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HD_TYPE_CONFIG_ITEM (hd_config_item_get_type ())
G_DECLARE_FINAL_TYPE (HdConfigItem, hd_config_item, HD, CONFIG_ITEM, GObject)

/*
 * One entry of a configuration list (a problem type, a sub-type, a group, a
 * priority, a taxonomy or a priority scheme), ready for a GtkDropDown: bind
 * "label" for display and store "id" on the ticket. Immutable.
 *
 * parent-id: the level-1 type of a sub-type. color: a priority's "#rrggbb"
 * hint. rank: a priority's position, 0 the most urgent; else the position in
 * its list.
 */
HdConfigItem *hd_config_item_new           (const char   *id,
                                            const char   *label,
                                            const char   *parent_id,
                                            const char   *color,
                                            guint         rank);
const char   *hd_config_item_get_id        (HdConfigItem *self);
const char   *hd_config_item_get_label     (HdConfigItem *self);
const char   *hd_config_item_get_parent_id (HdConfigItem *self);
const char   *hd_config_item_get_color     (HdConfigItem *self);
guint         hd_config_item_get_rank      (HdConfigItem *self);

G_END_DECLS
