/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-config-private.h"
#include "hd-json-locator.h"

G_BEGIN_DECLS

/* Typed, bounded readers for the configuration loader. Each failure sets the
 * context's error with the source, the line and the key path. */
typedef struct {
  const char *source;
  HdJsonLocator *locator;
  GError **error;
} HdCfgCtx;

gboolean hd_cfg_fail (HdCfgCtx *ctx, HdConfigError code, const char *path,
                     const char *format, ...) G_GNUC_PRINTF (4, 5);
char *hd_cfg_member_path (const char *path, const char *key);
char *hd_cfg_element_path (const char *path, guint index);
gboolean hd_cfg_check_members (HdCfgCtx *ctx, JsonObject *object, const char *path, const char * const *allowed, const char * const *required);
gboolean hd_cfg_node_is_string (JsonNode *node);
gboolean hd_cfg_check_string (HdCfgCtx *ctx, JsonNode *node, const char *path, gsize max_len, const char **out);
gboolean hd_cfg_read_string (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, gsize max_len, char **out);
gboolean hd_cfg_is_id (const char *value);
gboolean hd_cfg_check_id (HdCfgCtx *ctx, JsonNode *node, const char *path, const char **out);
gboolean hd_cfg_read_id (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, char **out);
gboolean hd_cfg_is_language_code (const char *code);
gboolean hd_cfg_read_label (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, char **out);
gboolean hd_cfg_read_array (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, guint min_count, guint max_count, JsonArray **out);
gboolean hd_cfg_element_object (HdCfgCtx *ctx, JsonArray *array, guint index, const char *path, JsonObject **out);
gboolean hd_cfg_member_object (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, JsonObject **out);
gboolean hd_cfg_read_id_list (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, guint max_count, GStrv *out);
gboolean hd_cfg_read_duration (HdCfgCtx *ctx, JsonObject *object, const char *path, const char *key, HdDuration *out);
gboolean hd_cfg_is_color (const char *value);

G_END_DECLS
