/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include "hd-store-private.h"
#include "hd-uuid.h"

/* The outbox: operations waiting for the sync engine, in commit order. */

G_DEFINE_BOXED_TYPE (HdOutboxOp, hd_outbox_op, hd_outbox_op_copy, hd_outbox_op_free)

HdOutboxOp *
hd_outbox_op_copy (const HdOutboxOp *op)
{
  HdOutboxOp *copy;

  g_return_val_if_fail (op != NULL, NULL);

  copy = g_new0 (HdOutboxOp, 1);
  copy->id = op->id;
  copy->op_uuid = g_strdup (op->op_uuid);
  copy->kind = g_strdup (op->kind);
  copy->entity_uuid = g_strdup (op->entity_uuid);
  copy->payload = g_strdup (op->payload);
  copy->created_at = op->created_at;
  return copy;
}

void
hd_outbox_op_free (HdOutboxOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_uuid);
  g_free (op->kind);
  g_free (op->entity_uuid);
  g_free (op->payload);
  g_free (op);
}

gboolean
hd_store_outbox_append (HdStore     *self,
                        const char  *kind,
                        const char  *entity_uuid,
                        const char  *payload,
                        gint64       created_at,
                        GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autofree char *op_uuid = hd_uuid_new ();
  int rc;

  stmt = hd_store_prepare (self,
                           "INSERT INTO outbox (op_uuid, kind, entity_uuid, payload, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entity_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, payload, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, created_at);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

guint
hd_store_outbox_count (HdStore *self)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), 0);

  stmt = hd_store_prepare (self, "SELECT count(*) FROM outbox", &error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_warning ("Could not count the outbox: %s",
                 error ? error->message : sqlite3_errmsg (self->db));
      return 0;
    }
  return sqlite3_column_int (stmt, 0);
}

GPtrArray *
hd_store_outbox_peek (HdStore   *self,
                      guint      max_ops,
                      GError   **error)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = hd_store_prepare (self,
                           "SELECT id, op_uuid, kind, entity_uuid, payload, created_at"
                           " FROM outbox ORDER BY id LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, max_ops);

  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_outbox_op_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdOutboxOp *op = g_new0 (HdOutboxOp, 1);

      op->id = sqlite3_column_int64 (stmt, 0);
      op->op_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      op->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      op->entity_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      op->payload = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      op->created_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (ops, op);
    }
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&ops);
}

gboolean
hd_store_outbox_remove (HdStore       *self,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_ids == 0)
    return TRUE;

  if (!hd_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, "DELETE FROM outbox WHERE id = ?1", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
    }

  return hd_store_commit (self, error);
}
