/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "hd-test-sync.h"
#include "hd-transitions.h"

/*
 * Faults between the sync engine and the real helpdesk-server: a fault
 * proxy breaks one exchange, the server is SIGKILLed in the middle of a
 * batch, the client is SIGKILLed in the middle of applying a pull. After each,
 * a full sync converges: both clients identical, every ticket and note once.
 * /sync-faults/random mixes them from a seed (HD_TEST_SEED to replay).
 */

typedef struct {
  HdTestTeam team;
  guint n_tickets;
  guint n_notes;
  GPtrArray *created;   /* uuids of every ticket made by work() */
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  hd_test_team_start (&fx->team);
  fx->created = g_ptr_array_new_with_free_func (g_free);
  /* Small enough to make several batches and pages of a few dozen tickets. */
  hd_sync_engine_set_batch_sizes (fx->team.a->engine, 20, 50);
  hd_sync_engine_set_batch_sizes (fx->team.b->engine, 20, 50);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  hd_test_team_stop (&fx->team);
  g_clear_pointer (&fx->created, g_ptr_array_unref);
}

static void
restart_server (Fixture *fx)
{
  hd_test_server_restart (fx->team.server);
  hd_test_proxy_set_upstream (fx->team.proxy, hd_test_server_get_port (fx->team.server),
                              hd_test_server_get_pid (fx->team.server));
}

/* The server may have died from a fault; faults off; both clients synced
 * until nothing moves; then the checks. */
static void
converge (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  HdTestClient *fresh;

  hd_test_proxy_set_fault (fx->team.proxy, HD_FAULT_NONE, NULL, 0, 0);
  /* Whatever a fault left of it, the server restarts on the same storage. */
  restart_server (fx);

  for (guint round = 0; round < 2; round++)
    {
      hd_test_client_sync (fx->team.a, &error);
      g_assert_no_error (error);
      hd_test_client_sync (fx->team.b, &error);
      g_assert_no_error (error);
    }
  hd_test_client_sync (fx->team.a, &error);
  g_assert_no_error (error);
  hd_test_assert_converged (fx->team.a, fx->team.b);

  g_assert_cmpuint (hd_store_count_tickets (fx->team.a->store), ==, fx->n_tickets);
  g_assert_cmpuint (hd_test_count_rows (fx->team.a->path, "SELECT count(*) FROM events WHERE kind = 'note'"),
                    ==, fx->n_notes);
  g_assert_cmpuint (hd_test_count_rows (fx->team.a->path, "SELECT count(*) FROM events WHERE kind = 'created'"),
                    ==, fx->n_tickets);
  /* Refused changes (status races, below) were rolled back: the stores are
   * identical above, and no refusal waits for its rollback. */
  g_assert_cmpuint (hd_test_count_rows (fx->team.a->path, "SELECT count(*) FROM sync_conflicts"
                                                         " WHERE kind = 'rejected' AND revision = 0"), ==, 0);
  g_assert_cmpuint (hd_test_count_rows (fx->team.b->path, "SELECT count(*) FROM sync_conflicts"
                                                         " WHERE kind = 'rejected' AND revision = 0"), ==, 0);

  /* What the server holds: a client starting from nothing. */
  fresh = hd_test_client_new (hd_test_proxy_get_url (fx->team.proxy), "alice", fx->team.a->token);
  hd_test_client_sync (fresh, &error);
  g_assert_no_error (error);
  hd_test_assert_converged (fx->team.a, fresh);
  hd_test_client_free (fresh);
}

/* Some work on both sides: new tickets, edits of shared ones, notes. */
static void
work (Fixture *fx,
      GRand   *rand)
{
  static const char * const priorities[] = { "urgent", "high", "medium", "low" };
  HdTestClient *clients[] = { fx->team.a, fx->team.b };

  for (guint c = 0; c < G_N_ELEMENTS (clients); c++)
    {
      HdTestClient *client = clients[c];
      guint n = g_rand_int_range (rand, 1, 12);
      g_autoptr(GPtrArray) created = hd_test_client_create (client, n, g_rand_int (rand));

      fx->n_tickets += n;
      for (guint i = 0; fx->created != NULL && i < created->len; i++)
        g_ptr_array_add (fx->created, g_strdup (g_ptr_array_index (created, i)));
      for (guint i = 0; i < 3 && created->len > 0; i++)
        {
          const char *uuid = g_ptr_array_index (created, g_rand_int_range (rand, 0, created->len));
          g_free (hd_test_client_add_note (client, uuid, "a note"));
          fx->n_notes++;
          hd_test_client_edit (client, uuid, "priority",
                               priorities[g_rand_int_range (rand, 0, G_N_ELEMENTS (priorities))]);
        }
    }
}

/* Both clients move one ticket each knows to a status its own copy allows:
 * the later arrival may be refused by the server's status rules, and is
 * then rolled back to the server's copy. */
