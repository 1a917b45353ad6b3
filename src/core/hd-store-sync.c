/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-attachment.h"
#include "hd-store-private.h"
#include "hd-store-sync.h"

/*
 * Applying the server's change feed to the cache, and recording what the
 * server did with our outbox. docs/sync-protocol.md ("Client") describes the
 * rules; every function here is one transaction.
 */

G_DEFINE_BOXED_TYPE (HdSyncConflict, hd_sync_conflict, hd_sync_conflict_copy, hd_sync_conflict_free)

HdSyncConflict *
hd_sync_conflict_copy (const HdSyncConflict *c)
{
  HdSyncConflict *copy;

  g_return_val_if_fail (c != NULL, NULL);

  copy = g_new0 (HdSyncConflict, 1);
  copy->id = c->id;
  copy->ticket_uuid = g_strdup (c->ticket_uuid);
  copy->kind = g_strdup (c->kind);
  copy->field = g_strdup (c->field);
  copy->lost_value = g_strdup (c->lost_value);
  copy->winning_value = g_strdup (c->winning_value);
  copy->winner = g_strdup (c->winner);
  copy->revision = c->revision;
  copy->message = g_strdup (c->message);
  copy->created_at = c->created_at;
  return copy;
}

void
hd_sync_conflict_free (HdSyncConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->ticket_uuid);
  g_free (c->kind);
  g_free (c->field);
  g_free (c->lost_value);
  g_free (c->winning_value);
  g_free (c->winner);
  g_free (c->message);
  g_free (c);
}

/* JSON → HdTicket ----------------------------------------------------------- */

const char *
hd_store_node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
hd_store_node_int (JsonNode *node,
                   gint64   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:   *out = json_node_get_int (node); return TRUE;
    case G_TYPE_BOOLEAN: *out = json_node_get_boolean (node); return TRUE;
    default:             return FALSE;
    }
}

typedef void (*SetString) (HdTicket *, const char *);
typedef void (*SetInt) (HdTicket *, gint64);

#define ENUM_SETTER(field, Type, prefix)                                        \
  static void set_##field (HdTicket *t, const char *id)                         \
  { Type v; if (id != NULL && prefix##_from_id (id, &v)) hd_ticket_set_##field (t, v); }
#define BOOL_SETTER(field)                                                      \
  static void set_##field (HdTicket *t, gint64 v) { hd_ticket_set_##field (t, v != 0); }

ENUM_SETTER (channel, HdChannel, hd_channel)
ENUM_SETTER (emotion, HdEmotion, hd_emotion)
ENUM_SETTER (impact, HdImpact, hd_impact)
ENUM_SETTER (urgency, HdUrgency, hd_urgency)
ENUM_SETTER (satisfaction, HdSatisfaction, hd_satisfaction)
ENUM_SETTER (status, HdStatus, hd_status)
BOOL_SETTER (number_provisional)
BOOL_SETTER (escalated)

typedef struct {
  const char *name;
  SetString set_s;
  SetInt set_i;
} JsonField;

#define S(n) { #n, hd_ticket_set_##n, NULL }
#define E(n) { #n, set_##n, NULL }
#define I(n) { #n, NULL, hd_ticket_set_##n }
#define B(n) { #n, NULL, set_##n }

/* The ticket members of the protocol (the store's JSON names); cc_departments
 * and attachments are handled apart, sync_state and server_revision are ours. */
static const JsonField json_fields[] = {
  S (number), B (number_provisional),
  S (customer_label), S (customer_name), S (customer_number), S (customer_type), S (contact),
  E (channel), E (emotion), I (occurred_at), S (description), S (type_l1), S (type_l2),
  E (impact), E (urgency), S (priority), S (receiver), S (group), S (handler),
  S (transfer_department), S (transfer_contact), S (transfer_note),
  I (created_at), I (updated_at), I (first_response_at), I (response_due), I (resolution_due),
  S (result), E (satisfaction), E (status), B (escalated),
};

#undef S
#undef E
#undef I
#undef B

/* Sets the members of @object that name ticket fields; others are ignored
 * (a newer server may send more). Wrong types leave the field as it was. */
void
hd_store_ticket_set_from_json (HdTicket   *ticket,
                               JsonObject *object)
{
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (json_fields); i++)
    {
      const JsonField *f = &json_fields[i];
      gint64 value;

      if ((node = json_object_get_member (object, f->name)) == NULL)
        continue;
      if (f->set_s != NULL)
        {
          if (JSON_NODE_HOLDS_NULL (node))
            f->set_s (ticket, NULL);
          else if (hd_store_node_string (node) != NULL)
            f->set_s (ticket, hd_store_node_string (node));
        }
      else if (hd_store_node_int (node, &value))
        f->set_i (ticket, value);
    }

  node = json_object_get_member (object, "cc_departments");
  if (node != NULL && (JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_NULL (node)))
    {
      g_autoptr(GPtrArray) strv = g_ptr_array_new ();
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          const char *s = hd_store_node_string (json_array_get_element (array, i));
          if (s != NULL)
            g_ptr_array_add (strv, (gpointer) s);
        }
      g_ptr_array_add (strv, NULL);
      hd_ticket_set_cc_departments (ticket, (const char * const *) strv->pdata);
    }

  node = json_object_get_member (object, "attachments");
  if (node != NULL && (JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_NULL (node)))
    {
      GListStore *list = hd_ticket_get_attachments (ticket);
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      g_list_store_remove_all (list);
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autoptr(HdAttachment) attachment = NULL;
          JsonObject *a;
          HdAttachmentKind kind;
          gint64 size = 0;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          a = json_node_get_object (item);
          if (!hd_attachment_kind_from_id (hd_store_node_string (json_object_get_member (a, "kind")), &kind))
            continue;
          hd_store_node_int (json_object_get_member (a, "size"), &size);
          if (kind == HD_ATTACHMENT_FILE)
            attachment = hd_attachment_new_file (hd_store_node_string (json_object_get_member (a, "name")),
                                                 hd_store_node_string (json_object_get_member (a, "mime_type")),
                                                 size,
                                                 hd_store_node_string (json_object_get_member (a, "sha256")));
          else
            attachment = hd_attachment_new_text (kind, hd_store_node_string (json_object_get_member (a, "text")));
          g_list_store_append (list, attachment);
        }
    }
}

