/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <sqlite3.h>

#include "hd-config.h"
#include "hd-sample-data.h"
#include "hd-server-storage.h"
#include "hd-store-private.h"
#include "hd-test-sync.h"
#include "hd-uuid.h"

/*
 * Sync benchmark (docs/benchmarks.md, "Sync"): an initial sync of
 * HD_BENCH_SYNC_TICKETS (default 100 000) tickets with their "created"
 * events from helpdesk-server on loopback, and an incremental sync of one
 * change; each beside its limit measured in the same run: a raw SQLite
 * insert (or update) of the same rows into a file with the same schema.
 */

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Fills the server's storage directly, in one transaction: the benchmark
 * measures the pull, not 100 000 pushes. */
static void
seed_server (const char *storage_path,
             guint       n)
{
  g_autoptr(HdServerStorage) storage = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (NULL);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  storage = hd_server_storage_open (storage_path, &error);
  g_assert_no_error (error);
  tickets = hd_sample_data_generate (config, n, 1, now);
  g_assert_true (storage->vtable->begin (storage, &error));

  for (guint i = 0; i < tickets->len; i++)
    {
      HdTicket *t = g_ptr_array_index (tickets, i);
      g_autofree char *uuid = hd_uuid_new ();
      g_autofree char *event_uuid = hd_uuid_new ();
      g_autofree char *number = g_strdup_printf ("CS20240101-%06u", i + 1);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *data = NULL;
      g_autofree char *event = NULL;
      HdServerChange change = { 0 };
      HdServerTicket ticket = { 0 };

      hd_ticket_set_uuid (t, uuid);
      hd_ticket_set_number (t, number);
      hd_ticket_set_number_provisional (t, FALSE);
      if (hd_ticket_get_created_at (t) == 0)
        hd_ticket_set_created_at (t, now);
      hd_ticket_set_updated_at (t, now);
      hd_store_add_ticket_json (builder, t);
      data = hd_store_builder_to_string (builder);

      change.entity = (char *) "ticket";
      change.entity_uuid = uuid;
      change.author = (char *) "root";
      change.changed_at = now;
      change.data = data;
      ticket.uuid = uuid;
      ticket.number = number;
      ticket.data = data;
      ticket.field_revisions = (char *) "{}";
      ticket.revision = storage->vtable->change_append (storage, &change, &error);
      g_assert_no_error (error);
      g_assert_true (storage->vtable->ticket_put (storage, &ticket, TRUE, &error));

      event = g_strdup_printf ("{\"uuid\":\"%s\",\"ticket_uuid\":\"%s\",\"kind\":\"created\","
                               "\"author\":\"root\",\"created_at\":%" G_GINT64_FORMAT ",\"text\":null,\"data\":null}",
                               event_uuid, uuid, hd_ticket_get_created_at (t));
      change.entity = (char *) "event";
      change.entity_uuid = event_uuid;
      change.data = event;
      g_assert_true (storage->vtable->event_put (storage, event_uuid, uuid, event, &error));
      g_assert_cmpint (storage->vtable->change_append (storage, &change, &error), >, 0);
    }
  g_assert_true (storage->vtable->commit (storage, &error));
}

/* The limit: the same rows inserted by SQLite alone, into the same schema
 * with the same settings (WAL, synchronous=FULL, indexes, FTS triggers). */
static double
raw_insert (const char *synced_path,
            const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  char *attach = NULL;
  sqlite3 *db = NULL;
  gint64 start;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                     " PRAGMA foreign_keys=ON; BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (hd_store_schema_migrate (db, 0, HD_STORE_SCHEMA_VERSION, NULL));
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  attach = sqlite3_mprintf ("ATTACH %Q AS src", synced_path);
  g_assert_cmpint (sqlite3_exec (db, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (attach);
  /* Read the source once so the timing is of the writes. */
  g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM src.tickets; SELECT count(*) FROM src.events",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  g_assert_cmpint (sqlite3_exec (db, "BEGIN;"
                                     " INSERT INTO tickets SELECT * FROM src.tickets;"
                                     " INSERT INTO attachments SELECT * FROM src.attachments;"
                                     " INSERT INTO events SELECT * FROM src.events;"
                                     " COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return seconds_since (start);
}

static double
raw_update_one (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  sqlite3 *db = NULL;
  gint64 start;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
  start = g_get_monotonic_time ();
  g_assert_cmpint (sqlite3_exec (db, "BEGIN; UPDATE tickets SET priority = 'urgent', server_revision = server_revision + 1"
                                     " WHERE id = 500;"
                                     " INSERT INTO events (uuid, ticket_uuid, kind, author, created_at, sync_state)"
                                     " SELECT 'bench-event', uuid, 'field_change', 'root', 1, 'synced' FROM tickets WHERE id = 500;"
                                     " COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return seconds_since (start);
}

static void
bench_sync (void)
{
  const char *env = g_getenv ("HD_BENCH_SYNC_TICKETS");
  guint n = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 100000;
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autofree char *root = NULL;
  g_autofree char *agent = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  HdTestClient *client, *other;
  gint64 start;
  double seed_s, initial_s, raw_s, incr_s, raw_one_s;

  hd_test_sync_track_server (server);
  root = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  agent = hd_test_add_user (server, root, "alice", "supervisor", NULL);
  hd_test_server_kill (server);
  start = g_get_monotonic_time ();
  seed_server (server->storage, n);
  seed_s = seconds_since (start);
  hd_test_server_restart (server);

  client = hd_test_client_new (server->url, "alice", agent);
  hd_sync_engine_set_timeout (client->engine, 120000);
  start = g_get_monotonic_time ();
  hd_test_client_sync (client, &error);
  initial_s = seconds_since (start);
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_count_tickets (client->store), ==, n);
  raw_s = raw_insert (client->path, client->dir);

  /* One change made elsewhere, then pulled. */
  other = hd_test_client_new (server->url, "alice", agent);
  {
    g_autoptr(HdTicket) t = NULL;
    g_autoptr(GPtrArray) mine = hd_test_client_create (other, 1, 3);

    hd_test_client_sync (other, &error);
    g_assert_no_error (error);
    hd_test_client_sync (client, &error);
    g_assert_no_error (error);
    hd_test_client_edit (other, g_ptr_array_index (mine, 0), "priority", "urgent");
    hd_test_client_sync (other, &error);
    g_assert_no_error (error);
  }
  start = g_get_monotonic_time ();
  hd_test_client_sync (client, &error);
  incr_s = seconds_since (start);
  g_assert_no_error (error);
  raw_one_s = raw_update_one (client->dir);

  g_print ("sync: seeded the server with %u tickets + %u events in %.2f s\n", n, n, seed_s);
  g_print ("sync: initial sync of %u tickets + %u events: %.2f s (%.0f tickets/s, pages of 2000 read ahead);"
           " limit, raw SQLite insert of the same rows: %.2f s; ratio ×%.2f\n",
           n, n, initial_s, n / initial_s, raw_s, initial_s / raw_s);
  g_print ("sync: incremental sync of one change: %.1f ms; raw SQLite update of one row + event: %.1f ms\n",
           incr_s * 1000, raw_one_s * 1000);

  hd_test_client_free (other);
  hd_test_client_free (client);
  hd_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/bench", bench_sync);
  return g_test_run ();
}
