/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hd-test-mutate.h"
#include "hd-test-server.h"

/* Limits, malformed requests and TLS against the real server. */

#define SMALL_LIMITS \
  "[limits]\nmax-body-size=4096\nmax-batch-ops=3\nmax-page-size=5\n" \
  "max-string-length=50\nmax-attachment-size=100\n"

static void
assert_limit (guint       status,
              JsonNode   *reply,
              guint       expected_status,
              const char *limit)
{
  g_assert_cmpuint (status, ==, expected_status);
  g_assert_cmpstr (hd_test_get_string (reply, "error.code"), ==, "limit_exceeded");
  g_assert_cmpstr (hd_test_get_string (reply, "error.limit"), ==, limit);
  g_assert_cmpint (hd_test_get_int (reply, "error.max"), >, 0);
}

static void
test_limits (void)
{
  HdTestServer *server = hd_test_server_start (SMALL_LIMITS, NULL);
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *big = NULL;
  guint status;

  /* Body size: refused from Content-Length. */
  big = g_strnfill (5000, ' ');
  status = hd_test_request (server, "POST", "/api/v1/batch", admin, big, -1, &reply);
  assert_limit (status, reply, 413, "max-body-size");
  g_clear_pointer (&reply, json_node_unref);

  /* Outside the API too, and before the body is read. */
  status = hd_test_request (server, "POST", "/elsewhere", NULL, big, -1, &reply);
  assert_limit (status, reply, 413, "max-body-size");
  g_clear_pointer (&reply, json_node_unref);

  /* A chunked body has no length to check up front: refused. */
  {
    g_autofree char *uri = g_strconcat (server->url, "/api/v1/batch", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("{\"ops\":[]}", -1, NULL);
    g_autoptr(GBytes) bytes = NULL;

    soup_message_set_request_body (msg, "application/json", stream, -1);
    bytes = soup_session_send_and_read (server->session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 411);
  }

  /* Batch size. */
  {
    g_autoptr(GString) body = g_string_new ("{\"ops\":[");
    for (guint i = 0; i < 4; i++)
      {
        g_autofree char *op = g_uuid_string_random ();
        g_string_append_printf (body, "%s{\"op_uuid\":\"%s\",\"kind\":\"event.add\"}", i ? "," : "", op);
      }
    g_string_append (body, "]}");
    status = hd_test_request (server, "POST", "/api/v1/batch", admin, body->str, -1, &reply);
    assert_limit (status, reply, 413, "max-batch-ops");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* Page size. */
  status = hd_test_request (server, "GET", "/api/v1/changes?limit=6", admin, NULL, 0, &reply);
  assert_limit (status, reply, 400, "max-page-size");
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/changes?limit=5", admin, NULL, 0, NULL), ==, 200);

  /* String length (in characters). */
  {
    g_autofree char *name = g_strnfill (60, 'x');
    g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"p\"}", name);
    status = hd_test_request (server, "POST", "/api/v1/login", NULL, body, -1, &reply);
    assert_limit (status, reply, 413, "max-string-length");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* Attachment size. */
  {
    g_autofree char *content = g_strnfill (101, 'a');
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
    g_autofree char *path = g_strconcat ("/api/v1/attachments/", sha, NULL);
    status = hd_test_request (server, "PUT", path, admin, content, -1, &reply);
    assert_limit (status, reply, 413, "max-attachment-size");
    g_clear_pointer (&reply, json_node_unref);
  }

  /* Nesting depth. */
  {
    g_autofree char *open = g_strnfill (40, '[');
    g_autofree char *close = g_strnfill (40, ']');
    g_autofree char *body = g_strdup_printf ("{\"ops\":%s%s}", open, close);
    status = hd_test_request (server, "POST", "/api/v1/batch", admin, body, -1, &reply);
    assert_limit (status, reply, 413, "max-json-depth");
  }

  hd_test_server_stop (server);
}

static void
test_malformed (void)
{
  static const struct {
    const char *path;
    const char *body;
    const char *code;
    const char *mentions;
  } cases[] = {
    { "/api/v1/batch", "{\"ops\":[", "bad_json", "JSON" },
    { "/api/v1/batch", "[1,2]", "invalid_request", "object" },
    { "/api/v1/batch", "{}", "invalid_request", "body.ops" },
    { "/api/v1/batch", "{\"ops\":{}}", "invalid_request", "body.ops" },
    { "/api/v1/batch", "{\"ops\":[7]}", "invalid_request", "ops[0]" },
    { "/api/v1/batch", "{\"ops\":[{\"kind\":\"event.add\"}]}", "invalid_request", "ops[0].op_uuid" },
    { "/api/v1/batch", "{\"ops\":[{\"op_uuid\":\"nope\",\"kind\":\"event.add\"}]}", "invalid_request", "UUID" },
    { "/api/v1/batch", "{\"ops\":[],\"extra\":1}", "invalid_request", "body.extra" },
    { "/api/v1/batch", "\xff\xfe{}", "bad_json", "UTF-8" },
    { "/api/v1/batch", "", "bad_json", "empty" },
    { "/api/v1/roster", "{\"entries\":[{\"date\":\"24/11/2026\",\"group\":\"technical\"}]}", "invalid_request", "date" },
    { "/api/v1/users", "{\"name\":\"x\",\"password\":\"longenough\",\"role\":\"king\"}", "invalid_request", "role" },
  };
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      const char *method = g_str_has_suffix (cases[i].path, "roster") ? "PUT" : "POST";
      guint status = hd_test_request (server, method, cases[i].path, admin, cases[i].body, -1, &reply);

      g_test_message ("case %u: %s", i, cases[i].body);
      g_assert_cmpuint (status, ==, 400);
      g_assert_cmpstr (hd_test_get_string (reply, "error.code"), ==, cases[i].code);
      g_assert_nonnull (strstr (hd_test_get_string (reply, "error.message"), cases[i].mentions));
    }

  /* Payload problems reject the operation, naming the member. */
  {
    g_autofree char *op = g_uuid_string_random ();
    g_autofree char *ticket = g_uuid_string_random ();
    g_autofree char *body = g_strdup_printf (
      "{\"ops\":[{\"op_uuid\":\"%s\",\"kind\":\"ticket.create\",\"entity_uuid\":\"%s\","
      "\"payload\":{\"ticket\":{\"created_at\":1795500000,\"escalated\":\"yes\"}}}]}", op, ticket);
    g_autoptr(JsonNode) reply = NULL;
    JsonObject *result;

    g_assert_cmpuint (hd_test_request (server, "POST", "/api/v1/batch", admin, body, -1, &reply), ==, 200);
    result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (reply), "results"), 0);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "message"),
                              "payload.ticket.escalated"));
  }

  hd_test_server_stop (server);
}

