/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-store-private.h"

/*
 * Schema migrations. Migration N takes a file at user_version N-1 to N; they
 * run in order inside the caller's transaction, so an upgrade is all or
 * nothing. Never edit a released migration: append a new one and bump
 * HD_STORE_SCHEMA_VERSION. docs/data-model.md describes the result.
 */

/* 1: tickets, timeline, attachments, outbox, numbering, meta. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ") WITHOUT ROWID;"

  "CREATE TABLE tickets ("
  "  id                  INTEGER PRIMARY KEY,"
  "  uuid                TEXT NOT NULL UNIQUE,"
  "  number              TEXT NOT NULL,"
  "  number_provisional  INTEGER NOT NULL DEFAULT 0,"
  "  customer_label      TEXT,"
  "  customer_name       TEXT,"
  "  customer_number     TEXT,"
  "  customer_type       TEXT,"
  "  contact             TEXT,"
  "  channel             TEXT NOT NULL,"
  "  emotion             TEXT NOT NULL,"
  "  occurred_at         INTEGER NOT NULL DEFAULT 0,"
  "  description         TEXT,"
  "  type_l1             TEXT,"
  "  type_l2             TEXT,"
  "  impact              TEXT NOT NULL,"
  "  urgency             TEXT NOT NULL,"
  "  priority            TEXT,"
  "  receiver            TEXT,"
  "  handling_group      TEXT,"
  "  handler             TEXT,"
  "  transfer_department TEXT,"
  "  transfer_contact    TEXT,"
  "  transfer_note       TEXT,"
  "  cc_departments      TEXT NOT NULL DEFAULT '[]',"  /* JSON array of ids */
  "  created_at          INTEGER NOT NULL,"
  "  updated_at          INTEGER NOT NULL,"
  "  first_response_at   INTEGER NOT NULL DEFAULT 0,"
  "  response_due        INTEGER NOT NULL DEFAULT 0,"
  "  resolution_due      INTEGER NOT NULL DEFAULT 0,"
  "  result              TEXT,"
  "  satisfaction        TEXT NOT NULL,"
  "  status              TEXT NOT NULL,"
  "  escalated           INTEGER NOT NULL DEFAULT 0,"
  "  sync_state          TEXT NOT NULL,"
  "  server_revision     INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE UNIQUE INDEX tickets_number ON tickets (number);"
  "CREATE INDEX tickets_status_due ON tickets (status, resolution_due);"
  "CREATE INDEX tickets_status_created ON tickets (status, created_at);"
  "CREATE INDEX tickets_handler ON tickets (handler);"
  "CREATE INDEX tickets_group ON tickets (handling_group);"
  "CREATE INDEX tickets_priority ON tickets (priority);"
  "CREATE INDEX tickets_updated ON tickets (updated_at);"
  "CREATE INDEX tickets_created ON tickets (created_at);"

  "CREATE TABLE events ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  ticket_uuid TEXT NOT NULL REFERENCES tickets (uuid),"
  "  kind        TEXT NOT NULL,"
  "  author      TEXT,"
  "  created_at  INTEGER NOT NULL,"
  "  text        TEXT,"
  "  data        TEXT,"
  "  sync_state  TEXT NOT NULL"
  ");"
  "CREATE INDEX events_ticket ON events (ticket_uuid, created_at, id);"

  "CREATE TABLE attachments ("
  "  id          INTEGER PRIMARY KEY,"
  "  ticket_uuid TEXT NOT NULL REFERENCES tickets (uuid),"
  "  position    INTEGER NOT NULL,"
  "  kind        TEXT NOT NULL,"
  "  name        TEXT,"
  "  mime_type   TEXT,"
  "  size        INTEGER NOT NULL DEFAULT 0,"
  "  sha256      TEXT,"
  "  text        TEXT,"
  "  UNIQUE (ticket_uuid, position)"
  ");"

  "CREATE TABLE outbox ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  op_uuid     TEXT NOT NULL UNIQUE,"
  "  kind        TEXT NOT NULL,"
  "  entity_uuid TEXT NOT NULL,"
  "  payload     TEXT NOT NULL,"
  "  created_at  INTEGER NOT NULL"
  ");"

  /* series: 'final' (CS20231001-0001) or 'provisional' (CS20231001-T0001). */
  "CREATE TABLE number_serials ("
  "  day    TEXT NOT NULL,"
  "  series TEXT NOT NULL,"
  "  last   INTEGER NOT NULL,"
  "  PRIMARY KEY (day, series)"
  ") WITHOUT ROWID;";