static void
race_status (Fixture *fx,
             GRand   *rand)
{
  HdTestClient *clients[] = { fx->team.a, fx->team.b };
  const char *uuid;

  if (fx->created->len == 0)
    return;
  uuid = g_ptr_array_index (fx->created, g_rand_int_range (rand, 0, fx->created->len));
  for (guint c = 0; c < G_N_ELEMENTS (clients); c++)
    {
      g_autoptr(HdTicket) ticket = hd_store_get_ticket (clients[c]->store, uuid, NULL);
      g_autoptr(GArray) allowed = NULL;

      if (ticket == NULL)
        continue;   /* not synced to this side yet */
      allowed = hd_transitions_list_allowed (ticket);
      if (allowed->len == 0)
        continue;
      hd_test_client_edit (clients[c], uuid, "status",
                           hd_status_to_id (g_array_index (allowed, HdStatus,
                                                           g_rand_int_range (rand, 0, allowed->len))));
    }
}

typedef struct {
  HdFault fault;
  const char *path;
} FaultCase;

static void
test_fault (Fixture       *fx,
            gconstpointer  data)
{
  const FaultCase *fc = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  guint delay_ms = 0;

  if (fc->fault == HD_FAULT_SLOW)
    {
      hd_sync_engine_set_timeout (fx->team.a->engine, 800);
      delay_ms = 1600;
    }
  if (fc->fault == HD_FAULT_OVERSIZED)
    hd_sync_engine_set_max_reply_size (fx->team.a->engine, 1024 * 1024);
  if (fc->fault == HD_FAULT_KILL_SERVER)
    delay_ms = 10;

  /* Shared history first, so pulls have pages to fail on. */
  work (fx, rand);
  converge (fx);

  work (fx, rand);
  hd_test_client_create (fx->team.a, 45, 99);
  fx->n_tickets += 45;
  hd_test_client_sync (fx->team.b, &error);   /* B's work is on the server: A pulls it */
  g_assert_no_error (error);

  hd_test_proxy_set_fault (fx->team.proxy, fc->fault, fc->path, 1, delay_ms);
  g_assert_false (hd_test_client_sync (fx->team.a, &error));
  g_test_message ("%s on %s: %s", hd_fault_name (fc->fault), fc->path, error->message);
  g_assert_true (hd_sync_error_is_transient (error));
  g_assert_cmpuint (hd_test_proxy_get_faults_done (fx->team.proxy), ==, 1);
  g_assert_nonnull (hd_sync_engine_get_last_error (fx->team.a->engine));
  g_clear_error (&error);

  if (fc->fault == HD_FAULT_SLOW)
    g_usleep (delay_ms * 1000);   /* let the held reply go before the next sync */

  converge (fx);
}

/* The server dies in the middle of a batch, several times at different
 * points; each restart keeps what it committed, the replay adds nothing. */
static void
test_server_killed (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GError) error = NULL;

  hd_sync_engine_set_batch_sizes (fx->team.a->engine, 200, 50);
  for (guint round = 0; round < 4; round++)
    {
      hd_test_client_create (fx->team.a, 150, round);
      fx->n_tickets += 150;
      work (fx, rand);

      hd_test_proxy_set_fault (fx->team.proxy, HD_FAULT_KILL_SERVER, "/api/v1/batch", 1, 2 + round * 15);
      g_assert_false (hd_test_client_sync (fx->team.a, &error));
      g_assert_true (hd_sync_error_is_transient (error));
      g_clear_error (&error);
      hd_test_server_kill (fx->team.server);
      restart_server (fx);
    }
  converge (fx);
}

/* Client killed while applying a pulled page: the child process syncs and
 * SIGKILLs itself from inside the page's transaction. */
static void
kill_self (guint    index,
           gpointer user_data)
{
  guint *count = user_data;

  if (++(*count) == 130)
    raise (SIGKILL);
}

static void
test_client_killed (void)
{
  Fixture fixture = { 0 };
  Fixture *fx = &fixture;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      HdTestClient child = { 0 };
      guint count = 0;

      child.path = g_strdup (g_getenv ("HD_TEST_STORE"));
      child.user = g_strdup ("bob");
      child.token = g_strdup (g_getenv ("HD_TEST_TOKEN"));
      child.store = hd_store_open (child.path, &error);
      g_assert_no_error (error);
      child.engine = hd_sync_engine_new (child.store, g_getenv ("HD_TEST_URL"));
      hd_sync_engine_set_credentials (child.engine, child.user, child.token);
      hd_sync_engine_set_batch_sizes (child.engine, 20, 50);
      hd_store_sync_set_test_hook (kill_self, &count);
      hd_test_client_sync (&child, &error);
      g_error ("The sync ended after %u changes without being killed: %s", count,
               error != NULL ? error->message : "no error");
    }

  fixture_setup (fx, NULL);
  hd_test_client_create (fx->team.a, 120, 1);
  fx->n_tickets = 120;
  work (fx, rand);
  hd_test_client_sync (fx->team.a, &error);
  g_assert_no_error (error);

  /* B has local work too, which must survive the crash. */
  hd_test_client_create (fx->team.b, 3, 2);
  fx->n_tickets += 3;
  g_clear_object (&fx->team.b->engine);
  g_clear_object (&fx->team.b->store);

  g_setenv ("HD_TEST_STORE", fx->team.b->path, TRUE);
  g_setenv ("HD_TEST_TOKEN", fx->team.b->token, TRUE);
  g_setenv ("HD_TEST_URL", hd_test_proxy_get_url (fx->team.proxy), TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();
  g_unsetenv ("HD_TEST_TOKEN");

  hd_test_client_reopen (fx->team.b, hd_test_proxy_get_url (fx->team.proxy));
  hd_sync_engine_set_batch_sizes (fx->team.b->engine, 20, 50);
  /* The first page went in whole; the second not at all. */
  g_assert_cmpint (hd_store_sync_get_cursor (fx->team.b->store, hd_test_proxy_get_url (fx->team.proxy)), >, 0);
  g_assert_cmpuint (hd_store_check_integrity (fx->team.b->store, FALSE, NULL), ==, TRUE);
  converge (fx);
  fixture_teardown (fx, NULL);
}

