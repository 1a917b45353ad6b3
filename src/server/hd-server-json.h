/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Errors returned to clients. Each code has a fixed HTTP status and a stable
 * "code" string (docs/sync-protocol.md); the LIMIT_* codes also name the limit.
 */
#define HD_API_ERROR (hd_api_error_quark ())

typedef enum {
  HD_API_ERROR_BAD_JSON,
  HD_API_ERROR_INVALID,
  HD_API_ERROR_UNAUTHORIZED,
  HD_API_ERROR_BAD_CREDENTIALS,
  HD_API_ERROR_FORBIDDEN,
  HD_API_ERROR_NOT_FOUND,
  HD_API_ERROR_METHOD,
  HD_API_ERROR_LENGTH_REQUIRED,
  HD_API_ERROR_CONFLICT,
  HD_API_ERROR_HASH_MISMATCH,
  HD_API_ERROR_LIMIT_BODY,
  HD_API_ERROR_LIMIT_BATCH,
  HD_API_ERROR_LIMIT_PAGE,
  HD_API_ERROR_LIMIT_STRING,
  HD_API_ERROR_LIMIT_ATTACHMENT,
  HD_API_ERROR_LIMIT_DEPTH,
  HD_API_ERROR_LIMIT_ARRAY,
  HD_API_ERROR_STORAGE,
  HD_API_ERROR_INTERNAL,
} HdApiErrorCode;

GQuark       hd_api_error_quark        (void);
guint        hd_api_error_status       (const GError *error);
const char  *hd_api_error_code_string  (const GError *error);
/* The limit's name ("max-batch-ops") for LIMIT_* codes, else NULL. */
const char  *hd_api_error_limit_name   (const GError *error);

typedef struct {
  gsize max_body_size;       /* bytes of a JSON request body */
  guint max_batch_ops;
  guint max_page_size;
  guint default_page_size;
  guint max_string_length;   /* characters of one string value */
  gsize max_attachment_size; /* bytes */
  guint max_json_depth;      /* nesting of objects and arrays */
  guint max_array_length;    /* items of a list field (cc_departments, attachments, roster) */
} HdServerLimits;

void         hd_server_limits_init_default (HdServerLimits *limits);
gint64       hd_server_limits_get          (const HdServerLimits *limits,
                                            const GError         *error);

/* Parses a request body: valid UTF-8 without NUL, within the depth limit,
 * an object at the root. */
JsonObject  *hd_json_parse_object      (const char           *data,
                                        gsize                 length,
                                        const HdServerLimits *limits,
                                        GError              **error);

/* Typed member access; @path names the object in error messages
 * ("ops[2].payload"). Absent optional members leave *out untouched and
 * return TRUE. A JSON null counts as absent. */
gboolean     hd_json_get_string        (JsonObject           *object,
                                        const char           *path,
                                        const char           *member,
                                        gboolean              required,
                                        const HdServerLimits *limits,
                                        const char          **out,
                                        GError              **error);
gboolean     hd_json_get_int           (JsonObject           *object,
                                        const char           *path,
                                        const char           *member,
                                        gboolean              required,
                                        gint64                min,
                                        gint64                max,
                                        gint64               *out,
                                        GError              **error);
gboolean     hd_json_get_bool          (JsonObject           *object,
                                        const char           *path,
                                        const char           *member,
                                        gboolean              required,
                                        gboolean             *out,
                                        GError              **error);
gboolean     hd_json_get_object        (JsonObject           *object,
                                        const char           *path,
                                        const char           *member,
                                        gboolean              required,
                                        JsonObject          **out,
                                        GError              **error);
gboolean     hd_json_get_array         (JsonObject           *object,
                                        const char           *path,
                                        const char           *member,
                                        gboolean              required,
                                        JsonArray           **out,
                                        GError              **error);
/* Fails naming the first member not in @allowed (NULL-terminated). */
gboolean     hd_json_check_members     (JsonObject           *object,
                                        const char           *path,
                                        const char * const   *allowed,
                                        GError              **error);
gboolean     hd_json_check_string      (const char           *value,
                                        const char           *path,
                                        const HdServerLimits *limits,
                                        GError              **error);

gboolean     hd_is_uuid                (const char *text);
gboolean     hd_is_sha256_hex          (const char *text);

char        *hd_json_to_string         (JsonNode   *node);
char        *hd_json_object_to_string  (JsonObject *object);
JsonNode    *hd_json_error_node        (const GError         *error,
                                        const HdServerLimits *limits);

G_END_DECLS