/* 2: full-text search. External-content FTS5 over the searchable columns,
 * trigram tokenizer (substring search that works for Chinese without word
 * segmentation), kept in step by triggers; 'rebuild' indexes older rows. */
static const char migration_2[] =
  "CREATE VIRTUAL TABLE tickets_fts USING fts5 ("
  "  number, customer_label, customer_name, customer_number, contact, description,"
  "  content='tickets', content_rowid='id', tokenize='trigram'"
  ");"
  "CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN"
  "  INSERT INTO tickets_fts (rowid, number, customer_label, customer_name,"
  "                           customer_number, contact, description)"
  "  VALUES (new.id, new.number, new.customer_label, new.customer_name,"
  "          new.customer_number, new.contact, new.description);"
  "END;"
  "CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN"
  "  INSERT INTO tickets_fts (tickets_fts, rowid, number, customer_label, customer_name,"
  "                           customer_number, contact, description)"
  "  VALUES ('delete', old.id, old.number, old.customer_label, old.customer_name,"
  "          old.customer_number, old.contact, old.description);"
  "END;"
  "CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, customer_label, customer_name,"
  "  customer_number, contact, description ON tickets BEGIN"
  "  INSERT INTO tickets_fts (tickets_fts, rowid, number, customer_label, customer_name,"
  "                           customer_number, contact, description)"
  "  VALUES ('delete', old.id, old.number, old.customer_label, old.customer_name,"
  "          old.customer_number, old.contact, old.description);"
  "  INSERT INTO tickets_fts (rowid, number, customer_label, customer_name,"
  "                           customer_number, contact, description)"
  "  VALUES (new.id, new.number, new.customer_label, new.customer_name,"
  "          new.customer_number, new.contact, new.description);"
  "END;"
  "INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');";

/* 3: sync — the values of ours the server replaced, and operations it
 * refused, shown on the ticket until the user dismisses or re-applies them.
 * `key` makes recording idempotent when a pulled page is applied again. */
static const char migration_3[] =
  "CREATE TABLE sync_conflicts ("
  "  id            INTEGER PRIMARY KEY,"
  "  key           TEXT NOT NULL UNIQUE,"
  "  ticket_uuid   TEXT NOT NULL,"
  "  kind          TEXT NOT NULL,"       /* 'replaced' or 'rejected' */
  "  field         TEXT,"
  "  lost_value    TEXT,"                /* JSON */
  "  winning_value TEXT,"                /* JSON */
  "  winner        TEXT,"
  "  revision      INTEGER NOT NULL DEFAULT 0,"
  "  message       TEXT,"
  "  created_at    INTEGER NOT NULL,"
  "  resolved      INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX sync_conflicts_ticket ON sync_conflicts (ticket_uuid, resolved);";

/* 4: intake (docs/intake.md): customers with anonymised labels, autosaved
 * drafts, encrypted sensitive fields, classification overrides; tickets by
 * customer for duplicate checks. Customers already on tickets are indexed. */
