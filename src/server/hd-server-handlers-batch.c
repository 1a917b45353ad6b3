/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-server-ops.h"
#include "hd-server-private.h"
#include "hd-server-surveys.h"
#include "hd-sla.h"
#include "hd-transitions.h"

/*
 * The batch endpoint: each operation in its own transaction, in order.
 * docs/sync-protocol.md ("Batch", "Conflicts", "Numbering") is the contract.
 */

typedef struct {
  HdRequest *req;
  HdServerStorage *storage;
  HdOp *op;
  gint64 now;
  JsonObject *result;    /* the reply for this op, stored for replays */
  GError *rejection;     /* set: the op is refused (recorded as such) */
} Apply;

static void
reject (Apply      *apply,
        int         code,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static void
reject (Apply      *apply,
        int         code,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_clear_error (&apply->rejection);
  apply->rejection = g_error_new_valist (HD_API_ERROR, code, format, args);
  va_end (args);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_object_new ();
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
get_string_or_null (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
get_int_or_zero (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* Per field: the revision that last changed it and who made that change,
 * stored as {"field": {"r": revision, "by": user}}. */
static gint64
field_revision (JsonObject  *revisions,
                const char  *name,
                const char **by)
{
  JsonNode *node = json_object_get_member (revisions, name);
  JsonObject *object;

  *by = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  object = json_node_get_object (node);
  *by = get_string_or_null (object, "by");
  return get_int_or_zero (object, "r");
}

static void
set_field_revision (JsonObject *revisions,
                    const char *name,
                    gint64      revision,
                    const char *by)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "r", revision);
  json_object_set_string_member (object, "by", by);
  json_object_set_object_member (revisions, name, object);
}

/* Rules ------------------------------------------------------------------------ */

/* Agents and team leads change tickets of their own group (or of no group),
 * or tickets they receive or handle; supervisors and admins any ticket. */
static gboolean
may_change_ticket (HdRequest  *req,
                   JsonObject *data)
{
  const char *group = get_string_or_null (data, "group");

  if (req->role >= HD_ROLE_SUPERVISOR)
    return TRUE;
  if (group == NULL || g_strcmp0 (group, req->user->group) == 0)
    return TRUE;
  if (g_strcmp0 (get_string_or_null (data, "handler"), req->user->name) == 0 ||
      g_strcmp0 (get_string_or_null (data, "receiver"), req->user->name) == 0)
    return TRUE;
  return FALSE;
}

/* The configuration ids a ticket refers to must exist. */
static gboolean
check_config_ids (Apply      *apply,
                  JsonObject *fields)
{
  HdConfig *config = apply->req->server->config;
  const char *l1 = get_string_or_null (fields, "type_l1");
  const char *l2 = get_string_or_null (fields, "type_l2");
  const char *priority = get_string_or_null (fields, "priority");
  const char *group = get_string_or_null (fields, "group");

  if (config == NULL)
    return TRUE;
  if (l1 != NULL && hd_config_get_type_label (config, l1, l2) == NULL)
    {
      reject (apply, HD_API_ERROR_INVALID, "The problem type %s%s%s is not in the configuration",
              l1, l2 != NULL ? "/" : "", l2 != NULL ? l2 : "");
      return FALSE;
    }
  if (priority != NULL && hd_config_get_priority_label (config, priority) == NULL)
    {
      reject (apply, HD_API_ERROR_INVALID, "The priority %s is not in the configuration", priority);
      return FALSE;
    }
  if (group != NULL && hd_config_get_group_label (config, group) == NULL)
    {
      reject (apply, HD_API_ERROR_INVALID, "The group %s is not in the configuration", group);
      return FALSE;
    }
  return TRUE;
}

/* Deadlines follow from priority and creation time by the shared SLA rules:
 * the server's computation replaces the client's. */
static void
apply_sla (Apply      *apply,
           JsonObject *data)
{
  HdConfig *config = apply->req->server->config;
  const char *priority = get_string_or_null (data, "priority");
  gint64 response_due = 0, resolution_due = 0;

  if (config == NULL || priority == NULL)
    return;
  if (hd_sla_compute_deadlines (config, priority, get_int_or_zero (data, "created_at"),
                                &response_due, &resolution_due))
    {
      json_object_set_int_member (data, "response_due", response_due);
      json_object_set_int_member (data, "resolution_due", resolution_due);
    }
}

/* An HdTicket carrying what the status rules look at. */
static HdTicket *
ticket_for_rules (JsonObject *data)
{
  HdTicket *ticket = hd_ticket_new ();
  HdStatus status = HD_STATUS_PENDING;
  HdSatisfaction satisfaction = HD_SATISFACTION_NONE;

  hd_status_from_id (get_string_or_null (data, "status"), &status);
  hd_satisfaction_from_id (get_string_or_null (data, "satisfaction"), &satisfaction);
  hd_ticket_set_status (ticket, status);
  hd_ticket_set_satisfaction (ticket, satisfaction);
  hd_ticket_set_handler (ticket, get_string_or_null (data, "handler"));
  hd_ticket_set_result (ticket, get_string_or_null (data, "result"));
  hd_ticket_set_group (ticket, get_string_or_null (data, "group"));
  hd_ticket_set_priority (ticket, get_string_or_null (data, "priority"));
  return ticket;
}

/* Events ------------------------------------------------------------------------ */

static gboolean
add_events (Apply       *apply,
            const char  *ticket_uuid,
            GError     **error)
{
  HdServerStorage *storage = apply->storage;

  for (guint i = 0; apply->op->events != NULL && i < apply->op->events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (apply->op->events, i);
      g_autoptr(JsonObject) stored = json_object_new ();
      g_autofree char *uuid = g_ascii_strdown (json_object_get_string_member (event, "uuid"), -1);
      g_autofree char *text = NULL;
      gboolean exists = FALSE;
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      /* Events merge by uuid: one already here is not added again. */
      if (!storage->vtable->event_exists (storage, uuid, &exists, error))
        return FALSE;
      if (exists)
        continue;

      json_object_iter_init_ordered (&iter, event);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        json_object_set_member (stored, name, json_node_copy (node));
      json_object_set_string_member (stored, "uuid", uuid);
      json_object_set_string_member (stored, "ticket_uuid", ticket_uuid);
      /* The signed-in user is the author, whatever the client wrote. */
      json_object_set_string_member (stored, "author", apply->req->user->name);
      text = hd_json_object_to_string (stored);

      {
        HdServerChange change = {
          .entity = (char *) "event",
          .entity_uuid = uuid,
          .op_uuid = apply->op->op_uuid,
          .author = apply->req->user->name,
          .changed_at = apply->now,
          .data = text,
        };
        if (!storage->vtable->event_put (storage, uuid, ticket_uuid, text, error) ||
            storage->vtable->change_append (storage, &change, error) < 0)
          return FALSE;
      }
    }
  return TRUE;
}

/* Operations ---------------------------------------------------------------------- */

static gboolean
apply_create (Apply   *apply,
              GError **error)
{
  HdServer *server = apply->req->server;
  HdServerStorage *storage = apply->storage;
  HdOp *op = apply->op;
  g_autoptr(HdServerTicket) existing = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonObject) revisions = json_object_new ();
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *day = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  HdServerTicket ticket = { 0 };
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gint64 serial, revision;

  existing = storage->vtable->ticket_get (storage, op->entity_uuid, error);
  if (existing != NULL)
    {
      reject (apply, HD_API_ERROR_CONFLICT, "Ticket %s exists already (number %s)",
              op->entity_uuid, existing->number);
      return TRUE;
    }
  if (*error != NULL)
    return FALSE;

  /* A client clock running fast must not make tickets from the future (nor
   * have them refused for ever): beyond a small skew, the server's time. */
  if (op->created_at > apply->now + 300)
    op->created_at = apply->now;
  if (!check_config_ids (apply, op->fields))
    return TRUE;

  /* The number's date is the creation day in the configuration's timezone,
   * so every client and server agrees on it. */
  tz = server->config != NULL
     ? g_time_zone_ref (hd_calendar_get_timezone (hd_config_get_calendar (server->config)))
     : g_time_zone_new_local ();
  created = g_date_time_new_from_unix_utc (op->created_at);
  if (created == NULL)
    {
      reject (apply, HD_API_ERROR_INVALID, "payload.ticket.created_at is out of range");
      return TRUE;
    }
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (created, tz);
    day = g_date_time_format (local, "%Y%m%d");
  }
  serial = storage->vtable->next_serial (storage, day, error);
  if (serial < 0)
    return FALSE;
  number = g_strdup_printf ("CS%s-%04" G_GINT64_FORMAT, day, serial);

  json_object_iter_init_ordered (&iter, op->fields);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    json_object_set_member (data, name, json_node_copy (node));
  json_object_set_string_member (data, "uuid", op->entity_uuid);
  json_object_set_string_member (data, "number", number);
  json_object_set_boolean_member (data, "number_provisional", FALSE);
  json_object_set_int_member (data, "created_at", op->created_at);
  json_object_set_int_member (data, "updated_at", apply->now);
  apply_sla (apply, data);

  text = hd_json_object_to_string (data);
  {
    HdServerChange change = {
      .entity = (char *) "ticket",
      .entity_uuid = op->entity_uuid,
      .op_uuid = op->op_uuid,
      .author = apply->req->user->name,
      .changed_at = apply->now,
      .data = text,
    };
    revision = storage->vtable->change_append (storage, &change, error);
    if (revision < 0)
      return FALSE;
  }

  json_object_iter_init_ordered (&iter, data);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    set_field_revision (revisions, name, revision, apply->req->user->name);

  ticket.uuid = op->entity_uuid;
  ticket.number = number;
  ticket.data = text;
  ticket.field_revisions = hd_json_object_to_string (revisions);
  ticket.revision = revision;
  if (!storage->vtable->ticket_put (storage, &ticket, TRUE, error))
    {
      g_free (ticket.field_revisions);
      return FALSE;
    }
  g_free (ticket.field_revisions);

  if (!add_events (apply, op->entity_uuid, error))
    return FALSE;

  json_object_set_int_member (apply->result, "revision", revision);
  json_object_set_string_member (apply->result, "number", number);
  return TRUE;
}

