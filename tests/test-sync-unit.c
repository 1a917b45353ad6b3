/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-credentials.h"
#include "hd-store.h"
#include "hd-sync-scheduler.h"

/* Backoff, the scheduler's retries and the credential store, without a server. */

static void
test_backoff (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GRand) again = g_rand_new_with_seed (42);

  for (guint attempt = 0; attempt < 40; attempt++)
    {
      guint full = MIN (1000u << MIN (attempt, 20u), 60000u);
      guint delay = hd_sync_backoff_delay (attempt, 1000, 60000, rand);

      /* Equal jitter: between half and all of the exponential step. */
      g_assert_cmpuint (delay, >=, full / 2);
      g_assert_cmpuint (delay, <=, full);
      /* The same seed, the same delays. */
      g_assert_cmpuint (hd_sync_backoff_delay (attempt, 1000, 60000, again), ==, delay);
    }

  /* Jitter spreads clients that failed together. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
    for (guint i = 0; i < 50; i++)
      g_hash_table_add (seen, GUINT_TO_POINTER (hd_sync_backoff_delay (5, 1000, 60000, rand)));
    g_assert_cmpuint (g_hash_table_size (seen), >, 25);
  }
}

typedef struct {
  gboolean done;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  wait->done = FALSE;
  return wait->result;
}

static void
check_credentials (HdCredentials *creds)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GAsyncResult) r = NULL;
  Wait wait = { 0 };
  const char *url = "http://127.0.0.1:9/test-sync-unit";

  hd_credentials_save_async (creds, url, "alice", "token-1", NULL, on_done, &wait);
  r = wait_for (&wait);
  g_assert_true (hd_credentials_save_finish (creds, r, &error));
  g_assert_no_error (error);
  g_clear_object (&r);

  hd_credentials_lookup_async (creds, url, "alice", NULL, on_done, &wait);
  r = wait_for (&wait);
  token = hd_credentials_lookup_finish (creds, r, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "token-1");
  g_clear_pointer (&token, g_free);
  g_clear_object (&r);

  /* Another account on the same server is another item. */
  hd_credentials_lookup_async (creds, url, "bob", NULL, on_done, &wait);
  r = wait_for (&wait);
  token = hd_credentials_lookup_finish (creds, r, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_clear_object (&r);

  /* Sign-out forgets the token. */
  hd_credentials_clear_async (creds, url, "alice", NULL, on_done, &wait);
  r = wait_for (&wait);
  g_assert_true (hd_credentials_clear_finish (creds, r, &error));
  g_clear_object (&r);
  hd_credentials_lookup_async (creds, url, "alice", NULL, on_done, &wait);
  r = wait_for (&wait);
  token = hd_credentials_lookup_finish (creds, r, &error);
  g_assert_no_error (error);
  g_assert_null (token);
}

static void
test_credentials_memory (void)
{
  g_autoptr(HdCredentials) creds = hd_credentials_new_memory ();

  g_assert_false (hd_credentials_is_keyring (creds));
  check_credentials (creds);
}

static void
test_credentials_keyring (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(HdCredentials) creds = NULL;
  gboolean has_owner = FALSE;

  if (bus != NULL)
    owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "NameHasOwner",
                                         g_variant_new ("(s)", "org.freedesktop.secrets"),
                                         G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (owner != NULL)
    g_variant_get (owner, "(b)", &has_owner);
  if (!has_owner)
    {
      g_test_skip ("No Secret Service (org.freedesktop.secrets) on a session bus: "
                   "the keyring backend is not exercised here");
      return;
    }
  creds = hd_credentials_new_keyring ();
  check_credentials (creds);
}

static void
spin_until_failures (HdSyncScheduler *scheduler,
                     guint            failures)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (hd_sync_scheduler_get_failures (scheduler) < failures && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (hd_sync_scheduler_get_failures (scheduler), >=, failures);
}

/* A server that is not there: retries back off, and "sync now" resets them. */
static void
test_scheduler_backoff (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hd-sync-unit-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tickets.db", NULL);
  g_autoptr(HdStore) store = hd_store_open (path, NULL);
  g_autoptr(HdSyncEngine) engine = NULL;
  g_autoptr(HdSyncScheduler) scheduler = NULL;
  gint64 end = g_get_monotonic_time () + 1500 * 1000;
  gint64 last_delay = 0;

  g_assert_nonnull (store);
  /* Port 9 (discard) on loopback: nothing listens, so connecting fails at once. */
  engine = hd_sync_engine_new (store, "http://127.0.0.1:9");
  hd_sync_engine_set_credentials (engine, "alice", "token");
  scheduler = hd_sync_scheduler_new (engine);
  hd_sync_scheduler_set_timing (scheduler, 60000, 10, 20, 400);
  hd_sync_scheduler_set_seed (scheduler, 1);
  hd_sync_scheduler_start (scheduler);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, TRUE);
      if (hd_sync_scheduler_get_next_delay (scheduler) >= 0)
        last_delay = MAX (last_delay, hd_sync_scheduler_get_next_delay (scheduler));
    }
  /* 20, 40, 80, 160, 320, 400…: 4 to 8 attempts in 1.5 s, never past the cap. */
  g_assert_cmpuint (hd_sync_scheduler_get_failures (scheduler), >=, 4);
  g_assert_cmpuint (hd_sync_scheduler_get_failures (scheduler), <=, 10);
  g_assert_cmpint (last_delay, <=, 400);
  g_assert_true (hd_sync_engine_get_state (engine) == HD_SYNC_ENGINE_STATE_OFFLINE ||
                 hd_sync_engine_get_state (engine) == HD_SYNC_ENGINE_STATE_SYNCING);
  g_assert_nonnull (hd_sync_engine_get_last_error (engine));

  /* The network comes back: the backoff is forgotten, a sync comes soon. */
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  g_assert_cmpuint (hd_sync_scheduler_get_failures (scheduler), ==, 0);
  g_assert_cmpint (hd_sync_scheduler_get_next_delay (scheduler), <=, 1000);
  g_assert_cmpint (hd_sync_scheduler_get_next_delay (scheduler), >=, 0);
  spin_until_failures (scheduler, 1);

  hd_sync_scheduler_sync_now (scheduler);
  g_assert_cmpuint (hd_sync_scheduler_get_failures (scheduler), ==, 0);
  hd_sync_scheduler_stop (scheduler);

  g_clear_object (&scheduler);
  g_clear_object (&engine);
  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-unit/backoff", test_backoff);
  g_test_add_func ("/sync-unit/credentials-memory", test_credentials_memory);
  g_test_add_func ("/sync-unit/credentials-keyring", test_credentials_keyring);
  g_test_add_func ("/sync-unit/scheduler-backoff", test_scheduler_backoff);

  return g_test_run ();
}
