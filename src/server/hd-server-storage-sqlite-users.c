/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-storage"

#include "config.h"

#include "hd-server-storage-sqlite-private.h"

/* Users, tokens and the documents (roster, agent states, configuration). */

#define USER_COLUMNS "SELECT name, role, grp, password_hash, disabled, created_at FROM users"

/* Users and tokens -------------------------------------------------------- */

gboolean
hd_sqlite_user_put (HdServerStorage    *storage,
                    const HdServerUser *user,
                    gboolean            insert,
                    GError            **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, insert
                                ? "INSERT INTO users (name, role, grp, password_hash, disabled,"
                                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                : "UPDATE users SET role = ?2, grp = ?3, password_hash = ?4,"
                                  " disabled = ?5 WHERE name = ?1",
                                user->name, error);
  if (stmt == NULL)
    return FALSE;
  hd_sqlite_bind_text (stmt, 2, user->role);
  hd_sqlite_bind_text (stmt, 3, user->group);
  hd_sqlite_bind_text (stmt, 4, user->password_hash);
  sqlite3_bind_int (stmt, 5, user->disabled ? 1 : 0);
  if (insert)
    sqlite3_bind_int64 (stmt, 6, user->created_at);
  return hd_sqlite_step_done (self, stmt, error);
}

static HdServerUser *
user_from_row (sqlite3_stmt *stmt)
{
  HdServerUser *user = g_new0 (HdServerUser, 1);

  user->name = hd_sqlite_column_text (stmt, 0);
  user->role = hd_sqlite_column_text (stmt, 1);
  user->group = hd_sqlite_column_text (stmt, 2);
  user->password_hash = hd_sqlite_column_text (stmt, 3);
  user->disabled = sqlite3_column_int (stmt, 4) != 0;
  user->created_at = sqlite3_column_int64 (stmt, 5);
  return user;
}

static void
add_user_row (sqlite3_stmt *stmt,
              GPtrArray    *users)
{
  g_ptr_array_add (users, user_from_row (stmt));
}

HdServerUser *
hd_sqlite_user_get (HdServerStorage *storage,
                    const char      *name,
                    GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, USER_COLUMNS " WHERE name = ?1", name, error);
  if (stmt == NULL || !hd_sqlite_step_row (self, stmt, error))
    return NULL;
  return user_from_row (stmt);
}

GPtrArray *
hd_sqlite_user_list (HdServerStorage *storage,
                     GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_server_user_free);

  stmt = hd_sqlite_prepare (self, USER_COLUMNS " ORDER BY name", error);
  if (stmt == NULL || !hd_sqlite_step_all (self, stmt, users, add_user_row, error))
    return NULL;
  return g_steal_pointer (&users);
}

gboolean
hd_sqlite_token_put (HdServerStorage *storage,
                     const char      *token_hash,
                     const char      *user,
                     gint64           expires_at,
                     GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, "INSERT INTO tokens (hash, user, expires_at)"
                                      " VALUES (?1, ?2, ?3)", token_hash, error);
  if (stmt == NULL)
    return FALSE;
  hd_sqlite_bind_text (stmt, 2, user);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  return hd_sqlite_step_done (self, stmt, error);
}

char *
hd_sqlite_token_lookup (HdServerStorage *storage,
                        const char      *token_hash,
                        gint64          *expires_at,
                        GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, "SELECT user, expires_at FROM tokens WHERE hash = ?1",
                                token_hash, error);
  if (stmt == NULL || !hd_sqlite_step_row (self, stmt, error))
    return NULL;
  *expires_at = sqlite3_column_int64 (stmt, 1);
  return hd_sqlite_column_text (stmt, 0);
}

gboolean
hd_sqlite_token_delete (HdServerStorage *storage,
                        const char      *token_hash,
                        const char      *user,
                        GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;

  if (token_hash != NULL)
    return hd_sqlite_run_key (self, "DELETE FROM tokens WHERE hash = ?1", token_hash, error);
  return hd_sqlite_run_key (self, "DELETE FROM tokens WHERE user = ?1", user, error);
}

/* Documents ----------------------------------------------------------------- */

char *
hd_sqlite_doc_get (HdServerStorage *storage,
                   const char      *key,
                   GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, "SELECT value FROM docs WHERE key = ?1", key, error);
  if (stmt == NULL || !hd_sqlite_step_row (self, stmt, error))
    return NULL;
  return hd_sqlite_column_text (stmt, 0);
}

gboolean
hd_sqlite_doc_put (HdServerStorage *storage,
                   const char      *key,
                   const char      *value,
                   GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  if (value == NULL)
    return hd_sqlite_run_key (self, "DELETE FROM docs WHERE key = ?1", key, error);

  stmt = hd_sqlite_prepare_key (self, "INSERT INTO docs (key, value) VALUES (?1, ?2)"
                                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                key, error);
  if (stmt == NULL)
    return FALSE;
  hd_sqlite_bind_text (stmt, 2, value);
  return hd_sqlite_step_done (self, stmt, error);
}

static void
add_doc_row (sqlite3_stmt *stmt,
             GPtrArray    *pairs)
{
  g_ptr_array_add (pairs, hd_sqlite_column_text (stmt, 0));
  g_ptr_array_add (pairs, hd_sqlite_column_text (stmt, 1));
}

GPtrArray *
hd_sqlite_doc_list (HdServerStorage *storage,
                    const char      *prefix,
                    GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *upper = NULL;

  /* A range scan rather than LIKE: the prefix is data, not a pattern. */
  upper = g_strconcat (prefix, "\xf4\x8f\xbf\xbf", NULL);
  stmt = hd_sqlite_prepare_key (self, "SELECT key, value FROM docs WHERE key >= ?1 AND key < ?2"
                                      " ORDER BY key", prefix, error);
  if (stmt == NULL)
    return NULL;
  hd_sqlite_bind_text (stmt, 2, upper);
  if (!hd_sqlite_step_all (self, stmt, pairs, add_doc_row, error))
    return NULL;
  return g_steal_pointer (&pairs);
}
