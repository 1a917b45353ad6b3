/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "helpdesk-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>
#include <sodium.h>

#include "hd-server.h"

/*
 * helpdesk-server: options from the command line, then the [server],
 * [auth] and [limits] groups of --config FILE; the command line wins.
 */

typedef struct {
  char *config_file;
  char *listen;
  int port;
  char *storage;
  char *tls_certificate;
  char *tls_key;
  char *log_level;
  char *helpdesk_config;
  gint64 token_lifetime;
  char *password_cost;
  char *create_admin;
  gboolean version;
} Options;

static GLogLevelFlags max_level = G_LOG_LEVEL_MESSAGE;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  GLogLevelFlags level = log_level & G_LOG_LEVEL_MASK;

  /* Lower flag values are more severe. */
  if (level > max_level && !(log_level & G_LOG_FLAG_FATAL))
    return G_LOG_WRITER_HANDLED;
  {
    /* Always stderr: stdout carries only the "listening on" line. */
    g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);
    fprintf (stderr, "%s\n", line);
  }
  return G_LOG_WRITER_HANDLED;
}

static gboolean
parse_log_level (const char *text)
{
  static const struct { const char *name; GLogLevelFlags level; } levels[] = {
    { "error", G_LOG_LEVEL_CRITICAL },
    { "warning", G_LOG_LEVEL_WARNING },
    { "message", G_LOG_LEVEL_MESSAGE },
    { "info", G_LOG_LEVEL_INFO },
    { "debug", G_LOG_LEVEL_DEBUG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (g_strcmp0 (text, levels[i].name) == 0)
      {
        max_level = levels[i].level;
        return TRUE;
      }
  return FALSE;
}

/* Values from the key file fill what the command line left unset. */
static gboolean
load_key_file (Options         *options,
               HdServerLimits  *limits,
               GError         **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  static const struct { const char *key; gsize offset; gboolean is_size; } limit_keys[] = {
    { "max-body-size", G_STRUCT_OFFSET (HdServerLimits, max_body_size), TRUE },
    { "max-batch-ops", G_STRUCT_OFFSET (HdServerLimits, max_batch_ops), FALSE },
    { "max-page-size", G_STRUCT_OFFSET (HdServerLimits, max_page_size), FALSE },
    { "default-page-size", G_STRUCT_OFFSET (HdServerLimits, default_page_size), FALSE },
    { "max-string-length", G_STRUCT_OFFSET (HdServerLimits, max_string_length), FALSE },
    { "max-attachment-size", G_STRUCT_OFFSET (HdServerLimits, max_attachment_size), TRUE },
    { "max-json-depth", G_STRUCT_OFFSET (HdServerLimits, max_json_depth), FALSE },
    { "max-array-length", G_STRUCT_OFFSET (HdServerLimits, max_array_length), FALSE },
  };
#define STRING_KEY(group, key, field) \
  if (options->field == NULL) options->field = g_key_file_get_string (kf, group, key, NULL)

  if (options->config_file == NULL)
    return TRUE;
  if (!g_key_file_load_from_file (kf, options->config_file, G_KEY_FILE_NONE, error))
    return FALSE;

  STRING_KEY ("server", "listen", listen);
  STRING_KEY ("server", "storage", storage);
  STRING_KEY ("server", "tls-certificate", tls_certificate);
  STRING_KEY ("server", "tls-key", tls_key);
  STRING_KEY ("server", "log-level", log_level);
  STRING_KEY ("server", "configuration", helpdesk_config);
  STRING_KEY ("auth", "password-hash-cost", password_cost);
#undef STRING_KEY

  if (options->port < 0 && g_key_file_has_key (kf, "server", "port", NULL))
    {
      options->port = g_key_file_get_integer (kf, "server", "port", error);
      if (*error != NULL)
        return FALSE;
    }
  if (options->token_lifetime <= 0 && g_key_file_has_key (kf, "auth", "token-lifetime", NULL))
    {
      options->token_lifetime = g_key_file_get_int64 (kf, "auth", "token-lifetime", error);
      if (*error != NULL)
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (limit_keys); i++)
    {
      guint64 value;
      guint8 *field = (guint8 *) limits + limit_keys[i].offset;

      if (!g_key_file_has_key (kf, "limits", limit_keys[i].key, NULL))
        continue;
      value = g_key_file_get_uint64 (kf, "limits", limit_keys[i].key, error);
      if (*error != NULL)
        return FALSE;
      if (value == 0 || value > G_MAXUINT32)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[limits] %s must be 1 … %u", limit_keys[i].key, G_MAXUINT32);
          return FALSE;
        }
      if (limit_keys[i].is_size)
        *(gsize *) field = value;
      else
        *(guint *) field = (guint) value;
    }
  return TRUE;
}

/* Reads the new admin's password: twice with echo off from a terminal, else
 * one line from standard input. Never from argv. */
static char *
read_password (GError **error)
{
  char first[1100] = { 0 };
  char second[1100] = { 0 };
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char *result = NULL;

  if (tty)
    {
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
      fprintf (stderr, "Password: ");
    }
  if (fgets (first, sizeof first, stdin) != NULL && tty)
    {
      fprintf (stderr, "\nRepeat the password: ");
      if (fgets (second, sizeof second, stdin) == NULL)
        second[0] = '\0';
    }
  if (tty)
    {
      fprintf (stderr, "\n");
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
    }

  first[strcspn (first, "\r\n")] = '\0';
  second[strcspn (second, "\r\n")] = '\0';
  if (tty && strcmp (first, second) != 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The passwords differ");
  else
    result = g_strdup (first);

  sodium_memzero (first, sizeof first);
  sodium_memzero (second, sizeof second);
  return result;
}

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static char *
default_storage_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "helpdesk-server", "server.db", NULL);
}

