/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hd-config.h"
#include "hd-sample-data.h"
#include "hd-test-sync.h"
#include "hd-uuid.h"

/* Servers started by these tests die with them, even on a failed assertion. */
static GPid tracked_pids[8];

static void
on_abort (int sig)
{
  for (guint i = 0; i < G_N_ELEMENTS (tracked_pids); i++)
    if (tracked_pids[i] > 0)
      kill (tracked_pids[i], SIGKILL);
  signal (sig, SIG_DFL);
  raise (sig);
}

void
hd_test_sync_track_server (HdTestServer *server)
{
  static gboolean installed;
  GPid pid = server->process != NULL
           ? (GPid) atoi (g_subprocess_get_identifier (server->process) ?: "0") : 0;

  if (!installed)
    {
      signal (SIGABRT, on_abort);
      signal (SIGTRAP, on_abort);
      installed = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (tracked_pids); i++)
    if (tracked_pids[i] == 0 || kill (tracked_pids[i], 0) != 0)
      {
        tracked_pids[i] = pid;
        return;
      }
}

GPid
hd_test_server_get_pid (HdTestServer *server)
{
  return server->process != NULL
         ? (GPid) atoi (g_subprocess_get_identifier (server->process) ?: "0") : 0;
}

/* Fault proxy ---------------------------------------------------------------- */

struct _HdTestProxy {
  GSocketService *service;
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  GCond started;
  char *url;
  GMutex lock;
  guint16 upstream;
  GPid server_pid;
  HdFault fault;
  char *prefix;
  guint count;
  guint delay_ms;
  guint done;
  GPtrArray *requests;   /* "METHOD PATH" of every request, in arrival order */
};

static const char * const fault_names[] = {
  "none", "refuse", "drop-reply", "500-after", "503", "malformed", "truncated",
  "oversized", "slow", "kill-server",
};
G_STATIC_ASSERT (G_N_ELEMENTS (fault_names) == HD_N_FAULTS);

const char *
hd_fault_name (HdFault fault)
{
  return fault_names[fault];
}

/* Reads one HTTP message head (up to the blank line) and its
 * Content-Length body; FALSE at EOF or on an error. */
static gboolean
read_message (GInputStream  *in,
              GString       *head,
              GByteArray    *body,
              gboolean       until_eof,
              gboolean       no_body)
{
  char c;
  gssize n;
  gint64 length = -1;
  g_auto(GStrv) lines = NULL;

  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      n = g_input_stream_read (in, &c, 1, NULL, NULL);
      if (n <= 0 || head->len > 65536)
        return FALSE;
      g_string_append_c (head, c);
    }
  /* The reply to a HEAD has no body, whatever its Content-Length says. */
  if (no_body)
    return TRUE;
  lines = g_strsplit (head->str, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
      length = g_ascii_strtoll (lines[i] + 15, NULL, 10);

  if (length >= 0)
    {
      g_byte_array_set_size (body, length);
      if (length > 0 && !g_input_stream_read_all (in, body->data, length, NULL, NULL, NULL))
        return FALSE;
      return TRUE;
    }
  if (until_eof)
    {
      char buf[16384];
      while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
        g_byte_array_append (body, (guint8 *) buf, n);
    }
  return TRUE;
}

/* The head with "Connection: close" in place of any Connection header. */
static char *
close_head (const char *head)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      if (g_ascii_strncasecmp (lines[i], "Connection:", 11) == 0)
        continue;
      g_string_append_printf (out, "%s\r\n", lines[i]);
    }
  g_string_append (out, "Connection: close\r\n\r\n");
  return g_string_free (out, FALSE);
}

