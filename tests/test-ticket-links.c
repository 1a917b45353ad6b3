/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-store.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-links.h"

/* 2024-03-04 10:00 Asia/Shanghai, a Monday. */
#define T0 ((gint64) 1709517600)

typedef struct {
  char *dir;
  HdStore *store;
  char *a, *b, *c;
} Fixture;

static char *
create (Fixture *f, const char *customer, const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();

  hd_ticket_set_customer_label (ticket, customer);
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_description (ticket, description);
  hd_ticket_set_priority (ticket, "p1");
  hd_ticket_set_created_at (ticket, T0);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  return g_strdup (hd_ticket_get_uuid (ticket));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hd-test-links-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tickets.db", NULL);
  f->store = hd_store_open (path, &error);
  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (f->store, TRUE);
  f->a = create (f, "客户A-2023", "无法登录，提示 E1002");
  f->b = create (f, "客户B-2024", "登录失败，错误码 E1002");
  f->c = create (f, "客户C-2024", "支付失败，错误码 E2001");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->a);
  g_free (f->b);
  g_free (f->c);
}

static GPtrArray *
list (Fixture *f, const char *uuid)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *links = hd_ticket_links_list (f->store, uuid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (links);
  return links;
}

static guint
count_events (Fixture *f, const char *uuid, HdEventKind kind)
{
  g_autoptr(GPtrArray) events = hd_store_list_events (f->store, uuid, NULL);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += hd_event_get_kind (g_ptr_array_index (events, i)) == kind;
  return n;
}

static char *
number_of (Fixture *f, const char *uuid)
{
  g_autoptr(HdTicket) ticket = hd_store_get_ticket (f->store, uuid, NULL);
  return g_strdup (hd_ticket_get_number (ticket));
}

static void
test_both_directions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;
  g_autoptr(GPtrArray) on_c = NULL;
  g_autofree char *number_b = number_of (f, f->b);
  g_autofree char *number_a = number_of (f, f->a);
  guint outbox = hd_store_outbox_count (f->store);
  HdTicketLink *link;

  g_assert_true (hd_ticket_links_add (f->store, f->a, f->b, HD_LINK_CAUSED_BY, "王芳", T0 + 60, &error));
  g_assert_no_error (error);

  /* One event on A naming B, one outbox operation. */
  g_assert_cmpuint (count_events (f, f->a, HD_EVENT_LINK), ==, 1);
  g_assert_cmpuint (count_events (f, f->b, HD_EVENT_LINK), ==, 0);
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox + 1);

  on_a = list (f, f->a);
  g_assert_cmpuint (on_a->len, ==, 1);
  link = g_ptr_array_index (on_a, 0);
  g_assert_cmpstr (link->ticket_uuid, ==, f->b);
  g_assert_cmpstr (link->number, ==, number_b);
  g_assert_cmpint (link->status, ==, HD_STATUS_PENDING);
  g_assert_cmpint (link->relation, ==, HD_LINK_CAUSED_BY);
  g_assert_true (link->outgoing);
  g_assert_cmpstr (link->author, ==, "王芳");
  g_assert_cmpint (link->linked_at, ==, T0 + 60);

  /* The other side sees it, read the other way round. */
  on_b = list (f, f->b);
  g_assert_cmpuint (on_b->len, ==, 1);
  link = g_ptr_array_index (on_b, 0);
  g_assert_cmpstr (link->ticket_uuid, ==, f->a);
  g_assert_cmpstr (link->number, ==, number_a);
  g_assert_false (link->outgoing);
  g_assert_cmpstr (hd_link_relation_get_label (link->relation, link->outgoing), ==, "Causes");

  on_c = list (f, f->c);
  g_assert_cmpuint (on_c->len, ==, 0);
}

