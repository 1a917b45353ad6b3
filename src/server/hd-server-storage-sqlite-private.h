/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "hd-server-storage-sqlite.h"

G_BEGIN_DECLS

typedef struct {
  HdServerStorage parent;
  sqlite3 *db;
  char *path;
  GHashTable *stmts; /* SQL text → sqlite3_stmt, reset after each use */
} HdSqliteStorage;

/* A statement from the cache: reset (not finalized) when it goes out of
 * scope. */
typedef sqlite3_stmt HdStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdStmt, sqlite3_reset)

/* Adds one row of `stmt` to `out`. */
typedef void (*HdSqliteRowFunc) (sqlite3_stmt *stmt,
                                 GPtrArray    *out);

/* hd-server-storage-sqlite.c: statement helpers */
void          hd_sqlite_set_error     (HdSqliteStorage *self,
                                       GError         **error,
                                       int              rc);
sqlite3_stmt *hd_sqlite_prepare       (HdSqliteStorage *self,
                                       const char      *sql,
                                       GError         **error);
sqlite3_stmt *hd_sqlite_prepare_key   (HdSqliteStorage *self,
                                       const char      *sql,
                                       const char      *key,
                                       GError         **error);
void          hd_sqlite_bind_text     (sqlite3_stmt    *stmt,
                                       int              index,
                                       const char      *text);
char         *hd_sqlite_column_text   (sqlite3_stmt    *stmt,
                                       int              column);
gboolean      hd_sqlite_step_done     (HdSqliteStorage *self,
                                       sqlite3_stmt    *stmt,
                                       GError         **error);
gboolean      hd_sqlite_step_row      (HdSqliteStorage *self,
                                       sqlite3_stmt    *stmt,
                                       GError         **error);
gint64        hd_sqlite_step_int64    (HdSqliteStorage *self,
                                       sqlite3_stmt    *stmt,
                                       GError         **error);
gboolean      hd_sqlite_step_all      (HdSqliteStorage *self,
                                       sqlite3_stmt    *stmt,
                                       GPtrArray       *out,
                                       HdSqliteRowFunc  add_row,
                                       GError         **error);
gboolean      hd_sqlite_run_key       (HdSqliteStorage *self,
                                       const char      *sql,
                                       const char      *key,
                                       GError         **error);
gboolean      hd_sqlite_row_exists    (HdSqliteStorage *self,
                                       const char      *sql,
                                       const char      *key,
                                       gboolean        *exists,
                                       GError         **error);

/* hd-server-storage-sqlite-users.c: users, tokens, documents */
gboolean      hd_sqlite_user_put      (HdServerStorage    *storage,
                                       const HdServerUser *user,
                                       gboolean            insert,
                                       GError            **error);
HdServerUser *hd_sqlite_user_get      (HdServerStorage    *storage,
                                       const char         *name,
                                       GError            **error);
GPtrArray    *hd_sqlite_user_list     (HdServerStorage    *storage,
                                       GError            **error);
gboolean      hd_sqlite_token_put     (HdServerStorage    *storage,
                                       const char         *token_hash,
                                       const char         *user,
                                       gint64              expires_at,
                                       GError            **error);
char         *hd_sqlite_token_lookup  (HdServerStorage    *storage,
                                       const char         *token_hash,
                                       gint64             *expires_at,
                                       GError            **error);
gboolean      hd_sqlite_token_delete  (HdServerStorage    *storage,
                                       const char         *token_hash,
                                       const char         *user,
                                       GError            **error);
char         *hd_sqlite_doc_get       (HdServerStorage    *storage,
                                       const char         *key,
                                       GError            **error);
gboolean      hd_sqlite_doc_put       (HdServerStorage    *storage,
                                       const char         *key,
                                       const char         *value,
                                       GError            **error);
GPtrArray    *hd_sqlite_doc_list      (HdServerStorage    *storage,
                                       const char         *prefix,
                                       GError            **error);

/* hd-server-storage-sqlite-changes.c: operations, tickets, events, feed,
 * blobs */
char         *hd_sqlite_op_get        (HdServerStorage      *storage,
                                       const char           *op_uuid,
                                       char                **user,
                                       char                **digest,
                                       GError              **error);
gboolean      hd_sqlite_op_put        (HdServerStorage      *storage,
                                       const char           *op_uuid,
                                       const char           *user,
                                       const char           *digest,
                                       const char           *reply,
                                       GError              **error);
HdServerTicket *hd_sqlite_ticket_get  (HdServerStorage      *storage,
                                       const char           *uuid,
                                       GError              **error);
gboolean      hd_sqlite_ticket_put    (HdServerStorage      *storage,
                                       const HdServerTicket *ticket,
                                       gboolean              insert,
                                       GError              **error);
gint64        hd_sqlite_next_serial   (HdServerStorage      *storage,
                                       const char           *day,
                                       GError              **error);
gboolean      hd_sqlite_event_exists  (HdServerStorage      *storage,
                                       const char           *uuid,
                                       gboolean             *exists,
                                       GError              **error);
gboolean      hd_sqlite_event_put     (HdServerStorage      *storage,
                                       const char           *uuid,
                                       const char           *ticket_uuid,
                                       const char           *data,
                                       GError              **error);
GPtrArray    *hd_sqlite_event_list    (HdServerStorage      *storage,
                                       const char           *ticket_uuid,
                                       GError              **error);
gint64        hd_sqlite_change_append (HdServerStorage      *storage,
                                       const HdServerChange *change,
                                       GError              **error);
GPtrArray    *hd_sqlite_change_list   (HdServerStorage      *storage,
                                       gint64                after,
                                       guint                 limit,
                                       GError              **error);
gint64        hd_sqlite_change_head   (HdServerStorage      *storage,
                                       GError              **error);
gboolean      hd_sqlite_blob_put      (HdServerStorage      *storage,
                                       const char           *sha256,
                                       GBytes               *bytes,
                                       GError              **error);
GBytes       *hd_sqlite_blob_get      (HdServerStorage      *storage,
                                       const char           *sha256,
                                       GError              **error);
gboolean      hd_sqlite_blob_exists   (HdServerStorage      *storage,
                                       const char           *sha256,
                                       gboolean             *exists,
                                       GError              **error);

/* hd-server-storage-sqlite-surveys.c: satisfaction surveys */
gboolean      hd_sqlite_survey_put    (HdServerStorage      *storage,
                                       const HdSurvey       *survey,
                                       gboolean              insert,
                                       GError              **error);
HdSurvey     *hd_sqlite_survey_get    (HdServerStorage      *storage,
                                       const char           *uuid,
                                       GError              **error);
HdSurvey     *hd_sqlite_survey_get_by_token (HdServerStorage *storage,
                                       const char           *token,
                                       GError              **error);
HdSurvey     *hd_sqlite_survey_get_latest (HdServerStorage  *storage,
                                       const char           *ticket_uuid,
                                       GError              **error);

G_END_DECLS
