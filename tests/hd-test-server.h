/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * Runs the real helpdesk-server binary on 127.0.0.1, port 0, with a fresh
 * SQLite file in a temporary folder, and talks to it over HTTP.
 */
typedef struct {
  GSubprocess *process;
  char *dir;
  char *storage;
  char *conf;
  char *url;
  SoupSession *session;
} HdTestServer;

#define HD_TEST_ADMIN_PASSWORD "admin-password"

/* @extra_conf: key-file text added to the config (e.g. "[limits]\n…");
 * @extra_args: more command-line arguments, or NULL. An admin "root" exists. */
HdTestServer *hd_test_server_start        (const char         *extra_conf,
                                           const char * const *extra_args);
/* A second server process on the same storage and configuration. */
HdTestServer *hd_test_server_start_twin   (HdTestServer       *other);
void          hd_test_server_stop         (HdTestServer       *server);

/* Sends a request; @body may be NULL. Returns the status; *reply holds the
 * parsed JSON reply (NULL if the reply is not JSON). */
guint         hd_test_request             (HdTestServer       *server,
                                           const char         *method,
                                           const char         *path,
                                           const char         *token,
                                           const char         *body,
                                           gssize              length,
                                           JsonNode          **reply);
char         *hd_test_login               (HdTestServer       *server,
                                           const char         *user,
                                           const char         *password);
/* Creates a user through the API as root; returns the user's token. */
char         *hd_test_add_user            (HdTestServer       *server,
                                           const char         *admin_token,
                                           const char         *name,
                                           const char         *role,
                                           const char         *group);

/* Reads a member path like "error.limit" from an object reply. */
const char   *hd_test_get_string          (JsonNode           *reply,
                                           const char         *path);
gint64        hd_test_get_int             (JsonNode           *reply,
                                           const char         *path);

G_END_DECLS