static gboolean
apply_update (Apply   *apply,
              GError **error)
{
  HdServerStorage *storage = apply->storage;
  HdOp *op = apply->op;
  g_autoptr(HdServerTicket) stored = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) revisions = NULL;
  g_autoptr(JsonArray) conflicts = json_array_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *conflicts_text = NULL;
  const char *old_priority;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gint64 revision;

  stored = storage->vtable->ticket_get (storage, op->entity_uuid, error);
  if (stored == NULL)
    {
      if (*error == NULL)
        reject (apply, HD_API_ERROR_NOT_FOUND, "No ticket %s", op->entity_uuid);
      return *error == NULL;
    }
  data = parse_object (stored->data);
  revisions = parse_object (stored->field_revisions);

  if (!may_change_ticket (apply->req, data))
    {
      reject (apply, HD_API_ERROR_FORBIDDEN,
              "The role %s may not change tickets of group %s", apply->req->user->role,
              get_string_or_null (data, "group"));
      return TRUE;
    }
  if (op->base_revision > stored->revision)
    {
      reject (apply, HD_API_ERROR_INVALID,
              "base_revision %" G_GINT64_FORMAT " is ahead of the server's %" G_GINT64_FORMAT,
              op->base_revision, stored->revision);
      return TRUE;
    }
  if (!check_config_ids (apply, op->fields))
    return TRUE;

  /* Status rules: checked from the server's current state, with the other
   * changes of this operation already in place. */
  if (json_object_has_member (op->fields, "status"))
    {
      g_autoptr(JsonObject) merged = json_object_new ();
      g_autoptr(HdTicket) rules = NULL;
      g_autoptr(GError) rule_error = NULL;
      HdStatus to;

      json_object_iter_init_ordered (&iter, data);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        json_object_set_member (merged, name, json_node_copy (node));
      json_object_iter_init_ordered (&iter, op->fields);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        if (strcmp (name, "status") != 0)
          json_object_set_member (merged, name, json_node_copy (node));
      rules = ticket_for_rules (merged);
      hd_status_from_id (get_string_or_null (op->fields, "status"), &to);
      if (hd_ticket_get_status (rules) != to && !hd_transitions_check (rules, to, &rule_error))
        {
          reject (apply, HD_API_ERROR_CONFLICT, "Status change refused: %s", rule_error->message);
          return TRUE;
        }
    }

  /* Last writer by server arrival wins, field by field; a field someone else
   * changed after the client's base revision is reported as a conflict with
   * the value it replaced. */
  old_priority = get_string_or_null (data, "priority");
  json_object_iter_init_ordered (&iter, op->fields);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      JsonNode *current = json_object_get_member (data, name);
      const char *changed_by;
      gint64 changed_at = field_revision (revisions, name, &changed_by);

      if (current != NULL && json_node_equal (current, node))
        continue;
      if (current == NULL && JSON_NODE_HOLDS_NULL (node))
        continue;

      /* One user's operations come in outbox order from one queue, so
       * only another user's change after the base revision conflicts. */
      if (changed_at > op->base_revision &&
          g_strcmp0 (changed_by, apply->req->user->name) != 0)
        {
          JsonObject *conflict = json_object_new ();

          json_object_set_string_member (conflict, "field", name);
          json_object_set_int_member (conflict, "base_revision", op->base_revision);
          json_object_set_int_member (conflict, "server_revision", changed_at);
          json_object_set_string_member (conflict, "server_author", changed_by);
          json_object_set_member (conflict, "lost_value",
                                  current != NULL ? json_node_copy (current)
                                                  : json_node_init_null (json_node_alloc ()));
          json_object_set_member (conflict, "value", json_node_copy (node));
          json_array_add_object_element (conflicts, conflict);
        }
      json_object_set_member (data, name, json_node_copy (node));
      g_ptr_array_add (changed, (gpointer) name);
    }

  if (changed->len == 0)
    {
      /* Nothing new (e.g. the same value set on both sides): only events. */
      if (!add_events (apply, op->entity_uuid, error))
        return FALSE;
      json_object_set_int_member (apply->result, "revision", stored->revision);
      return TRUE;
    }

  if (g_strcmp0 (old_priority, get_string_or_null (data, "priority")) != 0)
    apply_sla (apply, data);
  json_object_set_int_member (data, "updated_at", apply->now);
  text = hd_json_object_to_string (data);
  if (json_array_get_length (conflicts) > 0)
    {
      g_autoptr(JsonNode) conflicts_node = json_node_init_array (json_node_alloc (), conflicts);
      conflicts_text = hd_json_to_string (conflicts_node);
    }

  {
    HdServerChange change = {
      .entity = (char *) "ticket",
      .entity_uuid = op->entity_uuid,
      .op_uuid = op->op_uuid,
      .author = apply->req->user->name,
      .changed_at = apply->now,
      .data = text,
      .conflicts = conflicts_text,
    };
    revision = storage->vtable->change_append (storage, &change, error);
    if (revision < 0)
      return FALSE;
  }

  for (guint i = 0; i < changed->len; i++)
    set_field_revision (revisions, g_ptr_array_index (changed, i), revision,
                        apply->req->user->name);

  g_free (stored->data);
  stored->data = g_steal_pointer (&text);
  g_free (stored->field_revisions);
  stored->field_revisions = hd_json_object_to_string (revisions);
  stored->revision = revision;
  if (!storage->vtable->ticket_put (storage, stored, FALSE, error) ||
      !add_events (apply, op->entity_uuid, error))
    return FALSE;

  json_object_set_int_member (apply->result, "revision", revision);
  if (json_array_get_length (conflicts) > 0)
    json_object_set_array_member (apply->result, "conflicts", json_array_ref (conflicts));
  return TRUE;
}