JsonNode *
hd_store_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

char *
hd_store_node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* Rows ------------------------------------------------------------------------ */

gboolean
hd_store_exec_text (HdStore     *self,
                    const char  *sql,
                    const char  *a,
                    const char  *b,
                    GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (a != NULL)
    sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE && rc != SQLITE_ROW)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

/* Pending, conflict or synced: what the row shows after sync touched it. */
gboolean
hd_store_refresh_sync_state (HdStore     *self,
                             const char  *uuid,
                             GError     **error)
{
  return hd_store_exec_text (self,
                             "UPDATE tickets SET sync_state = CASE"
                             " WHEN EXISTS (SELECT 1 FROM outbox WHERE entity_uuid = ?1) THEN 'pending'"
                             " WHEN EXISTS (SELECT 1 FROM sync_conflicts WHERE ticket_uuid = ?1"
                             "              AND resolved = 0) THEN 'conflict'"
                             " ELSE 'synced' END WHERE uuid = ?1", uuid, NULL, error);
}

/* A final number from the server may be one this cache gave a local ticket
 * while it had no server: that ticket moves to a provisional number. */
gboolean
hd_store_free_number (HdStore     *self,
                      const char  *number,
                      const char  *uuid,
                      GError     **error)
{
  g_autoptr(HdCachedStmt) taken = NULL;
  int rc;

  /* Looked up first: an UPDATE of number, even of no row, makes the FTS5
   * index flush its pending terms, which is slow row by row. */
  taken = hd_store_prepare (self, "SELECT 1 FROM tickets WHERE number = ?1 AND uuid != ?2", error);
  if (taken == NULL)
    return FALSE;
  sqlite3_bind_text (taken, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (taken, 2, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (taken);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return hd_store_fail (self, error, rc);
  g_clear_pointer (&taken, sqlite3_reset);
  return hd_store_exec_text (self,
                             "UPDATE tickets SET number = number || '-L' || id, number_provisional = 1"
                             " WHERE number = ?1 AND uuid != ?2", number, uuid, error);
}

/* Push acknowledgement ------------------------------------------------------- */

gboolean
hd_store_sync_acknowledge (HdStore      *self,
                           const gint64 *op_ids,
                           guint         n_op_ids,
                           GHashTable   *numbers,
                           GPtrArray    *rejected,
                           GPtrArray    *messages,
                           GError      **error)
{
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (op_ids != NULL || n_op_ids == 0, FALSE);
  g_return_val_if_fail (rejected == NULL || (messages != NULL && messages->len == rejected->len), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!hd_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_op_ids; i++)
    {
      g_autoptr(HdCachedStmt) stmt = NULL;
      int rc;

      stmt = hd_store_prepare (self, "SELECT entity_uuid, kind FROM outbox WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op_ids[i]);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *kind = (const char *) sqlite3_column_text (stmt, 1);
          const char *entity = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (kind, "event.add") == 0)
            {
              g_autofree char *event = g_strdup (entity);
              g_clear_pointer (&stmt, sqlite3_reset);
              if (!hd_store_exec_text (self, "UPDATE events SET sync_state = 'synced' WHERE uuid = ?1",
                                       event, NULL, error))
                return FALSE;
            }
          else
            g_ptr_array_add (entities, g_strdup (entity));
        }
      else if (rc != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_clear_pointer (&stmt, sqlite3_reset);

      stmt = hd_store_prepare (self, "DELETE FROM outbox WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op_ids[i]);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
    }

  for (guint i = 0; rejected != NULL && i < rejected->len; i++)
    {
      HdOutboxOp *op = g_ptr_array_index (rejected, i);
      g_autoptr(HdCachedStmt) stmt = NULL;
      g_autofree char *conflict_key = g_strconcat ("x:", op->op_uuid, NULL);
      g_autofree char *ticket_uuid = NULL;
      int rc;

      /* An event.add names its ticket in the payload. */
      if (g_strcmp0 (op->kind, "event.add") == 0)
        {
          g_autoptr(JsonNode) payload = hd_store_parse_json (op->payload);
          if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
            ticket_uuid = g_strdup (hd_store_node_string (json_object_get_member (json_node_get_object (payload),
                                                                                  "ticket_uuid")));
        }
      if (ticket_uuid == NULL)
        ticket_uuid = g_strdup (op->entity_uuid);

      stmt = hd_store_prepare (self,
                               "INSERT OR IGNORE INTO sync_conflicts (key, ticket_uuid, kind, message,"
                               " created_at) VALUES (?1, ?2, 'rejected', ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, conflict_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ticket_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (messages, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_ptr_array_add (entities, g_steal_pointer (&ticket_uuid));
    }

  if (numbers != NULL)
    {
      g_hash_table_iter_init (&iter, numbers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (!hd_store_free_number (self, value, key, error) ||
              !hd_store_exec_text (self, "UPDATE tickets SET number = ?2, number_provisional = 0"
                                         " WHERE uuid = ?1", key, value, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < entities->len; i++)
    if (!hd_store_refresh_sync_state (self, g_ptr_array_index (entities, i), error))
      return FALSE;

  if (!hd_store_commit (self, error))
    return FALSE;

  if (entities->len > 0 || (numbers != NULL && g_hash_table_size (numbers) > 0))
    hd_store_emit_tickets_changed (self);
  return TRUE;
}

/* Conflicts ------------------------------------------------------------------- */

GPtrArray *
hd_store_list_conflicts (HdStore     *self,
                         const char  *ticket_uuid,
                         GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = hd_store_prepare (self,
                           "SELECT id, ticket_uuid, kind, field, lost_value, winning_value, winner,"
                           " revision, message, created_at FROM sync_conflicts"
                           " WHERE resolved = 0 AND (?1 IS NULL OR ticket_uuid = ?1) ORDER BY id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_STATIC);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_sync_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdSyncConflict *c = g_new0 (HdSyncConflict, 1);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->ticket_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      c->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      c->field = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      c->lost_value = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      c->winning_value = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      c->winner = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      c->revision = sqlite3_column_int64 (stmt, 7);
      c->message = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      c->created_at = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&list);
}

guint
hd_store_count_conflicts (HdStore *self)
{
  g_autoptr(HdCachedStmt) stmt = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), 0);

  stmt = hd_store_prepare (self, "SELECT count(*) FROM sync_conflicts WHERE resolved = 0", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

gboolean
hd_store_resolve_conflict (HdStore     *self,
                           gint64       conflict_id,
                           gboolean     reapply,
                           const char  *author,
                           GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autofree char *ticket_uuid = NULL;
  g_autofree char *field = NULL;
  g_autofree char *lost = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = hd_store_prepare (self, "SELECT ticket_uuid, field, lost_value FROM sync_conflicts WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, conflict_id);

      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND,
                   _("There is no sync conflict %s"), id_text);
      return FALSE;
    }
  ticket_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  field = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  lost = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  g_clear_pointer (&stmt, sqlite3_reset);

  /* A normal edit: it goes through the outbox and syncs like any other. */
  if (reapply && field != NULL && lost != NULL)
    {
      g_autoptr(HdTicket) ticket = hd_store_get_ticket (self, ticket_uuid, error);
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonNode) value = hd_store_parse_json (lost);

      if (ticket == NULL)
        return FALSE;
      if (value != NULL)
        {
          json_object_set_member (changes, field, g_steal_pointer (&value));
          hd_store_ticket_set_from_json (ticket, changes);
          if (!hd_store_update_ticket (self, ticket, author, error))
            return FALSE;
        }
    }

  if (!hd_store_begin (self, error))
    return FALSE;
  stmt = hd_store_prepare (self, "UPDATE sync_conflicts SET resolved = 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  g_clear_pointer (&stmt, sqlite3_reset);
  if (!hd_store_refresh_sync_state (self, ticket_uuid, error) || !hd_store_commit (self, error))
    return FALSE;

  hd_store_emit_tickets_changed (self);
  return TRUE;
}