static void
write_all (GOutputStream *out,
           const void    *data,
           gsize          len)
{
  g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

static void
reply_status (GOutputStream *out,
              guint          status,
              const char    *phrase)
{
  g_autofree char *text = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                                           status, phrase);
  write_all (out, text, strlen (text));
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  HdTestProxy *self = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GString) up_head = g_string_new (NULL);
  g_autoptr(GByteArray) up_body = g_byte_array_new ();
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autofree char *path = NULL;
  g_autofree char *request_head = NULL;
  HdFault fault = HD_FAULT_NONE;
  guint delay_ms, port;
  GPid pid;
  const char *space;

  if (!read_message (in, head, body, FALSE, FALSE))
    return FALSE;
  space = strchr (head->str, ' ');
  path = space != NULL ? g_strndup (space + 1, strcspn (space + 1, " ")) : g_strdup ("");

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, g_strndup (head->str, strcspn (head->str, " ") + 1 + strlen (path)));
  if (self->count > 0 && (self->prefix == NULL || g_str_has_prefix (path, self->prefix)))
    {
      fault = self->fault;
      self->count--;
      self->done++;
    }
  delay_ms = self->delay_ms;
  port = self->upstream;
  pid = self->server_pid;
  g_mutex_unlock (&self->lock);

  if (fault == HD_FAULT_REFUSE)
    return FALSE;
  if (fault == HD_FAULT_503)
    {
      reply_status (out, 503, "Service Unavailable");
      return FALSE;
    }

  client = g_socket_client_new ();
  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (upstream == NULL)
    return FALSE;   /* the server is down: the client sees a dropped connection */

  request_head = close_head (head->str);
  write_all (g_io_stream_get_output_stream (G_IO_STREAM (upstream)), request_head, strlen (request_head));
  write_all (g_io_stream_get_output_stream (G_IO_STREAM (upstream)), body->data, body->len);

  if (fault == HD_FAULT_KILL_SERVER)
    {
      g_usleep (delay_ms * 1000);
      if (pid > 0)
        kill (pid, SIGKILL);
      return FALSE;
    }

  if (!read_message (g_io_stream_get_input_stream (G_IO_STREAM (upstream)), up_head, up_body, TRUE,
                     g_str_has_prefix (head->str, "HEAD ")))
    return FALSE;

  switch (fault)
    {
    case HD_FAULT_DROP_REPLY:
      return FALSE;
    case HD_FAULT_500_AFTER:
      reply_status (out, 500, "Internal Server Error");
      return FALSE;
    case HD_FAULT_MALFORMED:
      {
        static const char broken[] = "{\"results\": [{\"op_uuid\": tru, \"changes\": [}";
        g_autofree char *text = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                                 strlen (broken), broken);
        write_all (out, text, strlen (text));
        return FALSE;
      }
    case HD_FAULT_TRUNCATED:
      {
        g_autofree char *h = close_head (up_head->str);
        write_all (out, h, strlen (h));
        write_all (out, up_body->data, up_body->len / 2);
        return FALSE;
      }
    case HD_FAULT_OVERSIZED:
      {
        /* No Content-Length: the client must stop reading by itself. */
        static const char start[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"changes\":[\"";
        g_autofree char *filler = g_strnfill (65536, 'x');

        write_all (out, start, strlen (start));
        for (guint i = 0; i < 64; i++)
          if (!g_output_stream_write_all (out, filler, 65536, NULL, NULL, NULL))
            break;
        return FALSE;
      }
    case HD_FAULT_SLOW:
      g_usleep (delay_ms * 1000);
      break;
    default:
      break;
    }

  {
    g_autofree char *h = close_head (up_head->str);
    write_all (out, h, strlen (h));
    write_all (out, up_body->data, up_body->len);
  }
  return FALSE;
}

/* The proxy accepts in a thread of its own, so it keeps working while the
 * test's main context is not iterated (g_test_trap_subprocess waits). */
static gpointer
proxy_thread (gpointer data)
{
  HdTestProxy *self = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);
  self->service = g_threaded_socket_service_new (16);
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_mutex_lock (&self->lock);
  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  g_cond_signal (&self->started);
  g_mutex_unlock (&self->lock);
  g_signal_connect (self->service, "run", G_CALLBACK (on_run), self);
  g_socket_service_start (self->service);

  g_main_loop_run (self->loop);

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

HdTestProxy *
hd_test_proxy_new (guint16 upstream_port)
{
  HdTestProxy *self = g_new0 (HdTestProxy, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->started);
  self->upstream = upstream_port;
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("fault-proxy", proxy_thread, self);
  while (self->url == NULL)
    g_cond_wait (&self->started, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

const char *
hd_test_proxy_get_url (HdTestProxy *self)
{
  return self->url;
}

void
hd_test_proxy_set_upstream (HdTestProxy *self,
                            guint16      port,
                            GPid         server_pid)
{
  g_mutex_lock (&self->lock);
  self->upstream = port;
  self->server_pid = server_pid;
  g_mutex_unlock (&self->lock);
}

void
hd_test_proxy_set_fault (HdTestProxy *self,
                         HdFault      fault,
                         const char  *path_prefix,
                         guint        count,
                         guint        delay_ms)
{
  g_mutex_lock (&self->lock);
  self->fault = fault;
  g_free (self->prefix);
  self->prefix = g_strdup (path_prefix);
  self->count = count;
  self->delay_ms = delay_ms;
  g_mutex_unlock (&self->lock);
}

guint
hd_test_proxy_count_requests (HdTestProxy *self,
                              const char  *method,
                              const char  *path_prefix)
{
  g_autofree char *prefix = g_strconcat (method, " ", path_prefix, NULL);
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (self->requests, i), prefix);
  g_mutex_unlock (&self->lock);
  return n;
}

guint
hd_test_proxy_get_faults_done (HdTestProxy *self)
{
  guint done;

  g_mutex_lock (&self->lock);
  done = self->done;
  g_mutex_unlock (&self->lock);
  return done;
}

void
hd_test_proxy_free (HdTestProxy *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->url);
  g_free (self->prefix);
  /* Handler threads may still hold the proxy for a moment: leaked on purpose. */
}