static gboolean
apply_event (Apply   *apply,
             GError **error)
{
  HdServerStorage *storage = apply->storage;
  JsonObject *event = g_ptr_array_index (apply->op->events, 0);
  g_autofree char *ticket_uuid = g_ascii_strdown (json_object_get_string_member (event, "ticket_uuid"), -1);
  g_autoptr(HdServerTicket) stored = NULL;
  g_autoptr(JsonObject) data = NULL;
  JsonArray *cc;
  gboolean allowed;

  stored = storage->vtable->ticket_get (storage, ticket_uuid, error);
  if (stored == NULL)
    {
      if (*error == NULL)
        reject (apply, HD_API_ERROR_NOT_FOUND, "No ticket %s", ticket_uuid);
      return *error == NULL;
    }
  data = parse_object (stored->data);

  /* A collaborating department (cc) may add to the timeline too. */
  allowed = may_change_ticket (apply->req, data);
  cc = json_object_has_member (data, "cc_departments") &&
       JSON_NODE_HOLDS_ARRAY (json_object_get_member (data, "cc_departments"))
     ? json_object_get_array_member (data, "cc_departments") : NULL;
  for (guint i = 0; !allowed && cc != NULL && i < json_array_get_length (cc); i++)
    allowed = g_strcmp0 (json_array_get_string_element (cc, i), apply->req->user->group) == 0;
  if (!allowed)
    {
      reject (apply, HD_API_ERROR_FORBIDDEN,
              "The role %s may not add to tickets of group %s", apply->req->user->role,
              get_string_or_null (data, "group"));
      return TRUE;
    }

  if (!add_events (apply, ticket_uuid, error))
    return FALSE;
  json_object_set_int_member (apply->result, "revision", stored->revision);
  return TRUE;
}

