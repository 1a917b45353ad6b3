/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-test-server.h"

/* Batch, numbering, change feed and attachments against the real server. */

#define CREATED_AT G_GINT64_CONSTANT (1700000000) /* 2023-11-15 in Asia/Shanghai: in the past on any clock */

static char *
create_op (const char *op_uuid,
           const char *ticket_uuid,
           const char *group)
{
  g_autofree char *event_uuid = g_uuid_string_random ();

  return g_strdup_printf (
    "{\"op_uuid\":\"%s\",\"kind\":\"ticket.create\",\"entity_uuid\":\"%s\",\"created_at\":%" G_GINT64_FORMAT ","
    "\"payload\":{\"ticket\":{\"uuid\":\"%s\",\"number\":\"CS20231115-T0001\",\"number_provisional\":true,"
    "\"customer_label\":\"客户A-2023\",\"contact\":\"1234\",\"channel\":\"phone\",\"emotion\":\"calm\","
    "\"description\":\"无法登录\",\"type_l1\":\"fault\",\"impact\":\"single\",\"urgency\":\"degraded\","
    "\"priority\":\"high\",\"group\":\"%s\",\"handler\":null,\"cc_departments\":[],"
    "\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":%" G_GINT64_FORMAT ",\"result\":null,"
    "\"satisfaction\":\"none\",\"status\":\"pending\",\"escalated\":false,\"sync_state\":\"pending\","
    "\"server_revision\":0,\"attachments\":[]},"
    "\"events\":[{\"uuid\":\"%s\",\"ticket_uuid\":\"%s\",\"kind\":\"created\",\"author\":\"x\","
    "\"created_at\":%" G_GINT64_FORMAT ",\"text\":null,\"data\":null}]}}",
    op_uuid, ticket_uuid, CREATED_AT, ticket_uuid, group, CREATED_AT, CREATED_AT,
    event_uuid, ticket_uuid, CREATED_AT);
}

static char *
update_op (const char *op_uuid,
           const char *ticket_uuid,
           gint64      base_revision,
           const char *changes)
{
  return g_strdup_printf (
    "{\"op_uuid\":\"%s\",\"kind\":\"ticket.update\",\"entity_uuid\":\"%s\","
    "\"payload\":{\"uuid\":\"%s\",\"base_revision\":%" G_GINT64_FORMAT ",\"changes\":%s,\"events\":[]}}",
    op_uuid, ticket_uuid, ticket_uuid, base_revision, changes);
}

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static JsonObject *
result_at (JsonNode *reply,
           guint     index)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (reply), "results");
  return json_array_get_object_element (results, index);
}

static void
test_replay (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  g_autofree char *agent = hd_test_add_user (server, admin, "agent1", "agent", "technical");
  g_autofree char *op1 = g_uuid_string_random ();
  g_autofree char *op2 = g_uuid_string_random ();
  g_autofree char *ticket = g_uuid_string_random ();
  g_autofree char *create = create_op (op1, ticket, "technical");
  g_autofree char *update = update_op (op2, ticket, 0, "{\"handler\":\"agent1\",\"status\":\"in_progress\"}");
  g_autofree char *body = g_strdup_printf ("{\"ops\":[%s,%s]}", create, update);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) feed = NULL;
  g_autofree char *first_results = NULL;
  g_autofree char *second_results = NULL;
  JsonArray *changes;
  guint ticket_records = 0;

  g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", agent, body, -1, &first), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 0), "status"), ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 1), "status"), ==, "applied");
  /* Own create then own update: no conflict. */
  g_assert_false (json_object_has_member (result_at (first, 1), "conflicts"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result_at (first, 0), "number"), "CS20231115-"));

  /* A replay (lost response, crash): the same reply, nothing applied twice. */
  g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", agent, body, -1, &second), ==, 200);
  first_results = to_text (json_object_get_member (json_node_get_object (first), "results"));
  second_results = to_text (json_object_get_member (json_node_get_object (second), "results"));
  g_assert_cmpstr (first_results, ==, second_results);

  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/changes?since=0&limit=500", agent,
                                     NULL, 0, &feed), ==, 200);
  changes = json_object_get_array_member (json_node_get_object (feed), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      if (g_str_equal (json_object_get_string_member (change, "entity"), "ticket"))
        ticket_records++;
    }
  g_assert_cmpuint (ticket_records, ==, 2);

  /* The same op_uuid with other content is refused, not applied. */
  {
    g_autofree char *other = update_op (op2, ticket, 0, "{\"handler\":\"someone\"}");
    g_autofree char *other_body = g_strdup_printf ("{\"ops\":[%s]}", other);
    g_autoptr(JsonNode) reply = NULL;

    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", agent, other_body, -1, &reply), ==, 200);
    g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "rejected");
  }

  hd_test_server_stop (server);
}