static void
test_relink_and_unlink (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;

  g_assert_true (hd_ticket_links_add (f->store, f->a, f->b, HD_LINK_RELATED, "王芳", T0 + 60, &error));
  g_assert_true (hd_ticket_links_add (f->store, f->a, f->c, HD_LINK_RELATED, "王芳", T0 + 61, &error));
  /* The same link again, from either side: nothing written. */
  g_assert_true (hd_ticket_links_add (f->store, f->a, f->b, HD_LINK_RELATED, "王芳", T0 + 62, &error));
  g_assert_true (hd_ticket_links_add (f->store, f->b, f->a, HD_LINK_RELATED, "李娜", T0 + 63, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f, f->a, HD_EVENT_LINK), ==, 2);
  g_assert_cmpuint (count_events (f, f->b, HD_EVENT_LINK), ==, 0);

  /* B marks itself a duplicate of A: the pair's link is replaced. */
  g_assert_true (hd_ticket_links_add (f->store, f->b, f->a, HD_LINK_DUPLICATE, "李娜", T0 + 64, &error));
  g_assert_no_error (error);
  on_a = list (f, f->a);
  g_assert_cmpuint (on_a->len, ==, 2);
  g_assert_cmpstr (((HdTicketLink *) g_ptr_array_index (on_a, 0))->ticket_uuid, ==, f->b);
  g_assert_cmpint (((HdTicketLink *) g_ptr_array_index (on_a, 0))->relation, ==, HD_LINK_DUPLICATE);
  g_assert_false (((HdTicketLink *) g_ptr_array_index (on_a, 0))->outgoing);
  g_clear_pointer (&on_a, g_ptr_array_unref);

  /* Unlinked from A's side though B made the last link. */
  g_assert_true (hd_ticket_links_remove (f->store, f->a, f->b, "王芳", T0 + 65, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f, f->a, HD_EVENT_UNLINK), ==, 1);
  on_a = list (f, f->a);
  g_assert_cmpuint (on_a->len, ==, 1);
  g_assert_cmpstr (((HdTicketLink *) g_ptr_array_index (on_a, 0))->ticket_uuid, ==, f->c);
  on_b = list (f, f->b);
  g_assert_cmpuint (on_b->len, ==, 0);

  /* Removing what is not linked writes nothing. */
  g_assert_true (hd_ticket_links_remove (f->store, f->b, f->a, "李娜", T0 + 66, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (f, f->b, HD_EVENT_UNLINK), ==, 0);

  /* Linked again later: the last event wins. */
  g_assert_true (hd_ticket_links_add (f->store, f->b, f->a, HD_LINK_RELATED, "李娜", T0 + 67, &error));
  g_clear_pointer (&on_b, g_ptr_array_unref);
  on_b = list (f, f->b);
  g_assert_cmpuint (on_b->len, ==, 1);
  g_assert_true (((HdTicketLink *) g_ptr_array_index (on_b, 0))->outgoing);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *unknown = g_uuid_string_random ();

  g_assert_false (hd_ticket_links_add (f->store, f->a, f->a, HD_LINK_RELATED, "王芳", T0, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hd_ticket_links_add (f->store, f->a, unknown, HD_LINK_RELATED, "王芳", T0, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
  g_assert_cmpuint (count_events (f, f->a, HD_EVENT_LINK), ==, 0);
}

static void
test_relation_ids (void)
{
  HdLinkRelation relation;

  for (guint i = 0; i < HD_N_LINK_RELATIONS; i++)
    {
      g_assert_true (hd_link_relation_from_id (hd_link_relation_to_id (i), &relation));
      g_assert_cmpuint (relation, ==, i);
    }
  g_assert_cmpstr (hd_link_relation_to_id (HD_LINK_CAUSED_BY), ==, "caused_by");
  g_assert_false (hd_link_relation_from_id ("blocks", &relation));
  g_assert_cmpstr (hd_event_kind_to_id (HD_EVENT_LINK), ==, "link");
  g_assert_cmpstr (hd_event_kind_to_id (HD_EVENT_UNLINK), ==, "unlink");
}

int
main (int argc, char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ticket-links/both-directions", test_both_directions);
  ADD ("/ticket-links/relink-and-unlink", test_relink_and_unlink);
  ADD ("/ticket-links/refused", test_refused);
#undef ADD
  g_test_add_func ("/ticket-links/relation-ids", test_relation_ids);

  return g_test_run ();
}