/* One operation, one transaction. FALSE only for a storage failure, which
 * leaves nothing of the operation behind. */
static gboolean
apply_one (HdRequest  *req,
           HdOp       *op,
           JsonNode  **result_out,
           GError    **error)
{
  HdServerStorage *storage = req->server->storage;
  g_autofree char *stored_reply = NULL;
  g_autofree char *stored_user = NULL;
  g_autofree char *stored_digest = NULL;
  g_autofree char *reply_text = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GError) payload_error = NULL;
  Apply apply = { req, storage, op, hd_server_now (), result, NULL };
  gboolean ok = FALSE;

  if (!hd_server_storage_begin (storage, error))
    return FALSE;

  stored_reply = storage->vtable->op_get (storage, op->op_uuid, &stored_user, &stored_digest, error);
  if (*error != NULL)
    goto fail;
  if (stored_reply != NULL)
    {
      hd_server_storage_rollback (storage);
      if (g_strcmp0 (stored_user, req->user->name) == 0 &&
          g_strcmp0 (stored_digest, op->digest) == 0)
        {
          /* A replay: the very same answer, nothing applied again. */
          g_autoptr(JsonObject) replay = parse_object (stored_reply);
          *result_out = json_node_init_object (json_node_alloc (), replay);
          return TRUE;
        }
      json_object_set_string_member (result, "op_uuid", op->op_uuid);
      json_object_set_string_member (result, "status", "rejected");
      reject (&apply, HD_API_ERROR_CONFLICT,
              "op_uuid %s was used before for a different operation", op->op_uuid);
      json_object_set_member (result, "error", hd_json_error_node (apply.rejection, &req->server->limits));
      g_clear_error (&apply.rejection);
      *result_out = json_node_init_object (json_node_alloc (), result);
      return TRUE;
    }

  json_object_set_string_member (result, "op_uuid", op->op_uuid);
  json_object_set_string_member (result, "status", "applied");
  if (op->entity_uuid != NULL)
    json_object_set_string_member (result, "entity_uuid", op->entity_uuid);

  if (!hd_op_decode_payload (op, &req->server->limits, &payload_error))
    apply.rejection = g_steal_pointer (&payload_error);
  else if (!hd_server_surveys_check_op (storage, op, &apply.rejection, error))
    goto fail;
  else if (apply.rejection == NULL)
    {
      switch (op->kind)
        {
        case HD_OP_TICKET_CREATE: ok = apply_create (&apply, error); break;
        case HD_OP_TICKET_UPDATE: ok = apply_update (&apply, error); break;
        case HD_OP_EVENT_ADD:     ok = apply_event (&apply, error); break;
        default:                  g_assert_not_reached ();
        }
      /* Surveys answered or created by the op, in its transaction. */
      if (!ok || (apply.rejection == NULL &&
                  !hd_server_surveys_after_op (storage, op, req->user->name, apply.now,
                                               &apply.rejection, error)))
        goto fail;
    }

  if (apply.rejection != NULL)
    {
      /* Refused operations leave no effect but are remembered, so a replay
       * gets the same refusal. Roll back what the op may have written. */
      g_autoptr(JsonNode) error_node = hd_json_error_node (apply.rejection, &req->server->limits);

      hd_server_storage_rollback (storage);
      if (!hd_server_storage_begin (storage, error))
        goto fail;
      json_object_set_string_member (result, "status", "rejected");
      json_object_remove_member (result, "revision");
      json_object_remove_member (result, "number");
      json_object_remove_member (result, "conflicts");
      json_object_set_member (result, "error",
                              json_object_dup_member (json_node_get_object (error_node), "error"));
      g_clear_error (&apply.rejection);
    }

  reply_text = hd_json_object_to_string (result);
  if (!storage->vtable->op_put (storage, op->op_uuid, req->user->name, op->digest,
                                reply_text, error) ||
      !hd_server_storage_commit (storage, error))
    goto fail;

  *result_out = json_node_init_object (json_node_alloc (), result);
  return TRUE;

