/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "hd-store.h"
#include "hd-ticket-query.h"

G_BEGIN_DECLS

/* The schema version this build writes; see hd-store-schema.c. */
#define HD_STORE_SCHEMA_VERSION 11

/* Rows materialised per SELECT … WHERE id IN (…) by the list model. */
#define HD_STORE_PAGE_SIZE 64

/* Column list matching hd_store_ticket_from_row(): id first, then the fields. */
const char   *hd_store_ticket_columns  (void);

struct _HdStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  GHashTable *stmts;          /* SQL text (owned) → sqlite3_stmt */
  int schema_version;
  gboolean assigns_final_numbers;

  GMutex readers_lock;
  GPtrArray *idle_readers;    /* sqlite3 *, read-only connections */
};

/* A statement from the store's cache: reset (not finalized) when it goes out
 * of scope, which also ends the implicit read transaction of a SELECT. */
typedef sqlite3_stmt HdCachedStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdCachedStmt, sqlite3_reset)

/* hd-store.c */
sqlite3_stmt *hd_store_prepare         (HdStore      *self,
                                        const char   *sql,
                                        GError      **error);
void          hd_store_set_error       (HdStore      *self,
                                        GError      **error,
                                        int           rc,
                                        const char   *errmsg);
gboolean      hd_store_fail            (HdStore      *self,
                                        GError      **error,
                                        int           rc);
gboolean      hd_store_begin           (HdStore      *self,
                                        GError      **error);
gboolean      hd_store_commit          (HdStore      *self,
                                        GError      **error);
void          hd_store_rollback        (HdStore      *self);
void          hd_store_emit_tickets_changed (HdStore *self);
void          hd_store_emit_events_changed  (HdStore *self,
                                             const char *ticket_uuid);
sqlite3      *hd_store_get_db          (HdStore      *self);

/* Orders gint64 values ascending (ids, times): for g_array_sort and bsearch. */
int           hd_compare_int64         (gconstpointer a,
                                        gconstpointer b);

/* Read-only connections for worker threads (WAL lets them read while the
 * main connection writes). Thread-safe; give each back when done. */
sqlite3      *hd_store_acquire_reader  (HdStore      *self,
                                        GError      **error);
void          hd_store_release_reader  (HdStore      *self,
                                        sqlite3      *reader);
/* A statement for @sql on @reader, prepared on first use and kept with the
 * connection: give it back with hd_store_reader_finish(), never finalize
 * it. For the queries workers run on every keystroke. */
sqlite3_stmt *hd_store_reader_prepare  (sqlite3      *reader,
                                        const char   *sql);
void          hd_store_reader_finish   (sqlite3_stmt *stmt);

/* hd-store-schema.c */
gboolean      hd_store_schema_migrate  (sqlite3      *db,
                                        int           from_version,
                                        int           to_version,
                                        GError      **error);

/* hd-store-outbox.c */
gboolean      hd_store_outbox_append   (HdStore      *self,
                                        const char   *kind,
                                        const char   *entity_uuid,
                                        const char   *payload,
                                        gint64        created_at,
                                        GError      **error);

/* hd-store-fields.c: the ticket columns, their SQL and JSON */
typedef struct {
  char *columns;       /* "id, uuid, number, …" */
  char *qualified;     /* "tickets.id, tickets.uuid, …" */
  char *select_uuid;
  char *select_number;
  char *insert;
  char *update;        /* user fields, updated_at, sync_state; WHERE uuid = ?1 */
} HdTicketSql;

const HdTicketSql *hd_store_ticket_sql (void);
HdTicket     *hd_store_ticket_from_row (sqlite3_stmt *stmt,
                                        int           first_column);
void          hd_store_bind_ticket     (sqlite3_stmt *stmt,
                                        HdTicket     *ticket);
void          hd_store_add_ticket_json (JsonBuilder  *builder,
                                        HdTicket     *ticket);
guint         hd_store_diff_tickets    (HdTicket     *stored,
                                        HdTicket     *ticket,
                                        JsonBuilder  *changes,
                                        JsonBuilder  *diff,
                                        gboolean     *status_changed);
void          hd_store_add_attachments_json (JsonBuilder *builder,
                                             HdTicket    *ticket);
