/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-test-sync.h"

/*
 * The pull as the first sync does it (docs/sync-protocol.md §12.1): pages
 * read ahead by a worker thread, bigger pages while the cursor starts at 0,
 * and the usual pages again against a server that refuses the bigger ones.
 * What the server was asked is counted by the fault proxy.
 */

#define FEED_PATH "/api/v1/changes"

static void
sync_ok (HdTestClient *client)
{
  g_autoptr(GError) error = NULL;

  hd_test_client_sync (client, &error);
  g_assert_no_error (error);
}

static guint
count_tickets (HdTestClient *client)
{
  return hd_test_count_rows (client->path, "SELECT count(*) FROM tickets");
}

/* 2 100 tickets and their created events (4 200 changes) from bob; alice's
 * first pull takes them in pages of 2 000, later pulls in pages of 500. */
static void
test_first_sync_pages (void)
{
  HdTestTeam team;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) more = NULL;
  guint pulls;

  hd_test_team_start (&team);
  first = hd_test_client_create (team.b, 2100, 5);
  sync_ok (team.b);

  pulls = hd_test_proxy_count_requests (team.proxy, "GET", FEED_PATH);
  sync_ok (team.a);
  g_assert_cmpuint (count_tickets (team.a), ==, 2100);
  /* 2 000 + 2 000 + 200 changes: three pages, the worker asks no further. */
  g_assert_cmpuint (hd_test_proxy_count_requests (team.proxy, "GET", FEED_PATH), ==, pulls + 3);
  g_assert_cmpfloat (hd_sync_engine_get_progress (team.a->engine), ==, 1.0);

  /* Afterwards, a few changes: one page, and the data is the same on both. */
  more = hd_test_client_create (team.b, 5, 6);
  hd_test_client_edit (team.b, g_ptr_array_index (first, 7), "priority", "urgent");
  sync_ok (team.b);
  pulls = hd_test_proxy_count_requests (team.proxy, "GET", FEED_PATH);
  sync_ok (team.a);
  g_assert_cmpuint (hd_test_proxy_count_requests (team.proxy, "GET", FEED_PATH), ==, pulls + 1);
  sync_ok (team.b);
  hd_test_assert_converged (team.a, team.b);

  /* A pull of what is already here changes nothing. */
  sync_ok (team.a);
  hd_test_assert_converged (team.a, team.b);
  hd_test_team_stop (&team);
}

/* A server whose max-page-size is below the first sync's pages answers 400
 * (limit_exceeded); the client asks again with its usual page size. */
static void
test_server_refuses_big_pages (void)
{
  HdTestServer *server = hd_test_server_start ("[limits]\nmax-page-size=500\n", NULL);
  g_autofree char *root = NULL;
  g_autofree char *alice_token = NULL;
  g_autofree char *bob_token = NULL;
  g_autoptr(GPtrArray) created = NULL;
  HdTestProxy *proxy;
  HdTestClient *alice, *bob;
  guint pulls;

  hd_test_sync_track_server (server);
  root = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  alice_token = hd_test_add_user (server, root, "alice", "supervisor", NULL);
  bob_token = hd_test_add_user (server, root, "bob", "supervisor", NULL);
  proxy = hd_test_proxy_new (hd_test_server_get_port (server));
  hd_test_proxy_set_upstream (proxy, hd_test_server_get_port (server), hd_test_server_get_pid (server));
  alice = hd_test_client_new (hd_test_proxy_get_url (proxy), "alice", alice_token);
  bob = hd_test_client_new (hd_test_proxy_get_url (proxy), "bob", bob_token);

  created = hd_test_client_create (bob, 600, 8);
  sync_ok (bob);

  pulls = hd_test_proxy_count_requests (proxy, "GET", FEED_PATH);
  sync_ok (alice);
  g_assert_cmpuint (count_tickets (alice), ==, 600);
  /* The refused page of 2 000, then 500 + 500 + 200 changes. */
  g_assert_cmpuint (hd_test_proxy_count_requests (proxy, "GET", FEED_PATH), ==, pulls + 4);
  g_assert_null (hd_sync_engine_get_last_error (alice->engine));
  sync_ok (bob);
  hd_test_assert_converged (alice, bob);

  hd_test_client_free (alice);
  hd_test_client_free (bob);
  hd_test_proxy_free (proxy);
  hd_test_server_stop (server);
}

/* The run ends while the worker is reading ahead: an engine disposed in the
 * middle of its first pull (from its progress notification, between two
 * pages, with the next ones fetched or in flight) ends the run cancelled,
 * applies nothing more, and a new engine on the same file carries on from
 * the saved cursor. */
static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  hd_sync_engine_sync_finish (HD_SYNC_ENGINE (source), result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "finished");
}

static void
on_progress (HdSyncEngine *engine,
             GParamSpec   *pspec,
             gboolean     *disposed)
{
  if (!*disposed && hd_sync_engine_get_progress (engine) > 0.0 &&
      hd_sync_engine_get_progress (engine) < 1.0)
    {
      *disposed = TRUE;
      g_object_run_dispose (G_OBJECT (engine));
    }
}

static void
test_stopped_mid_pull (void)
{
  HdTestTeam team;
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GError) error = NULL;
  gboolean disposed = FALSE;

  hd_test_team_start (&team);
  hd_sync_engine_set_batch_sizes (team.a->engine, 100, 100);
  created = hd_test_client_create (team.b, 400, 9);
  sync_ok (team.b);

  g_signal_connect (team.a->engine, "notify::progress", G_CALLBACK (on_progress), &disposed);
  hd_sync_engine_sync_async (team.a->engine, NULL, on_sync_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (disposed);
  g_assert_cmpuint (count_tickets (team.a), <, 400);

  hd_test_client_reopen (team.a, hd_test_proxy_get_url (team.proxy));
  sync_ok (team.a);
  hd_test_assert_converged (team.a, team.b);
  hd_test_team_stop (&team);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-feed/first-sync-pages", test_first_sync_pages);
  g_test_add_func ("/sync-feed/server-refuses-big-pages", test_server_refuses_big_pages);
  g_test_add_func ("/sync-feed/stopped-mid-pull", test_stopped_mid_pull);
  return g_test_run ();
}