static const char migration_4[] =
  "CREATE TABLE customers ("
  "  id          INTEGER PRIMARY KEY,"
  "  label       TEXT NOT NULL UNIQUE,"
  "  number      TEXT,"
  "  name        TEXT,"
  "  type        TEXT,"
  "  contact     TEXT,"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL"
  ");"
  "CREATE INDEX customers_number ON customers (number);"
  "CREATE INDEX customers_contact ON customers (contact);"
  "CREATE INDEX customers_updated ON customers (updated_at);"
  "INSERT OR IGNORE INTO customers (label, number, name, type, contact, created_at, updated_at)"
  "  SELECT customer_label, customer_number, customer_name, customer_type, contact,"
  "         MIN(created_at), MAX(updated_at)"
  "  FROM tickets WHERE customer_label IS NOT NULL AND customer_label <> ''"
  "  GROUP BY customer_label;"
  "CREATE INDEX tickets_customer_label ON tickets (customer_label, status);"
  /* Every way a ticket arrives (intake, sync, imports) keeps customers known. */
  "CREATE TRIGGER customers_from_ticket_insert AFTER INSERT ON tickets"
  "  WHEN new.customer_label IS NOT NULL AND new.customer_label <> '' BEGIN"
  "  INSERT INTO customers (label, number, name, type, contact, created_at, updated_at)"
  "  VALUES (new.customer_label, new.customer_number, new.customer_name, new.customer_type,"
  "          new.contact, new.created_at, new.updated_at)"
  "  ON CONFLICT (label) DO UPDATE SET"
  "    number = COALESCE (excluded.number, number), name = COALESCE (excluded.name, name),"
  "    type = COALESCE (excluded.type, type), contact = COALESCE (excluded.contact, contact),"
  "    updated_at = MAX (updated_at, excluded.updated_at);"
  "END;"
  "CREATE TRIGGER customers_from_ticket_update AFTER UPDATE OF customer_label, customer_number,"
  "  customer_name, customer_type, contact ON tickets"
  "  WHEN new.customer_label IS NOT NULL AND new.customer_label <> '' BEGIN"
  "  INSERT INTO customers (label, number, name, type, contact, created_at, updated_at)"
  "  VALUES (new.customer_label, new.customer_number, new.customer_name, new.customer_type,"
  "          new.contact, new.created_at, new.updated_at)"
  "  ON CONFLICT (label) DO UPDATE SET"
  "    number = COALESCE (excluded.number, number), name = COALESCE (excluded.name, name),"
  "    type = COALESCE (excluded.type, type), contact = COALESCE (excluded.contact, contact),"
  "    updated_at = MAX (updated_at, excluded.updated_at);"
  "END;"

  "CREATE TABLE drafts ("
  "  key         TEXT PRIMARY KEY NOT NULL,"
  "  payload     TEXT NOT NULL,"   /* JSON object, never a sensitive field */
  "  updated_at  INTEGER NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE sensitive_fields ("
  "  ticket_uuid TEXT NOT NULL REFERENCES tickets (uuid),"
  "  field       TEXT NOT NULL,"
  "  sealed      TEXT NOT NULL,"   /* hdsb1:… (hd-secret-box.c) */
  "  created_at  INTEGER NOT NULL,"
  "  PRIMARY KEY (ticket_uuid, field)"
  ") WITHOUT ROWID;"

  "CREATE TABLE classification_overrides ("
  "  id              INTEGER PRIMARY KEY,"
  "  ticket_uuid     TEXT NOT NULL,"
  "  source          TEXT NOT NULL,"  /* none, rule, learned */
  "  rule_id         TEXT,"
  "  proposed_type_l1 TEXT,"
  "  proposed_type_l2 TEXT,"
  "  chosen_type_l1  TEXT,"
  "  chosen_type_l2  TEXT,"
  "  author          TEXT,"
  "  created_at      INTEGER NOT NULL"
  ");"
  "CREATE INDEX classification_overrides_rule ON classification_overrides (rule_id);";

/* 5: reports (docs/reports.md): each ticket's timeline in brief — its last
 * close, whether it was ever resolved, whether it was reopened — kept by a
 * trigger on every status change however it arrives (commands, sync,
 * imports), so a report reads one row per ticket rather than its timeline. */
