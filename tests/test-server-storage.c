/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hd-server-storage.h"

/*
 * Conformance of a storage implementation to HdServerStorageVTable, the
 * promises the handlers rely on. Runs on a temporary SQLite file; a
 * PostgreSQL implementation runs the same checks with its URI.
 */

typedef struct {
  char *dir;
  char *uri;
  HdServerStorage *storage;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hd-storage-XXXXXX", &error);
  g_assert_no_error (error);
  f->uri = g_strconcat ("sqlite:", f->dir, "/server.db", NULL);
  f->storage = hd_server_storage_open (f->uri, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "server.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  hd_server_storage_free (f->storage);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->uri);
}

#define S(f) ((f)->storage)
#define V(f) ((f)->storage->vtable)

static void
begin (HdServerStorage *s)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (hd_server_storage_begin (s, &error));
  g_assert_no_error (error);
}

static void
commit (HdServerStorage *s)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (hd_server_storage_commit (s, &error));
  g_assert_no_error (error);
}

static void
test_users_and_tokens (Fixture       *f,
                       gconstpointer  data)
{
  HdServerUser alice = { (char *) "alice", (char *) "agent", (char *) "technical", (char *) "$argon2id$x", FALSE, 1 };
  g_autoptr(HdServerUser) got = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  gint64 expires = 0;

  /* A rolled-back write leaves nothing. */
  begin (S (f));
  g_assert_true (V (f)->user_put (S (f), &alice, TRUE, &error));
  hd_server_storage_rollback (S (f));
  g_assert_null (V (f)->user_get (S (f), "alice", &error));
  g_assert_no_error (error);

  begin (S (f));
  g_assert_true (V (f)->user_put (S (f), &alice, TRUE, &error));
  g_assert_false (V (f)->user_put (S (f), &alice, TRUE, &error));
  g_assert_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  commit (S (f));

  got = V (f)->user_get (S (f), "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->group, ==, "technical");
  g_free (got->role);
  got->role = g_strdup ("team_lead");
  got->disabled = TRUE;
  begin (S (f));
  g_assert_true (V (f)->user_put (S (f), got, FALSE, &error));
  commit (S (f));
  g_clear_pointer (&got, hd_server_user_free);
  got = V (f)->user_get (S (f), "alice", &error);
  g_assert_cmpstr (got->role, ==, "team_lead");
  g_assert_true (got->disabled);

  users = V (f)->user_list (S (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);

  begin (S (f));
  g_assert_true (V (f)->token_put (S (f), "h1", "alice", 100, &error));
  g_assert_true (V (f)->token_put (S (f), "h2", "alice", 200, &error));
  commit (S (f));
  owner = V (f)->token_lookup (S (f), "h2", &expires, &error);
  g_assert_cmpstr (owner, ==, "alice");
  g_assert_cmpint (expires, ==, 200);
  g_clear_pointer (&owner, g_free);

  begin (S (f));
  g_assert_true (V (f)->token_delete (S (f), "h1", NULL, &error));
  commit (S (f));
  g_assert_null (V (f)->token_lookup (S (f), "h1", &expires, &error));
  owner = V (f)->token_lookup (S (f), "h2", &expires, &error);
  g_assert_nonnull (owner);
  begin (S (f));
  g_assert_true (V (f)->token_delete (S (f), NULL, "alice", &error));
  commit (S (f));
  g_assert_null (V (f)->token_lookup (S (f), "h2", &expires, &error));
  g_assert_no_error (error);
}

static void
test_docs_and_ops (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autofree char *value = NULL;
  g_autofree char *user = NULL;
  g_autofree char *digest = NULL;

  begin (S (f));
  g_assert_true (V (f)->doc_put (S (f), "roster:2026-11-25:b", "{\"n\":2}", &error));
  g_assert_true (V (f)->doc_put (S (f), "roster:2026-11-24:a", "{\"n\":1}", &error));
  g_assert_true (V (f)->doc_put (S (f), "roster%", "{}", &error));
  g_assert_true (V (f)->doc_put (S (f), "rosters", "{}", &error));
  g_assert_true (V (f)->doc_put (S (f), "agent_state:x", "{}", &error));
  g_assert_true (V (f)->doc_put (S (f), "roster:2026-11-24:a", "{\"n\":3}", &error));
  commit (S (f));

  /* A prefix, not a pattern: "%" is data; sorted by key. */
  pairs = V (f)->doc_list (S (f), "roster:", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (pairs, 0), ==, "roster:2026-11-24:a");
  g_assert_cmpstr (g_ptr_array_index (pairs, 1), ==, "{\"n\":3}");
  g_assert_cmpstr (g_ptr_array_index (pairs, 2), ==, "roster:2026-11-25:b");

  begin (S (f));
  g_assert_true (V (f)->doc_put (S (f), "agent_state:x", NULL, &error));
  commit (S (f));
  g_assert_null (V (f)->doc_get (S (f), "agent_state:x", &error));
  g_assert_no_error (error);

  begin (S (f));
  g_assert_true (V (f)->op_put (S (f), "op-1", "alice", "d1", "{\"status\":\"applied\"}", &error));
  commit (S (f));
  value = V (f)->op_get (S (f), "op-1", &user, &digest, &error);
  g_assert_cmpstr (value, ==, "{\"status\":\"applied\"}");
  g_assert_cmpstr (user, ==, "alice");
  g_assert_cmpstr (digest, ==, "d1");
  g_assert_null (V (f)->op_get (S (f), "op-2", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_tickets_serials_feed (Fixture       *f,
                           gconstpointer  data)
{
  HdServerTicket t = { (char *) "t-1", (char *) "CS20261124-0001", (char *) "{}", (char *) "{}", 1 };
  HdServerTicket t2 = { (char *) "t-2", (char *) "CS20261124-0001", (char *) "{}", (char *) "{}", 2 };
  g_autoptr(HdServerTicket) got = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exists = TRUE;
  gint64 last = 0;

  begin (S (f));
  g_assert_true (V (f)->ticket_put (S (f), &t, TRUE, &error));
  /* Final numbers are unique. */
  g_assert_false (V (f)->ticket_put (S (f), &t2, TRUE, &error));
  g_assert_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  commit (S (f));

  t.data = (char *) "{\"a\":1}";
  t.revision = 5;
  begin (S (f));
  g_assert_true (V (f)->ticket_put (S (f), &t, FALSE, &error));
  g_assert_true (V (f)->event_put (S (f), "e-1", "t-1", "{}", &error));
  commit (S (f));
  got = V (f)->ticket_get (S (f), "t-1", &error);
  g_assert_cmpstr (got->data, ==, "{\"a\":1}");
  g_assert_cmpint (got->revision, ==, 5);
  g_assert_true (V (f)->event_exists (S (f), "e-1", &exists, &error) && exists);
  g_assert_true (V (f)->event_exists (S (f), "e-2", &exists, &error) && !exists);
  {
    g_autoptr(GPtrArray) events = NULL;

    begin (S (f));
    g_assert_true (V (f)->event_put (S (f), "e-0", "t-1", "{\"n\":2}", &error));
    commit (S (f));
    events = V (f)->event_list (S (f), "t-1", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (events, 0), ==, "{}");
    g_assert_cmpstr (g_ptr_array_index (events, 1), ==, "{\"n\":2}");
    g_clear_pointer (&events, g_ptr_array_unref);
    events = V (f)->event_list (S (f), "t-2", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 0);
  }

  /* Serials: per day, from 1, and a rollback gives the serial back. */
  begin (S (f));
  g_assert_cmpint (V (f)->next_serial (S (f), "20261124", &error), ==, 1);
  g_assert_cmpint (V (f)->next_serial (S (f), "20261124", &error), ==, 2);
  g_assert_cmpint (V (f)->next_serial (S (f), "20261125", &error), ==, 1);
  commit (S (f));
  begin (S (f));
  g_assert_cmpint (V (f)->next_serial (S (f), "20261124", &error), ==, 3);
  hd_server_storage_rollback (S (f));
  begin (S (f));
  g_assert_cmpint (V (f)->next_serial (S (f), "20261124", &error), ==, 3);
  commit (S (f));

  /* The feed: increasing revisions, paged by "after" and "limit". */
  g_assert_cmpint (V (f)->change_head (S (f), &error), ==, 0);
  for (guint i = 0; i < 5; i++)
    {
      HdServerChange change = { 0, (char *) "ticket", (char *) "t-1", NULL, (char *) "a", 1, (char *) "{}", NULL };
      gint64 revision;

      begin (S (f));
      revision = V (f)->change_append (S (f), &change, &error);
      /* Greater than every committed one; a rolled-back change is not in the
       * feed, and its revision may be handed out again. */
      g_assert_cmpint (revision, >, last);
      if (i == 2)
        hd_server_storage_rollback (S (f));
      else
        {
          commit (S (f));
          last = revision;
        }
    }
  changes = V (f)->change_list (S (f), 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 4);
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = V (f)->change_list (S (f), 1, 2, &error);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpint (((HdServerChange *) g_ptr_array_index (changes, 0))->revision, >, 1);
  g_assert_cmpint (V (f)->change_head (S (f), &error), ==, last);
  g_assert_cmpint (((HdServerChange *) g_ptr_array_index (changes, 1))->revision, <, last);
}

static void
test_blobs (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("abc\0def", 7);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exists = FALSE;

  begin (S (f));
  g_assert_true (V (f)->blob_put (S (f), "h", bytes, &error));
  g_assert_true (V (f)->blob_put (S (f), "h", bytes, &error));
  g_assert_true (V (f)->blob_put (S (f), "empty", empty, &error));
  commit (S (f));
  got = V (f)->blob_get (S (f), "h", &error);
  g_assert_true (g_bytes_equal (got, bytes));
  g_clear_pointer (&got, g_bytes_unref);
  got = V (f)->blob_get (S (f), "empty", &error);
  g_assert_nonnull (got);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
  g_assert_true (V (f)->blob_exists (S (f), "h", &exists, &error) && exists);
  g_assert_null (V (f)->blob_get (S (f), "nope", &error));
  g_assert_no_error (error);
}

/* Two handles on one database, as two server processes: interleaved
 * writers still get distinct serials and revisions. */
static void
test_two_handles (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdServerStorage) other = hd_server_storage_open (f->uri, &error);
  g_autoptr(GHashTable) serials = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_assert_no_error (error);
  for (guint i = 0; i < 20; i++)
    {
      HdServerStorage *s = i % 2 == 0 ? f->storage : other;
      gint64 serial;

      begin (s);
      serial = s->vtable->next_serial (s, "20261124", &error);
      g_assert_no_error (error);
      commit (s);
      g_assert_false (g_hash_table_contains (serials, GINT_TO_POINTER (serial)));
      g_hash_table_add (serials, GINT_TO_POINTER (serial));
    }
  g_assert_cmpuint (g_hash_table_size (serials), ==, 20);

  /* While one handle writes, the other's begin waits (busy timeout), not fails. */
  begin (f->storage);
  g_assert_cmpint (f->storage->vtable->next_serial (f->storage, "20261124", &error), ==, 21);
  commit (f->storage);
  begin (other);
  g_assert_cmpint (other->vtable->next_serial (other, "20261124", &error), ==, 22);
  commit (other);
}

static HdSurvey *
new_survey (const char *uuid,
            const char *ticket_uuid,
            const char *token,
            gint64      created_at)
{
  HdSurvey *survey = g_new0 (HdSurvey, 1);

  survey->uuid = g_strdup (uuid);
  survey->ticket_uuid = g_strdup (ticket_uuid);
  survey->token = g_strdup (token);
  survey->created_at = created_at;
  return survey;
}

static void
test_surveys (Fixture       *f,
              gconstpointer  data)
{
  HdServerTicket t = { (char *) "t-1", (char *) "CS20261124-0001", (char *) "{}", (char *) "{}", 1 };
  g_autoptr(HdSurvey) first = new_survey ("s-1", "t-1", "token-1", 100);
  g_autoptr(HdSurvey) second = new_survey ("s-2", "t-1", "token-2", 200);
  g_autoptr(HdSurvey) clash = new_survey ("s-3", "t-1", "token-1", 300);
  g_autoptr(HdSurvey) orphan = new_survey ("s-4", "no-such-ticket", "token-4", 300);
  g_autoptr(HdSurvey) got = NULL;
  g_autoptr(GError) error = NULL;

  begin (S (f));
  g_assert_true (V (f)->ticket_put (S (f), &t, TRUE, &error));
  g_assert_null (V (f)->survey_get_latest (S (f), "t-1", &error));
  g_assert_no_error (error);
  g_assert_true (V (f)->survey_put (S (f), first, TRUE, &error));
  g_assert_true (V (f)->survey_put (S (f), second, TRUE, &error));
  /* Tokens are unique; a survey belongs to a stored ticket. */
  g_assert_false (V (f)->survey_put (S (f), clash, TRUE, &error));
  g_assert_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (V (f)->survey_put (S (f), orphan, TRUE, &error));
  g_assert_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  commit (S (f));

  got = V (f)->survey_get_latest (S (f), "t-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->uuid, ==, "s-2");
  g_clear_pointer (&got, hd_survey_free);
  got = V (f)->survey_get_by_token (S (f), "token-1", &error);
  g_assert_cmpstr (got->uuid, ==, "s-1");
  g_assert_cmpint (got->answered_at, ==, 0);
  g_assert_cmpint (got->rating, ==, HD_SATISFACTION_NONE);
  g_assert_cmpint (got->via, ==, HD_SURVEY_VIA_NONE);
  g_assert_null (got->comment);
  g_clear_pointer (&got, hd_survey_free);
  g_assert_null (V (f)->survey_get_by_token (S (f), "token-9", &error));
  g_assert_no_error (error);

  /* Answered: every field round-trips. */
  first->answered_at = 150;
  first->rating = HD_SATISFACTION_DISSATISFIED;
  first->comment = g_strdup ("还是不行");
  first->via = HD_SURVEY_VIA_WEB;
  begin (S (f));
  g_assert_true (V (f)->survey_put (S (f), first, FALSE, &error));
  g_assert_false (V (f)->survey_put (S (f), orphan, FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  commit (S (f));
  got = V (f)->survey_get (S (f), "s-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->answered_at, ==, 150);
  g_assert_cmpint (got->rating, ==, HD_SATISFACTION_DISSATISFIED);
  g_assert_cmpstr (got->comment, ==, "还是不行");
  g_assert_cmpint (got->via, ==, HD_SURVEY_VIA_WEB);
  g_assert_cmpstr (got->token, ==, "token-1");
}

/* A database of an earlier schema gains the surveys table on open. */
static void
test_upgrade (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "server.db", NULL);
  g_autoptr(HdSurvey) survey = new_survey ("s-1", "t-1", "token-1", 100);
  HdServerTicket t = { (char *) "t-1", (char *) "CS20261124-0001", (char *) "{}", (char *) "{}", 1 };
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;

  begin (S (f));
  g_assert_true (V (f)->ticket_put (S (f), &t, TRUE, &error));
  commit (S (f));
  g_clear_pointer (&f->storage, hd_server_storage_free);

  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "DROP TABLE surveys; PRAGMA user_version = 2",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  f->storage = hd_server_storage_open (f->uri, &error);
  g_assert_no_error (error);
  begin (S (f));
  g_assert_true (V (f)->survey_put (S (f), survey, TRUE, &error));
  g_assert_no_error (error);
  commit (S (f));
  g_assert_cmpint (V (f)->change_head (S (f), &error), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/server/storage/sqlite/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("users-and-tokens", test_users_and_tokens);
  ADD ("docs-and-ops", test_docs_and_ops);
  ADD ("tickets-serials-feed", test_tickets_serials_feed);
  ADD ("blobs", test_blobs);
  ADD ("two-handles", test_two_handles);
  ADD ("surveys", test_surveys);
  ADD ("upgrade", test_upgrade);
#undef ADD

  return g_test_run ();
}