/* Server process ------------------------------------------------------------- */

guint16
hd_test_server_get_port (HdTestServer *server)
{
  const char *colon = strrchr (server->url, ':');
  return colon != NULL ? (guint16) g_ascii_strtoull (colon + 1, NULL, 10) : 0;
}

gboolean
hd_test_server_is_running (HdTestServer *server)
{
  return server->process != NULL && g_subprocess_get_identifier (server->process) != NULL;
}

void
hd_test_server_kill (HdTestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
hd_test_server_restart (HdTestServer *server)
{
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  hd_test_server_kill (server);
  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      HD_SERVER_BINARY, "--config", server->conf,
                                      "--storage", server->storage, "--port", "0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  g_free (server->url);
  server->url = g_strdup (line + strlen ("listening on "));
  hd_test_sync_track_server (server);
}

/* Clients -------------------------------------------------------------------- */

static void
client_open (HdTestClient *client,
             const char   *url)
{
  g_autoptr(GError) error = NULL;

  client->store = hd_store_open (client->path, &error);
  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (client->store, FALSE);
  client->engine = hd_sync_engine_new (client->store, url);
  hd_sync_engine_set_credentials (client->engine, client->user, client->token);
  hd_sync_engine_set_timeout (client->engine, 5000);
}

HdTestClient *
hd_test_client_new (const char *url,
                    const char *user,
                    const char *token)
{
  HdTestClient *client = g_new0 (HdTestClient, 1);
  g_autoptr(GError) error = NULL;

  client->dir = g_dir_make_tmp ("hd-sync-client-XXXXXX", &error);
  g_assert_no_error (error);
  client->path = g_build_filename (client->dir, "tickets.db", NULL);
  client->user = g_strdup (user);
  client->token = g_strdup (token);
  client_open (client, url);
  return client;
}

void
hd_test_client_reopen (HdTestClient *client,
                       const char   *url)
{
  g_clear_object (&client->engine);
  g_clear_object (&client->store);
  client_open (client, url);
}

void
hd_test_client_free (HdTestClient *client)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&client->engine);
  g_clear_object (&client->store);
  dir = g_dir_open (client->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (client->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (client->dir);
  g_free (client->dir);
  g_free (client->path);
  g_free (client->user);
  g_free (client->token);
  g_free (client);
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} SyncWait;

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->ok = hd_sync_engine_sync_finish (HD_SYNC_ENGINE (source), result, &wait->error);
  wait->done = TRUE;
}

gboolean
hd_test_client_sync (HdTestClient  *client,
                     GError       **error)
{
  SyncWait wait = { 0 };

  hd_sync_engine_sync_async (client->engine, NULL, on_synced, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

void
hd_test_client_sync_ok (HdTestClient *client)
{
  g_autoptr(GError) error = NULL;

  hd_test_client_sync (client, &error);
  g_assert_no_error (error);
}

GPtrArray *
hd_test_client_create (HdTestClient *client,
                       guint         n,
                       guint32       seed)
{
  g_autoptr(HdConfig) config = hd_config_load_default (NULL);
  g_autoptr(GPtrArray) tickets = hd_sample_data_generate (config, n, seed, g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(GError) error = NULL;
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (config);
  hd_store_create_tickets (client->store, tickets, client->user, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tickets->len; i++)
    g_ptr_array_add (uuids, g_strdup (hd_ticket_get_uuid (g_ptr_array_index (tickets, i))));
  return uuids;
}

void
hd_test_client_edit (HdTestClient *client,
                     const char   *uuid,
                     const char   *field,
                     const char   *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_store_get_ticket (client->store, uuid, &error);

  g_assert_no_error (error);
  if (g_str_equal (field, "priority"))
    hd_ticket_set_priority (ticket, value);
  else if (g_str_equal (field, "handler"))
    hd_ticket_set_handler (ticket, value);
  else if (g_str_equal (field, "result"))
    hd_ticket_set_result (ticket, value);
  else if (g_str_equal (field, "transfer_note"))
    hd_ticket_set_transfer_note (ticket, value);
  else if (g_str_equal (field, "group"))
    hd_ticket_set_group (ticket, value);
  else if (g_str_equal (field, "status"))
    {
      HdStatus status;

      g_assert_true (hd_status_from_id (value, &status));
      hd_ticket_set_status (ticket, status);
    }
  else
    g_assert_not_reached ();
  hd_store_update_ticket (client->store, ticket, client->user, &error);
  g_assert_no_error (error);
}

char *
hd_test_client_add_note (HdTestClient *client,
                         const char   *uuid,
                         const char   *text)
{
  g_autofree char *event_uuid = hd_uuid_new ();
  g_autoptr(HdEvent) event = hd_event_new (event_uuid, uuid, HD_EVENT_NOTE, client->user,
                                           g_get_real_time () / G_USEC_PER_SEC, text, NULL);
  g_autoptr(GError) error = NULL;

  hd_store_add_event (client->store, event, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&event_uuid);
}

/* Comparing stores ----------------------------------------------------------- */

static void
dump_table (sqlite3    *db,
            const char *table,
            GString    *out)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA table_info(%s)", table);
  g_autoptr(GString) cols = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      if (g_str_equal (name, "id") || g_str_equal (name, "sync_state"))
        continue;
      g_string_append_printf (cols, "%s%s", cols->len ? ", " : "", name);
    }
  sqlite3_finalize (stmt);

  sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", cols->str, table, cols->str);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (out, "%s:", table);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s|", sqlite3_column_type (stmt, i) == SQLITE_NULL
                                            ? "∅" : (const char *) sqlite3_column_text (stmt, i));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
}