static const char migration_5[] =
  "CREATE TABLE ticket_timeline_summary ("
  "  ticket_id  INTEGER PRIMARY KEY,"          /* tickets.id */
  "  closed_at  INTEGER NOT NULL DEFAULT 0,"   /* the last status change to closed */
  "  resolved   INTEGER NOT NULL DEFAULT 0,"   /* reached awaiting feedback, pending close or closed */
  "  reopened   INTEGER NOT NULL DEFAULT 0"    /* went back from one of those to in progress */
  ");"
  "CREATE TRIGGER ticket_timeline_summary_event AFTER INSERT ON events"
  "  WHEN new.kind = 'status_change' AND json_valid (new.data) BEGIN"
  "  INSERT INTO ticket_timeline_summary (ticket_id, closed_at, resolved, reopened)"
  "  SELECT t.id,"
  "    CASE WHEN json_extract (new.data, '$.to') = 'closed' THEN new.created_at ELSE 0 END,"
  "    json_extract (new.data, '$.to') IN ('awaiting_feedback', 'pending_close', 'closed'),"
  "    json_extract (new.data, '$.to') = 'in_progress' AND"
  "      json_extract (new.data, '$.from') IN ('awaiting_feedback', 'pending_close', 'closed')"
  "  FROM tickets t WHERE t.uuid = new.ticket_uuid"
  "  ON CONFLICT (ticket_id) DO UPDATE SET"
  "    closed_at = MAX (closed_at, excluded.closed_at),"
  "    resolved = MAX (resolved, excluded.resolved),"
  "    reopened = MAX (reopened, excluded.reopened);"
  "END;"
  "INSERT INTO ticket_timeline_summary (ticket_id, closed_at, resolved, reopened)"
  "  SELECT t.id,"
  "    MAX (CASE WHEN json_extract (e.data, '$.to') = 'closed' THEN e.created_at ELSE 0 END),"
  "    MAX (json_extract (e.data, '$.to') IN ('awaiting_feedback', 'pending_close', 'closed')),"
  "    MAX (json_extract (e.data, '$.to') = 'in_progress' AND"
  "         json_extract (e.data, '$.from') IN ('awaiting_feedback', 'pending_close', 'closed'))"
  "  FROM events e JOIN tickets t ON t.uuid = e.ticket_uuid"
  "  WHERE e.kind = 'status_change' AND json_valid (e.data)"
  "  GROUP BY t.id;";

/* v6: satisfaction surveys (SPEC R6; rows come from the server's change feed,
 * entity "survey", and agent-recorded answers) and the SLA alerts already
 * shown, so a restart does not notify the same breach twice (SPEC R4.1). */
static const char migration_6[] =
  "CREATE TABLE surveys ("
  "  uuid TEXT PRIMARY KEY,"
  "  ticket_uuid TEXT NOT NULL,"
  "  token TEXT,"                              /* the one-time link's token; NULL until the server sent it */
  "  created_at INTEGER NOT NULL,"
  "  answered_at INTEGER NOT NULL DEFAULT 0,"  /* 0 = waiting for an answer */
  "  rating TEXT NOT NULL DEFAULT 'none',"     /* an HdSatisfaction id */
  "  comment TEXT,"
  "  via TEXT"                                 /* 'agent', 'web' or NULL */
  ");"
  "CREATE INDEX surveys_by_ticket ON surveys (ticket_uuid, created_at);"
  "CREATE TABLE sla_alerts ("
  "  ticket_uuid TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"                      /* e.g. 'response_breach', 'escalation:no_progress_update' */
  "  due INTEGER NOT NULL,"                    /* the deadline alerted for: a recomputed deadline alerts again */
  "  notified_at INTEGER NOT NULL,"
  "  PRIMARY KEY (ticket_uuid, kind, due)"
  ") WITHOUT ROWID;";

/* v7: related-ticket links (hd-ticket-links.c) are "link"/"unlink" timeline
 * events on one ticket naming the other in data.ticket_uuid; this partial
 * index finds the links made from the other side without reading every
 * event. HD_TICKET_LINKS_TARGET_SQL must stay the same expression. */
static const char migration_7[] =
  "CREATE INDEX events_link_target ON events"
  "  ((CASE WHEN json_valid (data) THEN json_extract (data, '$.ticket_uuid') END), created_at)"
  "  WHERE kind IN ('link', 'unlink');";

/* v8: short search terms. Terms under three characters (the first ones
 * typed: 客, 登录, E1) cannot use the trigram index and were a LIKE scan of
 * every ticket; this index has one token per character (the "hd_chars"
 * tokenizer of hd-store-chars.c) and answers them as phrases. Same columns
 * and triggers as tickets_fts. */