char         *hd_store_builder_to_string    (JsonBuilder *builder);
gboolean      hd_store_insert_attachments   (HdStore     *self,
                                             HdTicket    *ticket,
                                             GError     **error);
/* Inside the caller's transaction: @ticket's attachment rows replaced by
 * its list. */
gboolean      hd_store_replace_attachments  (HdStore     *self,
                                             HdTicket    *ticket,
                                             GError     **error);
gboolean      hd_store_load_attachments     (HdStore     *self,
                                             HdTicket    *ticket,
                                             GError     **error);

/* hd-store-events.c: inside the caller's transaction */
gboolean      hd_store_insert_event    (HdStore      *self,
                                        HdEvent      *event,
                                        GError      **error);
void          hd_store_add_event_json  (JsonBuilder  *builder,
                                        HdEvent      *event);

/* hd-store-sync.c: shared with hd-store-sync-apply.c */
const char   *hd_store_node_string     (JsonNode     *node);
gboolean      hd_store_node_int        (JsonNode     *node,
                                        gint64       *out);
void          hd_store_ticket_set_from_json (HdTicket   *ticket,
                                             JsonObject *object);
JsonNode     *hd_store_parse_json      (const char   *text);
char         *hd_store_node_to_string  (JsonNode     *node);
gboolean      hd_store_exec_text       (HdStore      *self,
                                        const char   *sql,
                                        const char   *a,
                                        const char   *b,
                                        GError      **error);
gboolean      hd_store_refresh_sync_state (HdStore    *self,
                                           const char *uuid,
                                           GError    **error);
gboolean      hd_store_free_number     (HdStore      *self,
                                        const char   *number,
                                        const char   *uuid,
                                        GError      **error);

/* hd-ticket-query.c: WHERE/ORDER BY built from fixed fragments; every user
 * value goes into binds (strings, bound in order as ?1, ?2, …). */
char         *hd_ticket_query_build_id_sql (HdTicketQuery *query,
                                            GPtrArray     *binds);
/* Search text → two FTS5 MATCH expressions of quoted phrases: terms of
 * ≥ 3 characters for the trigram index (tickets_fts), shorter ones for the
 * short-term index (tickets_short). Either may be NULL; returns FALSE
 * when both are (nothing to search for). */
gboolean      hd_search_split          (const char   *text,
                                        char        **match_expr,
                                        char        **chars_expr);
/* "SELECT rowid … ORDER BY rowid": the matching ticket ids from the
 * full-text indexes alone; NULL when @text holds nothing to search for. */
char         *hd_search_build_ids_sql  (const char   *text,
                                        GPtrArray    *binds);
/* hd-store-chars.c: registers the "hd_chars" and "hd_short" tokenizers,
 * hd_search_chars() and hd_matching_ids() on @db. */
gboolean      hd_store_register_tokenizers (sqlite3 *db);
/* hd-store-search-ids.c: the FTS5 auxiliary function hd_matching_ids(). */
gboolean      hd_store_register_matching_ids (fts5_api *api);
/* The ids of the tickets whose text matches @text, ascending (the same
 * tickets as hd_search_build_ids_sql()), read on @db, a reader of @store;
 * empty when @text holds nothing to search for. NULL and @error
 * (G_IO_ERROR_CANCELLED when @cancellable was) on failure. */
GArray       *hd_store_read_matching_ids (HdStore      *store,
                                          sqlite3      *db,
                                          const char   *text,
                                          GCancellable *cancellable,
                                          GError      **error);
/* The bit of @c in tickets.search_chars, or -1 when it has none (only
 * ASCII letters, either case, and digits have one). */
int           hd_search_char_bit (gunichar c);
void          hd_search_append_filter  (GString      *sql,
                                        const char   *id_column,
                                        const char   *text,
                                        GPtrArray    *binds);
/* hd-store-search.c: NULL when @text holds nothing to search for. */
char         *hd_store_build_search_sql (const char  *text,
                                         guint        limit,
                                         GPtrArray   *binds);
gboolean      hd_store_bind_strings    (sqlite3_stmt *stmt,
                                        GPtrArray    *binds);

G_END_DECLS
