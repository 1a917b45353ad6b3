/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-test-server.h"

/* Login, tokens and roles against the real helpdesk-server. */

static void
test_login (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *token = NULL;
  guint status;

  token = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  g_assert_cmpuint (strlen (token), ==, 64);

  status = hd_test_request (server, "GET", "/api/v1/me", token, NULL, 0, &reply);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (hd_test_get_string (reply, "role"), ==, "admin");
  g_clear_pointer (&reply, json_node_unref);

  /* Wrong password and unknown user: the same refusal. */
  status = hd_test_request (server, "POST", "/api/v1/login", NULL,
                            "{\"username\":\"root\",\"password\":\"wrong-password\"}", -1, &reply);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (hd_test_get_string (reply, "error.code"), ==, "invalid_credentials");
  g_clear_pointer (&reply, json_node_unref);

  status = hd_test_request (server, "POST", "/api/v1/login", NULL,
                            "{\"username\":\"nobody\",\"password\":\"whatever-pass\"}", -1, &reply);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (hd_test_get_string (reply, "error.code"), ==, "invalid_credentials");
  g_clear_pointer (&reply, json_node_unref);

  /* Missing fields and wrong types. */
  status = hd_test_request (server, "POST", "/api/v1/login", NULL, "{\"username\":\"root\"}", -1, &reply);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (hd_test_get_string (reply, "error.message"), "password"));
  g_clear_pointer (&reply, json_node_unref);
  status = hd_test_request (server, "POST", "/api/v1/login", NULL,
                            "{\"username\":7,\"password\":\"x\"}", -1, &reply);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (hd_test_get_string (reply, "error.message"), "username"));

  hd_test_server_stop (server);
}

static void
test_bad_tokens (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *token = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  g_autofree char *wrong = g_strdup (token);

  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", NULL, NULL, 0, &reply), ==, 401);
  g_assert_cmpstr (hd_test_get_string (reply, "error.code"), ==, "unauthorized");
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", wrong, NULL, 0, NULL), ==, 401);
  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", "", NULL, 0, NULL), ==, 401);

  /* Logout revokes the token, and only that one. */
  {
    g_autofree char *second = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);

    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/logout", token, NULL, 0, NULL), ==, 200);
    g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", token, NULL, 0, NULL), ==, 401);
    g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", second, NULL, 0, NULL), ==, 200);
    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/logout", second,
                                       "{\"all\":true}", -1, NULL), ==, 200);
    g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", second, NULL, 0, NULL), ==, 401);
  }

  /* A disabled user can neither use old tokens nor log in. */
  {
    g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
    g_autofree char *agent = hd_test_add_user (server, admin, "agent1", "agent", "technical");

    g_assert_cmpuint (hd_test_request (server, "PATCH", "/api/v1/users/agent1", admin,
                                       "{\"disabled\":true}", -1, NULL), ==, 200);
    g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", agent, NULL, 0, NULL), ==, 401);
    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/login", NULL,
                                       "{\"username\":\"agent1\",\"password\":\"agent1-password\"}",
                                       -1, NULL), ==, 401);
  }

  hd_test_server_stop (server);
}

static void
test_expiry (void)
{
  /* Expiry has one-second granularity: a 2 s token is valid for at least 1 s. */
  const char *args[] = { "--token-lifetime", "2", NULL };
  HdTestServer *server = hd_test_server_start (NULL, args);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *token = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);

  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", token, NULL, 0, NULL), ==, 200);
  g_usleep (3100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", token, NULL, 0, &reply), ==, 401);
  g_assert_cmpstr (hd_test_get_string (reply, "error.code"), ==, "unauthorized");

  hd_test_server_stop (server);
}

/* Each role against each endpoint ------------------------------------------ */

enum { AGENT, LEAD, SUPERVISOR, ADMIN, N_ROLES };

typedef struct {
  const char *method;
  const char *path;
  const char *body;   /* "%s" is replaced by the role's index where present */
  guint expected[N_ROLES];
} MatrixRow;

#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define MISSING_SHA "0000000000000000000000000000000000000000000000000000000000000000"
#define TICKET_UUID "7d0b5a52-8f3c-4c1e-9a43-1b2c3d4e5f60"   /* created by root, group billing */
#define UNKNOWN_UUID "7d0b5a52-8f3c-4c1e-9a43-000000000000"