static void
test_tls (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GTlsCertificate) trusted = NULL;
  HdTestServer *server;
  int exit_status = -1;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed: cannot make a self-signed certificate");
      return;
    }

  dir = g_dir_make_tmp ("hd-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert = g_build_filename (dir, "cert.pem", NULL);
  key = g_build_filename (dir, "key.pem", NULL);
  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key, "-out", cert, "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &exit_status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (exit_status, NULL));
  }

  {
    const char *args[] = { "--tls-certificate", cert, "--tls-key", key, NULL };
    server = hd_test_server_start (NULL, args);
  }
  g_assert_true (g_str_has_prefix (server->url, "https://127.0.0.1:"));

  /* Trust exactly this certificate. */
  trusted = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GTlsDatabase) db = NULL;
    g_autofree char *pem = NULL;

    g_file_get_contents (cert, &pem, NULL, &error);
    g_assert_no_error (error);
    db = g_tls_file_database_new (cert, &error);
    g_assert_no_error (error);
    g_object_set (server->session, "tls-database", db, NULL);
  }
  {
    g_autoptr(JsonNode) reply = NULL;
    g_autofree char *token = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
    g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/me", token, NULL, 0, &reply), ==, 200);
  }

  hd_test_server_stop (server);
  g_unlink (cert);
  g_unlink (key);
  g_rmdir (dir);
}

/* Mutated requests over HTTP: every reply is JSON, none is a server error,
 * and the server is still up at the end (it also exits cleanly on stop). */
static void
test_mutations_http (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autofree char *admin = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  const char * const *corpus = hd_test_mutate_corpus ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (hd_test_mutate_seed () + 1);
  guint n_corpus = g_strv_length ((char **) corpus);
  guint counts[6] = { 0 };

  for (guint i = 0; i < 400; i++)
    {
      const char *entry = corpus[g_rand_int_range (rand, 0, n_corpus)];
      const char *newline = strchr (entry, '\n');
      g_autofree char *request_line = g_strndup (entry, newline - entry);
      g_auto(GStrv) parts = g_strsplit (request_line, " ", 2);
      g_autofree char *body = hd_test_mutate (rand, newline + 1);
      g_autoptr(JsonNode) reply = NULL;
      guint status;

      status = hd_test_request (server, parts[0], parts[1], admin, body, -1, &reply);
      if (status >= 500 || reply == NULL || !JSON_NODE_HOLDS_OBJECT (reply))
        g_error ("%s %s with %s: status %u", parts[0], parts[1], body, status);
      if (status >= 400)
        g_assert_nonnull (hd_test_get_string (reply, "error.code"));
      counts[MIN (status / 100, 5)]++;
    }
  g_test_message ("2xx %u, 4xx %u", counts[2], counts[4]);
  g_assert_cmpuint (counts[2], >, 0);
  g_assert_cmpuint (counts[4], >, 0);
  g_assert_cmpuint (hd_test_request (server, "GET", "/api/v1/health", NULL, NULL, 0, NULL), ==, 200);

  hd_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/limits/each-limit", test_limits);
  g_test_add_func ("/server/limits/malformed", test_malformed);
  g_test_add_func ("/server/limits/tls", test_tls);
  g_test_add_func ("/server/limits/mutations-http", test_mutations_http);

  return g_test_run ();
}