static const char migration_8[] =
  "CREATE VIRTUAL TABLE tickets_chars USING fts5 ("
  "  number, customer_label, customer_name, customer_number, contact, description,"
  "  content='tickets', content_rowid='id', tokenize='hd_chars', columnsize=0"
  ");"
  "CREATE TRIGGER tickets_chars_insert AFTER INSERT ON tickets BEGIN"
  "  INSERT INTO tickets_chars (rowid, number, customer_label, customer_name,"
  "                             customer_number, contact, description)"
  "  VALUES (new.id, new.number, new.customer_label, new.customer_name,"
  "          new.customer_number, new.contact, new.description);"
  "END;"
  "CREATE TRIGGER tickets_chars_delete AFTER DELETE ON tickets BEGIN"
  "  INSERT INTO tickets_chars (tickets_chars, rowid, number, customer_label, customer_name,"
  "                             customer_number, contact, description)"
  "  VALUES ('delete', old.id, old.number, old.customer_label, old.customer_name,"
  "          old.customer_number, old.contact, old.description);"
  "END;"
  "CREATE TRIGGER tickets_chars_update AFTER UPDATE OF number, customer_label, customer_name,"
  "  customer_number, contact, description ON tickets BEGIN"
  "  INSERT INTO tickets_chars (tickets_chars, rowid, number, customer_label, customer_name,"
  "                             customer_number, contact, description)"
  "  VALUES ('delete', old.id, old.number, old.customer_label, old.customer_name,"
  "          old.customer_number, old.contact, old.description);"
  "  INSERT INTO tickets_chars (rowid, number, customer_label, customer_name,"
  "                             customer_number, contact, description)"
  "  VALUES (new.id, new.number, new.customer_label, new.customer_name,"
  "          new.customer_number, new.contact, new.description);"
  "END;"
  "INSERT INTO tickets_chars (tickets_chars) VALUES ('rebuild');";

/* v9: short search terms as one token each. tickets_chars answered a
 * two-character term as a phrase of two one-character tokens, reading both
 * characters' positions in every ticket holding either (19 ms for 客户 in
 * 100 000 tickets); tickets_short's tokenizer ("hd_short") indexes every
 * character and every pair of adjacent characters, so a term under three
 * characters is one token's list of tickets, without positions
 * (detail=none). Same columns and triggers. */
static const char migration_9[] =
  "DROP TRIGGER tickets_chars_insert;"
  "DROP TRIGGER tickets_chars_delete;"
  "DROP TRIGGER tickets_chars_update;"
  "DROP TABLE tickets_chars;"
  "CREATE VIRTUAL TABLE tickets_short USING fts5 ("
  "  number, customer_label, customer_name, customer_number, contact, description,"
  "  content='tickets', content_rowid='id', tokenize='hd_short', detail=none, columnsize=0"
  ");"
  "CREATE TRIGGER tickets_short_insert AFTER INSERT ON tickets BEGIN"
  "  INSERT INTO tickets_short (rowid, number, customer_label, customer_name,"
  "                             customer_number, contact, description)"
  "  VALUES (new.id, new.number, new.customer_label, new.customer_name,"
  "          new.customer_number, new.contact, new.description);"
  "END;"
  "CREATE TRIGGER tickets_short_delete AFTER DELETE ON tickets BEGIN"
  "  INSERT INTO tickets_short (tickets_short, rowid, number, customer_label, customer_name,"
  "                             customer_number, contact, description)"
  "  VALUES ('delete', old.id, old.number, old.customer_label, old.customer_name,"
  "          old.customer_number, old.contact, old.description);"
  "END;"
  "CREATE TRIGGER tickets_short_update AFTER UPDATE OF number, customer_label, customer_name,"
  "  customer_number, contact, description ON tickets BEGIN"
  "  INSERT INTO tickets_short (tickets_short, rowid, number, customer_label, customer_name,"
  "                             customer_number, contact, description)"
  "  VALUES ('delete', old.id, old.number, old.customer_label, old.customer_name,"
  "          old.customer_number, old.contact, old.description);"
  "  INSERT INTO tickets_short (rowid, number, customer_label, customer_name,"
  "                             customer_number, contact, description)"
  "  VALUES (new.id, new.number, new.customer_label, new.customer_name,"
  "          new.customer_number, new.contact, new.description);"
  "END;"
  "INSERT INTO tickets_short (tickets_short) VALUES ('rebuild');";