/* Random work and random faults from a printed seed, bounded in time. */
static void
test_random (Fixture       *fx,
             gconstpointer  data)
{
  const char *seed_env = g_getenv ("HD_TEST_SEED");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : g_random_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gint64 end = g_get_monotonic_time () + 12 * G_USEC_PER_SEC;
  static const char * const paths[] = { "/api/v1/batch", "/api/v1/changes", NULL };
  guint rounds = 0;

  g_test_message ("seed %u (HD_TEST_SEED=%u replays this run)", seed, seed);
  g_printerr ("# /sync-faults/random: HD_TEST_SEED=%u\n", seed);

  hd_sync_engine_set_timeout (fx->team.a->engine, 1000);
  hd_sync_engine_set_timeout (fx->team.b->engine, 1000);
  hd_sync_engine_set_max_reply_size (fx->team.a->engine, 2 * 1024 * 1024);
  hd_sync_engine_set_max_reply_size (fx->team.b->engine, 2 * 1024 * 1024);

  while (g_get_monotonic_time () < end)
    {
      HdFault fault = g_rand_int_range (rand, 0, HD_N_FAULTS);
      HdTestClient *client = g_rand_boolean (rand) ? fx->team.a : fx->team.b;
      guint delay = fault == HD_FAULT_SLOW ? 1300 : g_rand_int_range (rand, 0, 30);

      work (fx, rand);
      for (guint i = 0; i < 4; i++)
        race_status (fx, rand);
      hd_test_proxy_set_fault (fx->team.proxy, fault, paths[g_rand_int_range (rand, 0, G_N_ELEMENTS (paths))],
                               g_rand_int_range (rand, 1, 3), delay);
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GError) error = NULL;

          if (!hd_test_client_sync (client, &error))
            g_assert_true (hd_sync_error_is_transient (error));
          client = client == fx->team.a ? fx->team.b : fx->team.a;
        }
      if (fault == HD_FAULT_KILL_SERVER)
        restart_server (fx);
      if (fault == HD_FAULT_SLOW)
        g_usleep (delay * 1000);
      rounds++;
    }

  g_test_message ("%u rounds, %u tickets, %u notes", rounds, fx->n_tickets, fx->n_notes);
  converge (fx);
  g_test_message ("%u refused changes rolled back",
                  hd_test_count_rows (fx->team.a->path, "SELECT count(*) FROM sync_conflicts WHERE kind = 'rejected'") +
                  hd_test_count_rows (fx->team.b->path, "SELECT count(*) FROM sync_conflicts WHERE kind = 'rejected'"));
}

static const FaultCase cases[] = {
  { HD_FAULT_REFUSE, "/api/v1/batch" },
  { HD_FAULT_DROP_REPLY, "/api/v1/batch" },
  { HD_FAULT_DROP_REPLY, "/api/v1/changes" },
  { HD_FAULT_500_AFTER, "/api/v1/batch" },
  { HD_FAULT_503, "/api/v1/batch" },
  { HD_FAULT_503, "/api/v1/changes" },
  { HD_FAULT_MALFORMED, "/api/v1/batch" },
  { HD_FAULT_MALFORMED, "/api/v1/changes" },
  { HD_FAULT_TRUNCATED, "/api/v1/batch" },
  { HD_FAULT_TRUNCATED, "/api/v1/changes" },
  { HD_FAULT_OVERSIZED, "/api/v1/changes" },
  { HD_FAULT_SLOW, "/api/v1/batch" },
  { HD_FAULT_SLOW, "/api/v1/changes" },
  { HD_FAULT_KILL_SERVER, "/api/v1/batch" },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync-faults/%s%s", hd_fault_name (cases[i].fault),
                                               strrchr (cases[i].path, '/'));
      g_test_add (path, Fixture, &cases[i], fixture_setup, test_fault, fixture_teardown);
    }
  g_test_add ("/sync-faults/server-killed-mid-batch", Fixture, NULL, fixture_setup, test_server_killed,
              fixture_teardown);
  g_test_add_func ("/sync-faults/client-killed-mid-pull", test_client_killed);
  g_test_add ("/sync-faults/random", Fixture, NULL, fixture_setup, test_random, fixture_teardown);

  return g_test_run ();
}
