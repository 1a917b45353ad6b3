/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#ifdef __linux__
#include <signal.h>
#include <sys/prctl.h>
#endif

#include "hd-test-server.h"

static void
run_create_admin (HdTestServer *self)
{
  g_autoptr(GSubprocess) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  admin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                            HD_SERVER_BINARY, "--config", self->conf, "--storage", self->storage,
                            "--create-admin", "root", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (admin, HD_TEST_ADMIN_PASSWORD "\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (admin));
  if (g_subprocess_get_exit_status (admin) != 0)
    g_error ("--create-admin failed: %s", err);
}

/* A server outlives a test that aborts: have the kernel stop it then. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
launch (HdTestServer       *self,
        const char * const *extra_args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_auto(GStrv) wrapper = NULL;
  const char *wrapper_text = g_getenv ("HD_TEST_SERVER_WRAPPER");

  /* e.g. HD_TEST_SERVER_WRAPPER="valgrind -q --error-exitcode=99": the
   * exit status check in hd_test_server_stop() then fails on its reports. */
  if (wrapper_text != NULL && *wrapper_text != '\0' &&
      g_shell_parse_argv (wrapper_text, NULL, &wrapper, NULL))
    for (guint i = 0; wrapper[i] != NULL; i++)
      g_ptr_array_add (argv, wrapper[i]);
  g_ptr_array_add (argv, (char *) HD_SERVER_BINARY);
  g_ptr_array_add (argv, (char *) "--config");
  g_ptr_array_add (argv, self->conf);
  g_ptr_array_add (argv, (char *) "--storage");
  g_ptr_array_add (argv, self->storage);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
    self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  }
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  self->url = g_strdup (line + strlen ("listening on "));

  self->session = soup_session_new_with_options ("timeout", 60, NULL);
}

HdTestServer *
hd_test_server_start (const char         *extra_conf,
                      const char * const *extra_args)
{
  HdTestServer *self = g_new0 (HdTestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *conf_text = NULL;

  self->dir = g_dir_make_tmp ("hd-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->storage = g_build_filename (self->dir, "server.db", NULL);
  self->conf = g_build_filename (self->dir, "server.conf", NULL);
  conf_text = g_strdup_printf ("[server]\nlog-level=warning\n[auth]\npassword-hash-cost=min\n%s\n",
                               extra_conf != NULL ? extra_conf : "");
  g_file_set_contents (self->conf, conf_text, -1, &error);
  g_assert_no_error (error);

  run_create_admin (self);
  launch (self, extra_args);
  return self;
}

HdTestServer *
hd_test_server_start_twin (HdTestServer *other)
{
  HdTestServer *self = g_new0 (HdTestServer, 1);

  self->storage = g_strdup (other->storage);
  self->conf = g_strdup (other->conf);
  launch (self, NULL);
  return self;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
hd_test_server_stop (HdTestServer *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    {
      /* Only the process this helper started. */
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      g_assert_true (g_subprocess_get_if_exited (self->process));
      g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
      g_object_unref (self->process);
    }
  g_clear_object (&self->session);
  if (self->dir != NULL)
    remove_dir (self->dir);
  g_free (self->dir);
  g_free (self->storage);
  g_free (self->conf);
  g_free (self->url);
  g_free (self);
}

guint
hd_test_request (HdTestServer *self,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *body,
                 gssize        length,
                 JsonNode    **reply)
{
  g_autofree char *uri = g_strconcat (self->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  response = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);

  if (reply != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (response, &size);

      *reply = NULL;
      if (size > 0 && json_parser_load_from_data (parser, data, size, NULL))
        *reply = json_node_copy (json_parser_get_root (parser));
    }
  return soup_message_get_status (msg);
}

char *
hd_test_login (HdTestServer *self,
               const char   *user,
               const char   *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", user, password);
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  status = hd_test_request (self, "POST", "/api/v1/login", NULL, body, -1, &reply);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (hd_test_get_string (reply, "token"));
}

char *
hd_test_add_user (HdTestServer *self,
                  const char   *admin_token,
                  const char   *name,
                  const char   *role,
                  const char   *group)
{
  g_autofree char *body = NULL;
  g_autofree char *password = g_strconcat (name, "-password", NULL);
  guint status;

  if (group != NULL)
    body = g_strdup_printf ("{\"name\":\"%s\",\"password\":\"%s\",\"role\":\"%s\",\"group\":\"%s\"}",
                            name, password, role, group);
  else
    body = g_strdup_printf ("{\"name\":\"%s\",\"password\":\"%s\",\"role\":\"%s\"}",
                            name, password, role);
  status = hd_test_request (self, "POST", "/api/v1/users", admin_token, body, -1, NULL);
  g_assert_cmpuint (status, ==, 201);
  return hd_test_login (self, name, password);
}

static JsonNode *
lookup (JsonNode   *reply,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = reply;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  return node;
}

const char *
hd_test_get_string (JsonNode   *reply,
                    const char *path)
{
  JsonNode *node = lookup (reply, path);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

gint64
hd_test_get_int (JsonNode   *reply,
                 const char *path)
{
  JsonNode *node = lookup (reply, path);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : -1;
}