fail:
  g_clear_error (&apply.rejection);
  hd_server_storage_rollback (storage);
  return FALSE;
}

void
hd_handle_batch (HdRequest *req)
{
  HdServer *server = req->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonObject) numbers = json_object_new ();
  g_autoptr(JsonArray) results = json_array_new ();
  gint64 head;

  if ((body = hd_request_parse_body (req)) == NULL)
    return;
  /* Another server process on the same storage may have stored a new
   * configuration: validate against the one in force. */
  if (!hd_server_refresh_config (server, &error))
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
  ops = hd_ops_decode_batch (body, &server->limits, &error);
  if (ops == NULL)
    {
      hd_request_reply_error (req, error);
      return;
    }

  for (guint i = 0; i < ops->len; i++)
    {
      HdOp *op = g_ptr_array_index (ops, i);
      JsonNode *result = NULL;
      JsonObject *object;

      if (!apply_one (req, op, &result, &error))
        {
          /* Nothing of this op was kept; those before it were, and a retry
           * of the whole batch replays them harmlessly. */
          hd_request_reply_storage_error (req, error);
          return;
        }
      object = json_node_get_object (result);
      if (json_object_has_member (object, "number") && json_object_has_member (object, "entity_uuid"))
        json_object_set_string_member (numbers, json_object_get_string_member (object, "entity_uuid"),
                                       json_object_get_string_member (object, "number"));
      json_array_add_element (results, result);
    }

  head = server->storage->vtable->change_head (server->storage, &error);
  if (head < 0)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), results));
  json_builder_set_member_name (builder, "numbers");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), numbers));
  json_builder_set_member_name (builder, "head");
  json_builder_add_int_value (builder, head);
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}