static void
test_conflict_and_rules (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  g_autofree char *a1 = hd_test_add_user (server, admin, "agent1", "agent", "technical");
  g_autofree char *a2 = hd_test_add_user (server, admin, "agent2", "agent", "technical");
  g_autofree char *b1 = hd_test_add_user (server, admin, "billing1", "agent", "billing");
  g_autofree char *ticket = g_uuid_string_random ();
  g_autofree char *op = g_uuid_string_random ();
  g_autofree char *create = create_op (op, ticket, "technical");
  g_autofree char *body = g_strdup_printf ("{\"ops\":[%s]}", create);
  g_autoptr(JsonNode) reply = NULL;
  gint64 base;

  g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", a1, body, -1, &reply), ==, 200);
  base = json_object_get_int_member (result_at (reply, 0), "revision");
  g_clear_pointer (&reply, json_node_unref);

  /* Both edit the description from the same base: the later arrival wins and
   * is told which value it replaced. */
  {
    g_autofree char *u1 = update_op (g_uuid_string_random (), ticket, base, "{\"description\":\"from agent1\"}");
    g_autofree char *u2 = update_op (g_uuid_string_random (), ticket, base, "{\"description\":\"from agent2\"}");
    g_autofree char *b_1 = g_strdup_printf ("{\"ops\":[%s]}", u1);
    g_autofree char *b_2 = g_strdup_printf ("{\"ops\":[%s]}", u2);
    JsonArray *conflicts;
    JsonObject *conflict;

    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", a1, b_1, -1, NULL), ==, 200);
    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", a2, b_2, -1, &reply), ==, 200);
    g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "applied");
    conflicts = json_object_get_array_member (result_at (reply, 0), "conflicts");
    g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
    conflict = json_array_get_object_element (conflicts, 0);
    g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "description");
    g_assert_cmpstr (json_object_get_string_member (conflict, "lost_value"), ==, "from agent1");
    g_assert_cmpstr (json_object_get_string_member (conflict, "value"), ==, "from agent2");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* The shared status rules: no close without a result. */
  {
    g_autofree char *u = update_op (g_uuid_string_random (), ticket, base, "{\"status\":\"closed\"}");
    g_autofree char *b = g_strdup_printf ("{\"ops\":[%s]}", u);

    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", a1, b, -1, &reply), ==, 200);
    g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "rejected");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* Another team's ticket: refused for an agent. */
  {
    g_autofree char *u = update_op (g_uuid_string_random (), ticket, base, "{\"result\":\"x\"}");
    g_autofree char *b = g_strdup_printf ("{\"ops\":[%s]}", u);
    JsonObject *result;

    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", b1, b, -1, &reply), ==, 200);
    result = result_at (reply, 0);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "code"),
                     ==, "forbidden");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* Unknown configuration ids and enum values: the op is rejected, the batch is not. */
  {
    g_autofree char *u1 = update_op (g_uuid_string_random (), ticket, base, "{\"priority\":\"p9\"}");
    g_autofree char *u2 = update_op (g_uuid_string_random (), ticket, base, "{\"channel\":\"pigeon\"}");
    g_autofree char *u3 = update_op (g_uuid_string_random (), ticket, base, "{\"handler\":\"agent1\"}");
    g_autofree char *b = g_strdup_printf ("{\"ops\":[%s,%s,%s]}", u1, u2, u3);

    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", a1, b, -1, &reply), ==, 200);
    g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (result_at (reply, 1), "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (result_at (reply, 2), "status"), ==, "applied");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* A client clock far ahead: applied, dated by the server's clock. */
  {
    g_autofree char *future = g_uuid_string_random ();
    g_autofree char *create_future = create_op (g_uuid_string_random (), future, "technical");
    g_autoptr(GString) b = g_string_new (create_future);
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
    g_autoptr(GDateTime) before = g_date_time_new_now (tz);
    g_autoptr(GDateTime) after = NULL;
    g_autofree char *day_before = g_date_time_format (before, "CS%Y%m%d-");
    g_autofree char *day_after = NULL;
    const char *number;

    g_string_replace (b, "1700000000", "4102444800", 0); /* 2100-01-01 */
    g_string_prepend (b, "{\"ops\":[");
    g_string_append (b, "]}");
    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", a1, b->str, -1, &reply), ==, 200);
    g_assert_cmpstr (json_object_get_string_member (result_at (reply, 0), "status"), ==, "applied");
    number = json_object_get_string_member (result_at (reply, 0), "number");
    after = g_date_time_new_now (tz);
    day_after = g_date_time_format (after, "CS%Y%m%d-");
    g_assert_true (g_str_has_prefix (number, day_before) || g_str_has_prefix (number, day_after));
  }

  hd_test_server_stop (server);
}

/* Numbering under concurrency ---------------------------------------------- */

typedef struct {
  HdTestServer *server;
  char *token;
  GPtrArray *numbers;
} Client;

#define N_BATCHES 8
#define OPS_PER_BATCH 4

static gpointer
client_thread (gpointer data)
{
  Client *client = data;

  for (guint b = 0; b < N_BATCHES; b++)
    {
      g_autoptr(GString) body = g_string_new ("{\"ops\":[");
      g_autoptr(JsonNode) reply = NULL;
      JsonObject *numbers;
      JsonObjectIter iter;
      const char *uuid;
      JsonNode *node;

      for (guint i = 0; i < OPS_PER_BATCH; i++)
        {
          g_autofree char *op = g_uuid_string_random ();
          g_autofree char *ticket = g_uuid_string_random ();
          g_autofree char *text = create_op (op, ticket, "technical");
          g_string_append_printf (body, "%s%s", i > 0 ? "," : "", text);
        }
      g_string_append (body, "]}");

      if (hd_test_request (client->server, "POST", "/api/v1/batch", client->token,
                           body->str, body->len, &reply) != 200)
        g_error ("batch refused");
      numbers = json_object_get_object_member (json_node_get_object (reply), "numbers");
      json_object_iter_init (&iter, numbers);
      while (json_object_iter_next (&iter, &uuid, &node))
        g_ptr_array_add (client->numbers, g_strdup (json_node_get_string (node)));
    }
  return NULL;
}

static void
test_numbers_concurrent (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  HdTestServer *twin = hd_test_server_start_twin (server);
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  g_autofree char *t1 = hd_test_add_user (server, admin, "agent1", "agent", "technical");
  g_autofree char *t2 = hd_test_add_user (server, admin, "agent2", "agent", "technical");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  Client clients[2] = {
    { server, t1, g_ptr_array_new_with_free_func (g_free) },
    { twin, t2, g_ptr_array_new_with_free_func (g_free) },
  };
  GThread *threads[2];
  guint total = 2 * N_BATCHES * OPS_PER_BATCH;

  /* Two clients, each on its own server process over the same SQLite file. */
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("client", client_thread, &clients[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  for (guint c = 0; c < 2; c++)
    for (guint i = 0; i < clients[c].numbers->len; i++)
      {
        const char *number = g_ptr_array_index (clients[c].numbers, i);
        g_assert_true (g_str_has_prefix (number, "CS20231115-"));
        g_assert_false (g_hash_table_contains (seen, number));
        g_hash_table_add (seen, (gpointer) number);
      }
  g_assert_cmpuint (g_hash_table_size (seen), ==, total);
  /* No gaps: exactly serials 1 … total. */
  for (guint n = 1; n <= total; n++)
    {
      g_autofree char *number = g_strdup_printf ("CS20231115-%04u", n);
      g_assert_true (g_hash_table_contains (seen, number));
    }

  for (guint c = 0; c < 2; c++)
    g_ptr_array_unref (clients[c].numbers);
  hd_test_server_stop (twin);
  hd_test_server_stop (server);
}

/* Change feed paging ---------------------------------------------------------- */

static void
test_feed_paging (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  g_autoptr(GString) body = g_string_new ("{\"ops\":[");
  g_autoptr(JsonNode) reply = NULL;
  gint64 cursor = 0, head, last = 0;
  guint seen = 0, pages = 0;
  gboolean more = TRUE;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *op = g_uuid_string_random ();
      g_autofree char *ticket = g_uuid_string_random ();
      g_autofree char *text = create_op (op, ticket, "billing");
      g_string_append_printf (body, "%s%s", i > 0 ? "," : "", text);
    }
  g_string_append (body, "]}");
  g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", admin, body->str, -1, &reply), ==, 200);
  head = hd_test_get_int (reply, "head");
  g_assert_cmpint (head, >=, 21); /* the admin, 10 tickets, 10 events */

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=7", cursor);
      g_autoptr(JsonNode) page = NULL;
      JsonArray *changes;

      g_assert_cmpuint (hd_test_request (server, "GET", path, admin, NULL, 0, &page), ==, 200);
      changes = json_object_get_array_member (json_node_get_object (page), "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, 7);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          gint64 revision = json_object_get_int_member (json_array_get_object_element (changes, i), "revision");
          g_assert_cmpint (revision, ==, last + 1); /* increasing, none skipped */
          last = revision;
          seen++;
        }
      cursor = hd_test_get_int (page, "next_cursor");
      g_assert_cmpint (cursor, ==, last);
      more = json_object_get_boolean_member (json_node_get_object (page), "has_more");
      pages++;
    }
  g_assert_cmpint (last, ==, head);
  g_assert_cmpuint (seen, ==, head);
  g_assert_cmpuint (pages, ==, (head + 6) / 7);

  /* At the head: an empty page that keeps the cursor. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, head);
    g_autoptr(JsonNode) page = NULL;

    g_assert_cmpuint (hd_test_request (server, "GET", path, admin, NULL, 0, &page), ==, 200);
    g_assert_cmpint (hd_test_get_int (page, "next_cursor"), ==, head);
  }

  hd_test_server_stop (server);
}

static void
test_attachments (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  static const char content[] = "screenshot bytes \x01\x02\x03 E1002";
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) content, sizeof content);
  g_autofree char *path = g_strconcat ("/api/v1/attachments/", sha, NULL);
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpuint (hd_test_request (server, "PUT", path, admin, content, sizeof content, &reply), ==, 201);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (hd_test_request (server, "PUT", path, admin, content, sizeof content, NULL), ==, 200);

  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autofree char *auth = g_strconcat ("Bearer ", admin, NULL);
    g_autoptr(GBytes) bytes = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    bytes = soup_session_send_and_read (server->session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), content, sizeof content);
  }

  /* Content that does not hash to the name is refused. */
  {
    g_autofree char *other = g_strconcat ("/api/v1/attachments/",
                                          "0000000000000000000000000000000000000000000000000000000000000000", NULL);
    g_assert_cmpuint (hd_test_request (server, "PUT", other, admin, content, sizeof content, &reply), ==, 422);
    g_assert_cmpstr (hd_test_get_string (reply, "error.code"), ==, "hash_mismatch");
    g_clear_pointer (&reply, json_node_unref);
    g_assert_cmpuint (hd_test_request (server, "GET", other, admin, NULL, 0, &reply), ==, 404);
    g_clear_pointer (&reply, json_node_unref);
    g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/attachments/NOTAHASH", admin, NULL, 0, &reply), ==, 400);
  }

  hd_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/sync/replay", test_replay);
  g_test_add_func ("/server/sync/conflict-and-rules", test_conflict_and_rules);
  g_test_add_func ("/server/sync/numbers-concurrent", test_numbers_concurrent);
  g_test_add_func ("/server/sync/feed-paging", test_feed_paging);
  g_test_add_func ("/server/sync/attachments", test_attachments);

  return g_test_run ();
}
