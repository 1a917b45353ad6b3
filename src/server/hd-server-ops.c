/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-attachment.h"
#include "hd-enums.h"
#include "hd-server-ops.h"

typedef enum {
  F_STRING,       /* string or null */
  F_ENUM,         /* a stable enum id */
  F_TIME,         /* Unix seconds, 0 = unset */
  F_BOOL,
  F_STRV,         /* array of strings */
  F_ATTACHMENTS,
  F_IGNORED,      /* the client's own bookkeeping: accepted, not used */
} FieldKind;

typedef struct {
  const char *name;
  FieldKind kind;
  gboolean (*enum_from_id) (const char *id, int *out);
} FieldSpec;

#define ENUM_CHECK(prefix, Type) \
  static gboolean check_##prefix (const char *id, int *out) \
  { Type v; gboolean ok = prefix##_from_id (id, &v); *out = (int) v; return ok; }

ENUM_CHECK (hd_channel, HdChannel)
ENUM_CHECK (hd_emotion, HdEmotion)
ENUM_CHECK (hd_impact, HdImpact)
ENUM_CHECK (hd_urgency, HdUrgency)
ENUM_CHECK (hd_satisfaction, HdSatisfaction)
ENUM_CHECK (hd_status, HdStatus)
ENUM_CHECK (hd_event_kind, HdEventKind)

/* Mirrors the store's field table (src/core/hd-store-tickets.c). */
static const FieldSpec ticket_fields[] = {
  { "uuid", F_IGNORED },
  { "number", F_IGNORED },
  { "number_provisional", F_IGNORED },
  { "customer_label", F_STRING },
  { "customer_name", F_STRING },
  { "customer_number", F_STRING },
  { "customer_type", F_STRING },
  { "contact", F_STRING },
  { "channel", F_ENUM, check_hd_channel },
  { "emotion", F_ENUM, check_hd_emotion },
  { "occurred_at", F_TIME },
  { "description", F_STRING },
  { "type_l1", F_STRING },
  { "type_l2", F_STRING },
  { "impact", F_ENUM, check_hd_impact },
  { "urgency", F_ENUM, check_hd_urgency },
  { "priority", F_STRING },
  { "receiver", F_STRING },
  { "group", F_STRING },
  { "handler", F_STRING },
  { "transfer_department", F_STRING },
  { "transfer_contact", F_STRING },
  { "transfer_note", F_STRING },
  { "cc_departments", F_STRV },
  { "created_at", F_IGNORED },   /* read separately on create */
  { "updated_at", F_IGNORED },
  { "first_response_at", F_TIME },
  { "response_due", F_TIME },
  { "resolution_due", F_TIME },
  { "result", F_STRING },
  { "satisfaction", F_ENUM, check_hd_satisfaction },
  { "status", F_ENUM, check_hd_status },
  { "escalated", F_BOOL },
  { "sync_state", F_IGNORED },
  { "server_revision", F_IGNORED },
  { "attachments", F_ATTACHMENTS },
};

/* Times: up to year 9999. */
#define MAX_TIME G_GINT64_CONSTANT (253402300799)

static const FieldSpec *
find_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (ticket_fields); i++)
    if (strcmp (ticket_fields[i].name, name) == 0)
      return &ticket_fields[i];
  return NULL;
}

gboolean
hd_op_is_ticket_field (const char *name)
{
  const FieldSpec *spec = find_field (name);
  return spec != NULL && spec->kind != F_IGNORED;
}

void
hd_op_free (HdOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_uuid);
  g_free (op->kind_id);
  g_free (op->entity_uuid);
  g_free (op->digest);
  g_clear_pointer (&op->payload, json_object_unref);
  g_clear_pointer (&op->fields, json_object_unref);
  g_clear_pointer (&op->events, g_ptr_array_unref);
  g_free (op);
}

/* Envelope ------------------------------------------------------------------- */