static char *
load_helpdesk_config (const char  *path,
                      GError     **error)
{
  char *contents = NULL;

  if (path != NULL)
    return g_file_get_contents (path, &contents, NULL, error) ? contents : NULL;

  {
    g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_BASE "/presets/default.json",
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, error);
    gsize size;
    const char *data;

    if (bytes == NULL)
      return NULL;
    data = g_bytes_get_data (bytes, &size);
    return g_strndup (data, size);
  }
}

int
main (int   argc,
      char *argv[])
{
  Options options = { .port = -1 };
  HdServerLimits limits;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *storage_path = NULL;
  g_autofree char *config_json = NULL;
  g_autofree char *uri = NULL;
  HdServerStorage *storage;
  HdPwhashCost cost = HD_PWHASH_INTERACTIVE;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config_file, "Read options from this key file", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &options.listen, "Listen on this IP address (default 127.0.0.1)", "ADDRESS" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &options.port, "Listen on this port; 0 picks a free one (default 8080)", "PORT" },
    { "storage", 's', 0, G_OPTION_ARG_FILENAME, &options.storage, "The SQLite database file", "PATH" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_certificate, "Serve HTTPS with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key, "The certificate's PEM private key", "FILE" },
    { "log-level", 0, 0, G_OPTION_ARG_STRING, &options.log_level, "error, warning, message, info or debug", "LEVEL" },
    { "configuration", 0, 0, G_OPTION_ARG_FILENAME, &options.helpdesk_config, "The help desk configuration served by default (JSON)", "FILE" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT64, &options.token_lifetime, "Seconds a login token stays valid", "SECONDS" },
    { "create-admin", 0, 0, G_OPTION_ARG_STRING, &options.create_admin, "Create an admin user (password from standard input) and exit", "NAME" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_log_set_writer_func (log_writer, NULL, NULL);

  context = g_option_context_new ("— the Help Desk sync server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (options.version)
    {
      g_print ("helpdesk-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  hd_server_limits_init_default (&limits);
  if (!load_key_file (&options, &limits, &error))
    {
      g_printerr ("%s: %s\n", options.config_file, error->message);
      return 2;
    }
  if (options.log_level != NULL && !parse_log_level (options.log_level))
    {
      g_printerr ("Unknown log level “%s”\n", options.log_level);
      return 2;
    }
  if (options.password_cost != NULL && !hd_pwhash_cost_from_id (options.password_cost, &cost))
    {
      g_printerr ("Unknown password-hash-cost “%s” (interactive, moderate, min)\n",
                  options.password_cost);
      return 2;
    }
  if (!hd_server_auth_init ())
    {
      g_printerr ("libsodium could not be initialised\n");
      return 1;
    }

  storage_path = options.storage != NULL ? g_strdup (options.storage) : default_storage_path ();
  storage = hd_server_storage_open (storage_path, &error);
  if (storage == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (options.create_admin != NULL)
    {
      g_autofree char *password = read_password (&error);
      gboolean ok;

      ok = password != NULL &&
           hd_server_auth_create_user (storage, options.create_admin, HD_ROLE_ADMIN, NULL,
                                       password, cost, "helpdesk-server --create-admin", &error);
      if (password != NULL)
        sodium_memzero (password, strlen (password));
      hd_server_storage_free (storage);
      if (!ok)
        {
          g_printerr ("Could not create the admin %s: %s\n", options.create_admin, error->message);
          return 1;
        }
      g_print ("Created the admin %s\n", options.create_admin);
      return 0;
    }

  server = hd_server_new (storage);
  hd_server_set_limits (server, &limits);
  hd_server_set_password_cost (server, cost);
  if (options.token_lifetime > 0)
    hd_server_set_token_lifetime (server, options.token_lifetime);

  config_json = load_helpdesk_config (options.helpdesk_config, &error);
  if (config_json == NULL || !hd_server_set_default_config (server, config_json, &error))
    {
      g_printerr ("The help desk configuration could not be loaded: %s\n", error->message);
      return 1;
    }

  if ((options.tls_certificate != NULL) != (options.tls_key != NULL))
    {
      g_printerr ("HTTPS needs both --tls-certificate and --tls-key\n");
      return 2;
    }
  if (options.tls_certificate != NULL)
    {
      certificate = g_tls_certificate_new_from_files (options.tls_certificate, options.tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  if (!hd_server_listen (server, options.listen != NULL ? options.listen : "127.0.0.1",
                         options.port >= 0 ? (guint) options.port : 8080, certificate, &error))
    {
      g_printerr ("Could not listen: %s\n", error->message);
      return 1;
    }

  uri = hd_server_get_uri (server);
  g_print ("listening on %s\n", uri);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);

  hd_server_disconnect (server);
  g_message ("Stopped");

  g_free (options.config_file);
  g_free (options.listen);
  g_free (options.storage);
  g_free (options.tls_certificate);
  g_free (options.tls_key);
  g_free (options.log_level);
  g_free (options.helpdesk_config);
  g_free (options.password_cost);
  g_free (options.create_admin);
  return 0;
}
