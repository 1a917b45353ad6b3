/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sla-alerts"

#include "config.h"

#include "hd-sla-alerts.h"
#include "hd-store-private.h"

gboolean
hd_sla_alerts_record (HdStore             *store,
                      const HdSlaAlertKey *keys,
                      guint                n_keys,
                      gint64               now,
                      gboolean            *is_new,
                      GError             **error)
{
  g_return_val_if_fail (HD_IS_STORE (store), FALSE);
  g_return_val_if_fail (keys != NULL || n_keys == 0, FALSE);

  if (n_keys == 0)
    return TRUE;
  if (!hd_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < n_keys; i++)
    {
      g_autoptr(HdCachedStmt) stmt = NULL;
      int rc;

      stmt = hd_store_prepare (store,
                               "INSERT OR IGNORE INTO sla_alerts (ticket_uuid, kind, due, notified_at)"
                               " VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;  /* hd_store_prepare() rolled back */
      sqlite3_bind_text (stmt, 1, keys[i].ticket_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, keys[i].kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, keys[i].due);
      sqlite3_bind_int64 (stmt, 4, now);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          return hd_store_fail (store, error, rc);
        }
      if (is_new != NULL)
        is_new[i] = sqlite3_changes (hd_store_get_db (store)) > 0;
    }

  return hd_store_commit (store, error);
}

gboolean
hd_sla_alerts_prune (HdStore  *store,
                     guint    *n_removed,
                     GError  **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (store), FALSE);

  /* sla_alerts holds the few alerts of open tickets: a scan of it with one
   * index lookup per row. */
  stmt = hd_store_prepare (store,
                           "DELETE FROM sla_alerts WHERE NOT EXISTS (SELECT 1 FROM tickets t"
                           " WHERE t.uuid = sla_alerts.ticket_uuid AND t.status <> ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hd_status_to_id (HD_STATUS_CLOSED), -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (store, error, rc);
  if (n_removed != NULL)
    *n_removed = (guint) sqlite3_changes (hd_store_get_db (store));
  return TRUE;
}

guint
hd_sla_alerts_count (HdStore *store)
{
  g_autoptr(HdCachedStmt) stmt = NULL;

  g_return_val_if_fail (HD_IS_STORE (store), 0);

  stmt = hd_store_prepare (store, "SELECT COUNT(*) FROM sla_alerts", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int64 (stmt, 0);
}