GPtrArray *
hd_ops_decode_batch (JsonObject           *body,
                     const HdServerLimits *limits,
                     GError              **error)
{
  static const char * const allowed[] = { "ops", NULL };
  static const char * const op_allowed[] = {
    "op_uuid", "kind", "entity_uuid", "payload", "created_at", NULL
  };
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_op_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = NULL;
  guint n;

  if (!hd_json_check_members (body, "body", allowed, error) ||
      !hd_json_get_array (body, "body", "ops", TRUE, &array, error))
    return NULL;

  n = json_array_get_length (array);
  if (n > limits->max_batch_ops)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_LIMIT_BATCH,
                   "body.ops has %u operations; the limit is %u", n, limits->max_batch_ops);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("ops[%u]", i);
      g_autoptr(HdOp) op = g_new0 (HdOp, 1);
      g_autoptr(JsonNode) payload_node = NULL;
      g_autofree char *payload_text = NULL;
      g_autofree char *digest_input = NULL;
      const char *op_uuid = NULL, *kind = NULL, *entity = NULL;
      JsonObject *object, *payload = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID, "%s must be an object", path);
          return NULL;
        }
      object = json_node_get_object (node);
      if (!hd_json_check_members (object, path, op_allowed, error) ||
          !hd_json_get_string (object, path, "op_uuid", TRUE, limits, &op_uuid, error) ||
          !hd_json_get_string (object, path, "kind", TRUE, limits, &kind, error) ||
          !hd_json_get_int (object, path, "created_at", FALSE, 0, MAX_TIME, &op->created_at, error))
        return NULL;
      if (!hd_is_uuid (op_uuid))
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "%s.op_uuid must be a UUID (8-4-4-4-12 hex digits)", path);
          return NULL;
        }
      if (g_hash_table_contains (seen, op_uuid))
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "%s.op_uuid repeats an earlier operation of the same batch", path);
          return NULL;
        }
      g_hash_table_add (seen, (gpointer) op_uuid);

      /* The rest is the payload's business: looked at per operation. */
      entity = json_object_get_member (object, "entity_uuid") != NULL &&
               JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "entity_uuid")) &&
               json_node_get_value_type (json_object_get_member (object, "entity_uuid")) == G_TYPE_STRING
             ? json_object_get_string_member (object, "entity_uuid") : NULL;
      if (json_object_get_member (object, "payload") != NULL &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "payload")))
        payload = json_object_get_object_member (object, "payload");

      op->op_uuid = g_ascii_strdown (op_uuid, -1);
      op->kind_id = g_strdup (kind);
      op->entity_uuid = entity != NULL ? g_ascii_strdown (entity, -1) : NULL;
      op->payload = payload != NULL ? json_object_ref (payload) : NULL;

      payload_node = json_object_get_member (object, "payload") != NULL
                   ? json_node_copy (json_object_get_member (object, "payload"))
                   : json_node_init_null (json_node_alloc ());
      payload_text = hd_json_to_string (payload_node);
      digest_input = g_strdup_printf ("%s\n%s\n%s", kind, entity != NULL ? entity : "", payload_text);
      op->digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, digest_input, -1);

      g_ptr_array_add (ops, g_steal_pointer (&op));
    }

  return g_steal_pointer (&ops);
}

/* Payloads ------------------------------------------------------------------- */

static gboolean
check_string_array (JsonArray            *array,
                    const char           *path,
                    const HdServerLimits *limits,
                    GError              **error)
{
  guint n = json_array_get_length (array);

  if (n > limits->max_array_length)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_LIMIT_ARRAY,
                   "%s has %u items; the limit is %u", path, n, limits->max_array_length);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID, "%s must be a string", item_path);
          return FALSE;
        }
      if (!hd_json_check_string (json_node_get_string (item), item_path, limits, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_attachments (JsonArray            *array,
                   const char           *path,
                   const HdServerLimits *limits,
                   GError              **error)
{
  static const char * const allowed[] = { "kind", "name", "mime_type", "size", "sha256", "text", NULL };
  guint n = json_array_get_length (array);

  if (n > limits->max_array_length)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_LIMIT_ARRAY,
                   "%s has %u items; the limit is %u", path, n, limits->max_array_length);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      const char *kind = NULL, *name = NULL, *mime = NULL, *sha = NULL, *text = NULL;
      gint64 size = 0;
      HdAttachmentKind k;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID, "%s must be an object", item_path);
          return FALSE;
        }
      object = json_node_get_object (item);
      if (!hd_json_check_members (object, item_path, allowed, error) ||
          !hd_json_get_string (object, item_path, "kind", TRUE, limits, &kind, error) ||
          !hd_json_get_string (object, item_path, "name", FALSE, limits, &name, error) ||
          !hd_json_get_string (object, item_path, "mime_type", FALSE, limits, &mime, error) ||
          !hd_json_get_string (object, item_path, "sha256", FALSE, limits, &sha, error) ||
          !hd_json_get_string (object, item_path, "text", FALSE, limits, &text, error) ||
          !hd_json_get_int (object, item_path, "size", FALSE, 0, limits->max_attachment_size,
                            &size, error))
        return FALSE;
      if (!hd_attachment_kind_from_id (kind, &k))
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "%s.kind “%s” is not an attachment kind", item_path, kind);
          return FALSE;
        }
      if (k == HD_ATTACHMENT_FILE && !hd_is_sha256_hex (sha))
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "%s.sha256 must be 64 lowercase hex digits for a file", item_path);
          return FALSE;
        }
    }
  return TRUE;
}