static const MatrixRow matrix[] = {
  { "GET",   "/api/v1/me", NULL,                                   { 200, 200, 200, 200 } },
  { "GET",   "/api/v1/config", NULL,                               { 200, 200, 200, 200 } },
  { "PUT",   "/api/v1/config", "CONFIG",                           { 403, 403, 403, 200 } },
  { "GET",   "/api/v1/users", NULL,                                { 200, 200, 200, 200 } },
  { "POST",  "/api/v1/users", "{\"name\":\"new%s\",\"password\":\"password-x\",\"role\":\"agent\"}",
                                                                    { 403, 403, 403, 201 } },
  { "PATCH", "/api/v1/users/agent2", "{\"group\":\"technical\"}",  { 403, 200, 200, 200 } },
  { "PATCH", "/api/v1/users/billing1", "{\"group\":\"technical\"}", { 403, 403, 200, 200 } },
  { "PATCH", "/api/v1/users/billing1", "{\"group\":\"billing\"}",   { 403, 403, 200, 200 } },
  { "PATCH", "/api/v1/users/agent2", "{\"role\":\"team_lead\"}",  { 403, 403, 403, 200 } },
  { "PATCH", "/api/v1/users/agent2", "{\"role\":\"agent\"}",      { 403, 403, 403, 200 } },
  { "PATCH", "/api/v1/users/root", "{\"group\":\"technical\"}",   { 403, 403, 403, 200 } },
  { "PATCH", "/api/v1/users/root", "{\"group\":null}",              { 403, 403, 403, 200 } },
  { "GET",   "/api/v1/agent-states", NULL,                         { 200, 200, 200, 200 } },
  { "PUT",   "/api/v1/agent-states/agent2", "{\"state\":\"busy\"}", { 403, 200, 200, 200 } },
  { "PUT",   "/api/v1/agent-states/billing1", "{\"state\":\"away\"}", { 403, 403, 200, 200 } },
  { "PUT",   "/api/v1/agent-states/SELF", "{\"state\":\"idle\"}",  { 200, 200, 200, 200 } },
  { "GET",   "/api/v1/roster", NULL,                               { 200, 200, 200, 200 } },
  { "PUT",   "/api/v1/roster", "{\"entries\":[{\"date\":\"2026-11-24\",\"group\":\"technical\",\"lead\":\"lead1\"}]}",
                                                                    { 403, 200, 200, 200 } },
  { "PUT",   "/api/v1/roster", "{\"entries\":[{\"date\":\"2026-11-24\",\"group\":\"billing\"}]}",
                                                                    { 403, 403, 200, 200 } },
  { "GET",   "/api/v1/changes", NULL,                              { 200, 200, 200, 200 } },
  { "POST",  "/api/v1/batch", "{\"ops\":[]}",                      { 200, 200, 200, 200 } },
  { "PUT",   "/api/v1/attachments/" EMPTY_SHA, "",                 { 201, 200, 200, 200 } },
  { "GET",   "/api/v1/attachments/" EMPTY_SHA, NULL,               { 200, 200, 200, 200 } },
  { "HEAD",  "/api/v1/attachments/" EMPTY_SHA, NULL,               { 200, 200, 200, 200 } },
  { "HEAD",  "/api/v1/attachments/" MISSING_SHA, NULL,             { 404, 404, 404, 404 } },
  { "GET",   "/api/v1/tickets/" TICKET_UUID, NULL,                 { 200, 200, 200, 200 } },
  { "GET",   "/api/v1/tickets/" UNKNOWN_UUID, NULL,                { 404, 404, 404, 404 } },
  { "POST",  "/api/v1/logout", NULL,                               { 200, 200, 200, 200 } },
};

