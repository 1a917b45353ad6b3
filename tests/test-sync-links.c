/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-test-sync.h"
#include "hd-ticket-links.h"

/*
 * Related-ticket links travel as timeline events: made on one client, they
 * reach the other through the real helpdesk-server (which checks the event
 * kinds with the core's table) and show on both tickets there.
 */

typedef HdTestTeam Fixture;

static GPtrArray *
links_of (HdTestClient *client, const char *uuid)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *links = hd_ticket_links_list (client->store, uuid, &error);

  g_assert_no_error (error);
  return links;
}

static void
test_link_syncs (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = hd_test_client_create (fx->a, 2, 17);
  const char *first = g_ptr_array_index (uuids, 0);
  const char *second = g_ptr_array_index (uuids, 1);
  g_autoptr(GPtrArray) on_first = NULL;
  g_autoptr(GPtrArray) on_second = NULL;
  g_autoptr(HdTicket) final = NULL;
  HdTicketLink *link;

  hd_test_client_sync_ok (fx->a);
  hd_test_client_sync_ok (fx->b);

  /* Bob links them on his client; Alice sees the link on both tickets. */
  g_assert_true (hd_ticket_links_add (fx->b->store, second, first, HD_LINK_DUPLICATE, "bob",
                                      g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  hd_test_client_sync_ok (fx->b);
  g_assert_cmpuint (hd_store_outbox_count (fx->b->store), ==, 0);
  hd_test_client_sync_ok (fx->a);

  on_first = links_of (fx->a, first);
  g_assert_cmpuint (on_first->len, ==, 1);
  link = g_ptr_array_index (on_first, 0);
  g_assert_cmpstr (link->ticket_uuid, ==, second);
  g_assert_cmpint (link->relation, ==, HD_LINK_DUPLICATE);
  g_assert_false (link->outgoing);
  g_assert_cmpstr (link->author, ==, "bob");
  final = hd_store_get_ticket (fx->a->store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link->number, ==, hd_ticket_get_number (final));

  on_second = links_of (fx->a, second);
  g_assert_cmpuint (on_second->len, ==, 1);
  g_assert_true (((HdTicketLink *) g_ptr_array_index (on_second, 0))->outgoing);

  /* Alice removes it from the other side; Bob's copy follows. */
  g_assert_true (hd_ticket_links_remove (fx->a->store, first, second, "alice",
                                         g_get_real_time () / G_USEC_PER_SEC + 1, &error));
  g_assert_no_error (error);
  hd_test_client_sync_ok (fx->a);
  hd_test_client_sync_ok (fx->b);
  g_clear_pointer (&on_second, g_ptr_array_unref);
  on_second = links_of (fx->b, second);
  g_assert_cmpuint (on_second->len, ==, 0);

  hd_test_assert_converged (fx->a, fx->b);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-links/link-syncs", Fixture, NULL, hd_test_team_set_up, test_link_syncs,
              hd_test_team_tear_down);

  return g_test_run ();
}