/* Checks one ticket member against its spec. */
static gboolean
check_field (JsonObject           *object,
             const char           *path,
             const char           *name,
             const HdServerLimits *limits,
             GError              **error)
{
  const FieldSpec *spec = find_field (name);
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *member_path = g_strconcat (path, ".", name, NULL);
  gint64 time_value;
  gboolean bool_value;
  JsonArray *array;
  int enum_value;

  if (spec == NULL)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID, "Unknown ticket field %s", member_path);
      return FALSE;
    }

  switch (spec->kind)
    {
    case F_IGNORED:
      return TRUE;
    case F_STRING:
      {
        const char *value = NULL;
        return hd_json_get_string (object, path, name, FALSE, limits, &value, error);
      }
    case F_ENUM:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          spec->enum_from_id (json_node_get_string (node), &enum_value))
        return TRUE;
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "%s must be one of the ids of %s", member_path, name);
      return FALSE;
    case F_TIME:
      if (JSON_NODE_HOLDS_NULL (node))
        break;
      return hd_json_get_int (object, path, name, TRUE, 0, MAX_TIME, &time_value, error);
    case F_BOOL:
      return hd_json_get_bool (object, path, name, TRUE, &bool_value, error);
    case F_STRV:
      if (JSON_NODE_HOLDS_NULL (node))
        break;
      return hd_json_get_array (object, path, name, TRUE, &array, error) &&
             check_string_array (array, member_path, limits, error);
    case F_ATTACHMENTS:
      if (JSON_NODE_HOLDS_NULL (node))
        break;
      return hd_json_get_array (object, path, name, TRUE, &array, error) &&
             check_attachments (array, member_path, limits, error);
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* Copies the meaningful fields of @source (ignored ones dropped). */
static JsonObject *
decode_fields (JsonObject           *source,
               const char           *path,
               const HdServerLimits *limits,
               GError              **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, source);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!check_field (source, path, name, limits, error))
        return NULL;
      if (hd_op_is_ticket_field (name))
        json_object_set_member (fields, name, json_node_copy (node));
    }
  return g_steal_pointer (&fields);
}

static JsonObject *
decode_event (JsonNode             *node,
              const char           *path,
              const char           *ticket_uuid,
              const HdServerLimits *limits,
              GError              **error)
{
  static const char * const allowed[] = {
    "uuid", "ticket_uuid", "kind", "author", "created_at", "text", "data", NULL
  };
  const char *uuid = NULL, *event_ticket = NULL, *kind = NULL, *author = NULL, *text = NULL;
  gint64 created_at = 0;
  JsonObject *object;
  JsonNode *data;
  int kind_value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID, "%s must be an object", path);
      return NULL;
    }
  object = json_node_get_object (node);
  if (!hd_json_check_members (object, path, allowed, error) ||
      !hd_json_get_string (object, path, "uuid", TRUE, limits, &uuid, error) ||
      !hd_json_get_string (object, path, "ticket_uuid", TRUE, limits, &event_ticket, error) ||
      !hd_json_get_string (object, path, "kind", TRUE, limits, &kind, error) ||
      !hd_json_get_string (object, path, "author", FALSE, limits, &author, error) ||
      !hd_json_get_int (object, path, "created_at", TRUE, 1, MAX_TIME, &created_at, error) ||
      !hd_json_get_string (object, path, "text", FALSE, limits, &text, error))
    return NULL;
  if (!hd_is_uuid (uuid) || !hd_is_uuid (event_ticket))
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "%s.uuid and %s.ticket_uuid must be UUIDs", path, path);
      return NULL;
    }
  if (ticket_uuid != NULL && g_ascii_strcasecmp (event_ticket, ticket_uuid) != 0)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "%s.ticket_uuid is not the operation's ticket", path);
      return NULL;
    }
  if (!check_hd_event_kind (kind, &kind_value))
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "%s.kind “%s” is not an event kind", path, kind);
      return NULL;
    }
  data = json_object_get_member (object, "data");
  if (data != NULL && !JSON_NODE_HOLDS_NULL (data))
    {
      g_autofree char *data_path = g_strconcat (path, ".data", NULL);

      if (JSON_NODE_HOLDS_VALUE (data) && json_node_get_value_type (data) == G_TYPE_STRING)
        {
          if (!hd_json_check_string (json_node_get_string (data), data_path, limits, error))
            return NULL;
        }
      else if (!JSON_NODE_HOLDS_OBJECT (data))
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "%s must be an object, a string or null", data_path);
          return NULL;
        }
      else
        {
          /* Free-form details: bound their total size by the string limit. */
          g_autofree char *text_form = hd_json_to_string (data);
          if (!hd_json_check_string (text_form, data_path, limits, error))
            return NULL;
        }
    }
  return json_object_ref (object);
}