static void
test_role_matrix (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  static const char * const names[N_ROLES] = { "agent1", "lead1", "super1", "root" };
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  g_autofree char *config_body = NULL;
  g_autofree char *tokens[N_ROLES] = { NULL };

  tokens[AGENT] = hd_test_add_user (server, admin, "agent1", "agent", "technical");
  tokens[LEAD] = hd_test_add_user (server, admin, "lead1", "team_lead", "technical");
  tokens[SUPERVISOR] = hd_test_add_user (server, admin, "super1", "supervisor", NULL);
  tokens[ADMIN] = g_strdup (admin);
  g_free (hd_test_add_user (server, admin, "agent2", "agent", "technical"));
  g_free (hd_test_add_user (server, admin, "billing1", "agent", "billing"));

  /* A ticket of another team than the agent's and lead's: reading is
   * centre-wide, as the feed is. */
  {
    g_autofree char *batch = g_strdup_printf (
      "{\"ops\":[{\"op_uuid\":\"%s\",\"kind\":\"ticket.create\",\"entity_uuid\":\"%s\","
      "\"payload\":{\"ticket\":{\"uuid\":\"%s\",\"group\":\"billing\",\"status\":\"pending\","
      "\"created_at\":1700000000},\"events\":[{\"uuid\":\"%s\",\"ticket_uuid\":\"%s\","
      "\"kind\":\"created\",\"created_at\":1700000000,\"text\":null,\"data\":null}]}}]}",
      "5c1d7e9a-0b2f-4a6c-8d3e-9f0a1b2c3d4e", TICKET_UUID, TICKET_UUID,
      "5c1d7e9a-0b2f-4a6c-8d3e-000000000001", TICKET_UUID);
    g_autoptr(JsonNode) reply = NULL;

    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", admin, batch, -1, &reply), ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (json_node_get_object (reply), "results"), 0),
                       "status"), ==, "applied");
    g_clear_pointer (&reply, json_node_unref);
    g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/tickets/" TICKET_UUID, tokens[AGENT],
                                       NULL, 0, &reply), ==, 200);
    g_assert_cmpstr (hd_test_get_string (reply, "ticket.uuid"), ==, TICKET_UUID);
    g_assert_cmpstr (hd_test_get_string (reply, "ticket.group"), ==, "billing");
    g_assert_cmpint (hd_test_get_int (reply, "revision"), >, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (reply),
                                                                           "events")), ==, 1);
  }

  {
    g_autoptr(JsonNode) reply = NULL;
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) body = NULL;
    g_autoptr(JsonGenerator) gen = json_generator_new ();

    g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/config", admin, NULL, 0, &reply), ==, 200);
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "config");
    json_builder_add_value (builder, json_node_copy (json_object_get_member (json_node_get_object (reply), "config")));
    json_builder_end_object (builder);
    body = json_builder_get_root (builder);
    json_generator_set_root (gen, body);
    config_body = json_generator_to_data (gen, NULL);
  }

  for (guint r = 0; r < G_N_ELEMENTS (matrix); r++)
    for (guint role = 0; role < N_ROLES; role++)
      {
        const MatrixRow *row = &matrix[r];
        g_autofree char *path = NULL;
        g_autofree char *body = NULL;
        g_autoptr(JsonNode) reply = NULL;
        g_autoptr(GString) p = g_string_new (row->path);
        guint status;

        g_string_replace (p, "SELF", names[role], 0);
        path = g_strdup (p->str);
        if (g_strcmp0 (row->body, "CONFIG") == 0)
          body = g_strdup (config_body);
        else if (row->body != NULL)
          {
            g_autoptr(GString) b = g_string_new (row->body);
            g_autofree char *index = g_strdup_printf ("%u", role);
            g_string_replace (b, "%s", index, 0);
            body = g_strdup (b->str);
          }

        /* Without a token every row but none is refused. */
        if (role == 0)
          g_assert_cmpuint (hd_test_request (server, row->method, path, NULL, body, -1, NULL), ==, 401);

        status = hd_test_request (server, row->method, path, tokens[role], body, -1, &reply);
        if (status != row->expected[role])
          g_error ("%s %s as %s: %u, expected %u", row->method, path, names[role], status,
                   row->expected[role]);
        if (status >= 400 && strcmp (row->method, "HEAD") != 0)   /* HEAD: no body */
          g_assert_nonnull (hd_test_get_string (reply, "error.code"));
      }

  hd_test_server_stop (server);
}

static void
test_public_and_unknown (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/health", NULL, NULL, 0, &reply), ==, 200);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/nothing", NULL, NULL, 0, &reply), ==, 404);
  g_assert_cmpstr (hd_test_get_string (reply, "error.code"), ==, "not_found");
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (hd_test_request (server, "DELETE", "/api/v1/config", NULL, NULL, 0, &reply), ==, 405);
  g_assert_cmpuint (hd_test_request (server, "GET", "/index.html", NULL, NULL, 0, NULL), ==, 404);

  hd_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/auth/login", test_login);
  g_test_add_func ("/server/auth/bad-tokens", test_bad_tokens);
  g_test_add_func ("/server/auth/expiry", test_expiry);
  g_test_add_func ("/server/auth/role-matrix", test_role_matrix);
  g_test_add_func ("/server/auth/public-and-unknown", test_public_and_unknown);

  return g_test_run ();
}