char *
hd_test_dump_store (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  dump_table (db, "tickets", out);
  dump_table (db, "events", out);
  dump_table (db, "attachments", out);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

guint
hd_test_count_rows (const char *path,
                    const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

void
hd_test_assert_converged (HdTestClient *a,
                          HdTestClient *b)
{
  g_autofree char *dump_a = hd_test_dump_store (a->path);
  g_autofree char *dump_b = hd_test_dump_store (b->path);

  g_assert_cmpuint (hd_store_outbox_count (a->store), ==, 0);
  g_assert_cmpuint (hd_store_outbox_count (b->store), ==, 0);
  g_assert_cmpuint (hd_test_count_rows (a->path, "SELECT count(*) FROM tickets WHERE number_provisional != 0"), ==, 0);
  g_assert_cmpuint (hd_test_count_rows (b->path, "SELECT count(*) FROM tickets WHERE number_provisional != 0"), ==, 0);

  if (g_strcmp0 (dump_a, dump_b) != 0)
    {
      g_auto(GStrv) la = g_strsplit (dump_a, "\n", -1);
      g_auto(GStrv) lb = g_strsplit (dump_b, "\n", -1);
      guint i;

      for (i = 0; la[i] != NULL && lb[i] != NULL && g_str_equal (la[i], lb[i]); i++)
        ;
      g_error ("Stores differ at line %u:\n  %s: %s\n  %s: %s", i, a->user,
               la[i] ? la[i] : "(end)", b->user, lb[i] ? lb[i] : "(end)");
    }
}

void
hd_test_team_start (HdTestTeam *team)
{
  g_autofree char *root = NULL;
  g_autofree char *alice = NULL;
  g_autofree char *bob = NULL;

  team->server = hd_test_server_start (NULL, NULL);
  hd_test_sync_track_server (team->server);
  root = hd_test_login (team->server, "root", HD_TEST_ADMIN_PASSWORD);
  alice = hd_test_add_user (team->server, root, "alice", "supervisor", NULL);
  bob = hd_test_add_user (team->server, root, "bob", "supervisor", NULL);

  team->proxy = hd_test_proxy_new (hd_test_server_get_port (team->server));
  hd_test_proxy_set_upstream (team->proxy, hd_test_server_get_port (team->server),
                              hd_test_server_get_pid (team->server));
  team->a = hd_test_client_new (hd_test_proxy_get_url (team->proxy), "alice", alice);
  team->b = hd_test_client_new (hd_test_proxy_get_url (team->proxy), "bob", bob);
}

void
hd_test_team_stop (HdTestTeam *team)
{
  hd_test_client_free (team->a);
  hd_test_client_free (team->b);
  hd_test_proxy_free (team->proxy);
  if (!hd_test_server_is_running (team->server))
    hd_test_server_restart (team->server);
  hd_test_server_stop (team->server);
}

void
hd_test_team_set_up (HdTestTeam    *team,
                     gconstpointer  data)
{
  hd_test_team_start (team);
}

void
hd_test_team_tear_down (HdTestTeam    *team,
                        gconstpointer  data)
{
  hd_test_team_stop (team);
}