static gboolean
decode_events (HdOp                 *op,
               JsonObject           *payload,
               const HdServerLimits *limits,
               GError              **error)
{
  JsonArray *events = NULL;
  guint n;

  op->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  if (!hd_json_get_array (payload, "payload", "events", FALSE, &events, error))
    return FALSE;
  if (events == NULL)
    return TRUE;
  n = json_array_get_length (events);
  if (n > limits->max_array_length)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_LIMIT_ARRAY,
                   "payload.events has %u items; the limit is %u", n, limits->max_array_length);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("payload.events[%u]", i);
      JsonObject *event = decode_event (json_array_get_element (events, i), path,
                                        op->entity_uuid, limits, error);
      if (event == NULL)
        return FALSE;
      g_ptr_array_add (op->events, event);
    }
  return TRUE;
}

gboolean
hd_op_decode_payload (HdOp                 *op,
                      const HdServerLimits *limits,
                      GError              **error)
{
  static const char * const create_allowed[] = { "ticket", "events", NULL };
  static const char * const update_allowed[] = { "uuid", "base_revision", "changes", "events", NULL };
  JsonObject *payload = op->payload;

  if (g_strcmp0 (op->kind_id, "ticket.create") == 0)
    op->kind = HD_OP_TICKET_CREATE;
  else if (g_strcmp0 (op->kind_id, "ticket.update") == 0)
    op->kind = HD_OP_TICKET_UPDATE;
  else if (g_strcmp0 (op->kind_id, "event.add") == 0)
    op->kind = HD_OP_EVENT_ADD;
  else
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "kind must be ticket.create, ticket.update or event.add");
      return FALSE;
    }

  if (!hd_is_uuid (op->entity_uuid))
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "entity_uuid must be a UUID (8-4-4-4-12 hex digits)");
      return FALSE;
    }
  if (payload == NULL)
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "payload must be a JSON object");
      return FALSE;
    }

  switch (op->kind)
    {
    case HD_OP_TICKET_CREATE:
      {
        JsonObject *ticket = NULL;
        const char *uuid = NULL;

        if (!hd_json_check_members (payload, "payload", create_allowed, error) ||
            !hd_json_get_object (payload, "payload", "ticket", TRUE, &ticket, error) ||
            !hd_json_get_string (ticket, "payload.ticket", "uuid", FALSE, limits, &uuid, error) ||
            !hd_json_get_int (ticket, "payload.ticket", "created_at", TRUE, 1, MAX_TIME,
                              &op->created_at, error))
          return FALSE;
        if (uuid != NULL && g_ascii_strcasecmp (uuid, op->entity_uuid) != 0)
          {
            g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                                 "payload.ticket.uuid differs from entity_uuid");
            return FALSE;
          }
        op->fields = decode_fields (ticket, "payload.ticket", limits, error);
        return op->fields != NULL && decode_events (op, payload, limits, error);
      }

    case HD_OP_TICKET_UPDATE:
      {
        JsonObject *changes = NULL;
        const char *uuid = NULL;

        if (!hd_json_check_members (payload, "payload", update_allowed, error) ||
            !hd_json_get_string (payload, "payload", "uuid", FALSE, limits, &uuid, error) ||
            !hd_json_get_int (payload, "payload", "base_revision", TRUE, 0, G_MAXINT64,
                              &op->base_revision, error) ||
            !hd_json_get_object (payload, "payload", "changes", TRUE, &changes, error))
          return FALSE;
        if (uuid != NULL && g_ascii_strcasecmp (uuid, op->entity_uuid) != 0)
          {
            g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                                 "payload.uuid differs from entity_uuid");
            return FALSE;
          }
        op->fields = decode_fields (changes, "payload.changes", limits, error);
        return op->fields != NULL && decode_events (op, payload, limits, error);
      }

    case HD_OP_EVENT_ADD:
      {
        g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), payload);
        JsonObject *event = decode_event (node, "payload", NULL, limits, error);
        const char *uuid;

        if (event == NULL)
          return FALSE;
        op->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
        g_ptr_array_add (op->events, event);
        uuid = json_object_get_string_member (event, "uuid");
        if (g_ascii_strcasecmp (uuid, op->entity_uuid) != 0)
          {
            g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                                 "payload.uuid differs from entity_uuid");
            return FALSE;
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}
