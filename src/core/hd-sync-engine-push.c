/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-store-sync.h"
#include "hd-sync-engine-private.h"

/* Pushing the outbox in batches (POST /api/v1/batch), and the checks of the
 * reply members shared with the pull. */

#define MAX_NUMBER_LENGTH 64

/* Push ------------------------------------------------------------------------ */

typedef struct {
  HdSyncEngine *self;
  GPtrArray *ops;
  char *body;            /* until sent */
} PushData;

static void
push_data_free (PushData *data)
{
  g_ptr_array_unref (data->ops);
  g_free (data->body);
  g_free (data);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
hd_sync_member_int (JsonObject *object,
                    const char *name,
                    gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
valid_number (const char *number)
{
  return number != NULL && g_str_has_prefix (number, "CS") && strlen (number) <= MAX_NUMBER_LENGTH &&
         g_utf8_validate (number, -1, NULL);
}

GError *
hd_sync_protocol_error (const char *what)
{
  return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_PROTOCOL,
                      _("The server’s reply does not follow the sync protocol (%s)"), what);
}

/* Checks the batch reply against what was sent, then records it. */
static GError *
handle_batch_reply (HdSyncEngine *self,
                    GPtrArray    *ops,
                    JsonNode     *reply)
{
  JsonObject *root = json_node_get_object (reply);
  JsonNode *results_node = json_object_get_member (root, "results");
  JsonNode *numbers_node = json_object_get_member (root, "numbers");
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  JsonArray *results;

  if (results_node == NULL || !JSON_NODE_HOLDS_ARRAY (results_node))
    return hd_sync_protocol_error ("results");
  results = json_node_get_array (results_node);
  if (json_array_get_length (results) != ops->len)
    return hd_sync_protocol_error ("results");

  for (guint i = 0; i < ops->len; i++)
    {
      HdOutboxOp *op = g_ptr_array_index (ops, i);
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result;
      const char *status, *number;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return hd_sync_protocol_error ("results[]");
      result = json_node_get_object (node);
      status = member_string (result, "status");
      if (g_ascii_strcasecmp (member_string (result, "op_uuid") ?: "", op->op_uuid) != 0 || status == NULL)
        return hd_sync_protocol_error ("results[].op_uuid");

      if (g_str_equal (status, "applied"))
        {
          number = member_string (result, "number");
          if (number != NULL && g_str_equal (op->kind, "ticket.create"))
            {
              if (!valid_number (number))
                return hd_sync_protocol_error ("results[].number");
              g_hash_table_insert (numbers, op->entity_uuid, (gpointer) number);
            }
        }
      else if (g_str_equal (status, "rejected"))
        {
          JsonNode *err = json_object_get_member (result, "error");
          const char *message = err != NULL && JSON_NODE_HOLDS_OBJECT (err)
                              ? member_string (json_node_get_object (err), "message") : NULL;

          g_ptr_array_add (rejected, op);
          g_ptr_array_add (messages, message != NULL
                                     ? g_utf8_make_valid (message, MIN (strlen (message), 500))
                                     : g_strdup (_("The server refused this change")));
        }
      else
        return hd_sync_protocol_error ("results[].status");

      g_array_append_val (done, op->id);
    }

  /* "numbers" repeats results[].number; only the ones for our creates count. */
  if (numbers_node != NULL && !JSON_NODE_HOLDS_OBJECT (numbers_node))
    return hd_sync_protocol_error ("numbers");

  if (!hd_store_sync_acknowledge (self->store, (const gint64 *) (gpointer) done->data, done->len,
                                  numbers, rejected, messages, &error))
    return hd_sync_store_error (g_steal_pointer (&error));
  return NULL;
}

static void
on_push_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PushData *data = user_data;
  HdSyncEngine *self = data->self;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint http_status = 0;
  GError *failure;

  reply = hd_sync_engine_request_finish (self, result, &http_status, &error);
  if (reply == NULL)
    {
      /* A refused envelope: halve the batch to find the operation the server
       * cannot take; alone, it is recorded as refused and dropped. */
      if (g_error_matches (error, HD_SYNC_ERROR, HD_SYNC_ERROR_REFUSED) &&
          (http_status == SOUP_STATUS_BAD_REQUEST || http_status == 413))
        {
          if (data->ops->len > 1)
            {
              self->run_batch_limit = MAX (1, data->ops->len / 2);
              push_data_free (data);
              hd_sync_engine_push_next (self);
              return;
            }
          else
            {
              g_autoptr(GPtrArray) rejected = g_ptr_array_new ();
              g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
              HdOutboxOp *op = g_ptr_array_index (data->ops, 0);
              g_autoptr(GError) store_err = NULL;

              g_ptr_array_add (rejected, op);
              g_ptr_array_add (messages, g_strdup (error->message));
              if (!hd_store_sync_acknowledge (self->store, &op->id, 1, NULL, rejected, messages,
                                              &store_err))
                {
                  push_data_free (data);
                  hd_sync_engine_run_complete (self, hd_sync_store_error (g_steal_pointer (&store_err)));
                  return;
                }
              push_data_free (data);
              hd_sync_engine_push_next (self);
              return;
            }
        }
      push_data_free (data);
      hd_sync_engine_run_complete (self, g_steal_pointer (&error));
      return;
    }

  failure = handle_batch_reply (self, data->ops, reply);
  push_data_free (data);
  if (failure != NULL)
    {
      hd_sync_engine_run_complete (self, failure);
      return;
    }
  hd_sync_engine_update_pending_count (self);
  hd_sync_engine_push_next (self);
}

static void
on_blobs_uploaded (HdSyncEngine *self,
                   GError       *error,
                   gpointer      user_data)
{
  PushData *data = user_data;

  if (error != NULL)
    {
      push_data_free (data);
      hd_sync_engine_run_complete (self, error);
      return;
    }
  hd_sync_engine_request_async (self, "POST", "/batch", g_steal_pointer (&data->body),
                                self->run_cancellable, on_push_reply, data);
}

void
hd_sync_engine_push_next (HdSyncEngine *self)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  PushData *data;

  ops = hd_store_outbox_peek (self->store, self->run_batch_limit, &error);
  if (ops == NULL)
    {
      hd_sync_engine_run_complete (self, hd_sync_store_error (g_steal_pointer (&error)));
      return;
    }
  if (ops->len == 0)
    {
      hd_sync_engine_refetch_next (self);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ops->len; i++)
    {
      HdOutboxOp *op = g_ptr_array_index (ops, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "op_uuid");
      json_builder_add_string_value (builder, op->op_uuid);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, op->kind);
      json_builder_set_member_name (builder, "entity_uuid");
      json_builder_add_string_value (builder, op->entity_uuid);
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_int_value (builder, op->created_at);
      json_builder_set_member_name (builder, "payload");
      if (json_parser_load_from_data (parser, op->payload, -1, NULL) && json_parser_get_root (parser) != NULL)
        json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);

  data = g_new0 (PushData, 1);
  data->self = self;
  data->ops = g_steal_pointer (&ops);
  data->body = json_generator_to_data (gen, NULL);
  /* The files the batch refers to go first (§9). */
  hd_sync_engine_upload_blobs (self, data->ops, on_blobs_uploaded, data);
}
