/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-store.h"
#include "hd-store-sync.h"
#include "hd-sync-engine.h"
#include "hd-test-server.h"

G_BEGIN_DECLS

/*
 * Sync test helpers: clients (an HdStore file + an HdSyncEngine), a fault
 * proxy between them and the real helpdesk-server, and a comparison of two
 * stores' synced data.
 */

/* What the proxy does to the next matching request. */
typedef enum {
  HD_FAULT_NONE,
  HD_FAULT_REFUSE,          /* close the connection without forwarding */
  HD_FAULT_DROP_REPLY,      /* forward, let the server apply, close before replying */
  HD_FAULT_500_AFTER,       /* forward, then answer 500 instead of the reply */
  HD_FAULT_503,             /* answer 503 without forwarding */
  HD_FAULT_MALFORMED,       /* forward, answer 200 with broken JSON */
  HD_FAULT_TRUNCATED,       /* forward, send half the reply, close */
  HD_FAULT_OVERSIZED,       /* forward, answer 200 with a body past the client's limit */
  HD_FAULT_SLOW,            /* forward, hold the reply past the client's timeout */
  HD_FAULT_KILL_SERVER,     /* forward, SIGKILL the server a few ms later */
  HD_N_FAULTS
} HdFault;

const char   *hd_fault_name               (HdFault fault);

typedef struct _HdTestProxy HdTestProxy;

HdTestProxy  *hd_test_proxy_new           (guint16       upstream_port);
const char   *hd_test_proxy_get_url       (HdTestProxy  *proxy);
void          hd_test_proxy_set_upstream  (HdTestProxy  *proxy,
                                           guint16       port,
                                           GPid          server_pid);
/* The fault for the next @count requests whose path starts with @path_prefix
 * (NULL: any). */
void          hd_test_proxy_set_fault     (HdTestProxy  *proxy,
                                           HdFault       fault,
                                           const char   *path_prefix,
                                           guint         count,
                                           guint         delay_ms);
guint         hd_test_proxy_get_faults_done (HdTestProxy *proxy);
/* How many requests @method (e.g. "PUT") on a path starting with
 * @path_prefix went through the proxy: what the server was asked. */
guint         hd_test_proxy_count_requests (HdTestProxy *proxy,
                                            const char  *method,
                                            const char  *path_prefix);
void          hd_test_proxy_free          (HdTestProxy  *proxy);

guint16       hd_test_server_get_port     (HdTestServer *server);
/* SIGKILL (if still running) and start again on the same storage. */
void          hd_test_server_restart      (HdTestServer *server);
void          hd_test_server_kill         (HdTestServer *server);
gboolean      hd_test_server_is_running   (HdTestServer *server);
GPid          hd_test_server_get_pid      (HdTestServer *server);
/* Kills the server if the test aborts (a failed assertion). */
void          hd_test_sync_track_server   (HdTestServer *server);

typedef struct {
  char *dir;
  char *path;
  char *user;
  char *token;
  HdStore *store;
  HdSyncEngine *engine;
} HdTestClient;

HdTestClient *hd_test_client_new          (const char   *url,
                                           const char   *user,
                                           const char   *token);
/* Reopens the store file (as after a restart of the app). */
void          hd_test_client_reopen       (HdTestClient *client,
                                           const char   *url);
void          hd_test_client_free         (HdTestClient *client);
/* Runs one sync to its end on the default main context. */
gboolean      hd_test_client_sync         (HdTestClient *client,
                                           GError      **error);
/* The same, asserting that it succeeded. */
void          hd_test_client_sync_ok      (HdTestClient *client);

/* Creates @n sample tickets; returns their uuids. */
GPtrArray    *hd_test_client_create       (HdTestClient *client,
                                           guint         n,
                                           guint32       seed);
void          hd_test_client_edit         (HdTestClient *client,
                                           const char   *uuid,
                                           const char   *field,
                                           const char   *value);
char         *hd_test_client_add_note     (HdTestClient *client,
                                           const char   *uuid,
                                           const char   *text);

/* Every synced column of tickets, events and attachments, sorted, as text. */
char         *hd_test_dump_store          (const char   *path);
void          hd_test_assert_converged    (HdTestClient *a,
                                           HdTestClient *b);
guint         hd_test_count_rows          (const char   *path,
                                           const char   *sql);

/* The usual scene: a server with supervisors alice and bob, each a client
 * talking to it through a fault proxy (so the server can restart on another
 * port). hd_test_team_stop() restarts a killed server before stopping it. */
typedef struct {
  HdTestServer *server;
  HdTestProxy *proxy;
  HdTestClient *a;
  HdTestClient *b;
} HdTestTeam;

void          hd_test_team_start          (HdTestTeam   *team);
void          hd_test_team_stop           (HdTestTeam   *team);
/* The two as a g_test_add() fixture's set-up and tear-down. */
void          hd_test_team_set_up         (HdTestTeam   *team,
                                           gconstpointer data);
void          hd_test_team_tear_down      (HdTestTeam   *team,
                                           gconstpointer data);

G_END_DECLS