/* v10: search_chars, a bit for each ASCII letter and digit of the columns
 * tickets_short indexes (hd-store-chars.c): a one-character search is
 * answered from the ticket index in memory. Kept by triggers, as the
 * full-text tables are. */
#define SEARCH_CHARS(row) \
  "hd_search_chars (" row ".number, " row ".customer_label, " row ".customer_name, " \
  row ".customer_number, " row ".contact, " row ".description)"
static const char migration_10[] =
  "ALTER TABLE tickets ADD COLUMN search_chars INTEGER NOT NULL DEFAULT 0;"
  "CREATE TRIGGER tickets_search_chars_insert AFTER INSERT ON tickets BEGIN"
  "  UPDATE tickets SET search_chars = " SEARCH_CHARS ("new") " WHERE id = new.id;"
  "END;"
  "CREATE TRIGGER tickets_search_chars_update AFTER UPDATE OF number, customer_label, customer_name,"
  "  customer_number, contact, description ON tickets BEGIN"
  "  UPDATE tickets SET search_chars = " SEARCH_CHARS ("new") " WHERE id = new.id;"
  "END;"
  "UPDATE tickets SET search_chars = hd_search_chars (number, customer_label, customer_name,"
  "  customer_number, contact, description);";
#undef SEARCH_CHARS

/* v11: the ticket index's keys (hd-ticket-index.c) as a covering index:
 * reading them for every ticket — when the board opens and after every
 * commit — scanned the whole table, descriptions included; the index is
 * about a tenth of its pages, which counts most when they are not cached. */
static const char migration_11[] =
  "CREATE INDEX tickets_board_keys ON tickets (id, status, handler, handling_group, priority,"
  "  type_l1, escalated, created_at, updated_at, first_response_at, response_due, resolution_due,"
  "  search_chars);";

static const char * const migrations[] = {
  NULL,
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
  migration_10,
  migration_11,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == HD_STORE_SCHEMA_VERSION + 1);

/* Runs migrations from_version+1 … to_version on @db, which must be inside a
 * transaction; the statements are fixed DDL, with no values to bind. */
gboolean
hd_store_schema_migrate (sqlite3  *db,
                         int       from_version,
                         int       to_version,
                         GError  **error)
{
  g_return_val_if_fail (from_version >= 0, FALSE);
  g_return_val_if_fail (to_version <= HD_STORE_SCHEMA_VERSION, FALSE);

  /* Migrations 8 and 9 and the triggers they create need the tokenizers. */
  if (to_version >= 8 && !hd_store_register_tokenizers (db))
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_IO,
                   _("Could not upgrade the ticket database “%s”: this SQLite has no full-text search (FTS5)"),
                   sqlite3_db_filename (db, "main"));
      return FALSE;
    }

  for (int v = from_version + 1; v <= to_version; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v);
      char *errmsg = NULL;
      int rc;

      rc = sqlite3_exec (db, migrations[v], NULL, NULL, &errmsg);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, set_version, NULL, NULL, &errmsg);

      if (rc != SQLITE_OK)
        {
          int code = (rc & 0xff) == SQLITE_FULL ? HD_STORE_ERROR_DISK_FULL
                   : (rc & 0xff) == SQLITE_READONLY ? HD_STORE_ERROR_READ_ONLY
                   : (rc & 0xff) == SQLITE_CORRUPT ? HD_STORE_ERROR_CORRUPT
                   : HD_STORE_ERROR_IO;

          g_set_error (error, HD_STORE_ERROR, code,
                       _("Could not upgrade the ticket database “%s” to version %d (%s)"),
                       sqlite3_db_filename (db, "main"), v, errmsg ? errmsg : sqlite3_errstr (rc));
          sqlite3_free (errmsg);
          return FALSE;
        }
    }

  return TRUE;
}
