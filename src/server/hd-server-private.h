/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "hd-config.h"
#include "hd-server.h"

G_BEGIN_DECLS

struct _HdServer
{
  GObject parent_instance;

  SoupServer *soup;
  HdServerStorage *storage;
  HdServerLimits limits;
  gint64 token_lifetime;
  HdPwhashCost password_cost;
  char *default_config;     /* JSON text */
  HdConfig *config;         /* the configuration in force: stored, else default */
  char *config_revision;    /* the stored "config_revision" that config reflects */
  GThreadPool *pwhash_pool; /* argon2id off the main loop, at most 2 at a time */
};

typedef struct {
  HdServer *server;
  SoupServerMessage *msg;
  const char *method;
  const char *path;
  const char *tail;         /* path after the route's prefix ("alice" in /users/alice) */
  GHashTable *query;        /* may be NULL */
  HdServerUser *user;       /* NULL on public routes */
  HdRole role;
  char *token_hash;
  gboolean replied;
  gboolean deferred;        /* the handler paused the message and replies later */
} HdRequest;

typedef void (*HdHandlerFunc) (HdRequest *req);

/* hd-server.c */
void         hd_request_reply_json     (HdRequest   *req,
                                        guint        status,
                                        JsonNode    *node);
void         hd_request_reply_object   (HdRequest   *req,
                                        guint        status,
                                        JsonBuilder *builder);
void         hd_request_reply_error    (HdRequest   *req,
                                        const GError *error);
void         hd_request_reply_bytes    (HdRequest   *req,
                                        const char  *content_type,
                                        GBytes      *bytes);
/* The body as a JSON object, or NULL after replying with the error. */
JsonObject  *hd_request_parse_body     (HdRequest   *req);
GBytes      *hd_request_get_body       (HdRequest   *req);
/* Maps a storage GError to an API error (503 or 500) and replies. */
void         hd_request_reply_storage_error (HdRequest *req,
                                             GError    *error);
gint64       hd_server_now             (void);
/* The config JSON document in force (stored, else default). */
char        *hd_server_dup_config_json (HdServer    *self,
                                        GError     **error);
/* Loads the stored configuration (or the default) into self->config. */
gboolean     hd_server_reload_config   (HdServer    *self,
                                        GError     **error);
/* Reloads when the stored configuration changed (another process). */
gboolean     hd_server_refresh_config  (HdServer    *self,
                                        GError     **error);
/* Whether @group is a group id of the configuration. */
gboolean     hd_server_group_exists    (HdServer    *self,
                                        const char  *group);

/* Logs the request line (no bodies, no tokens). */
void         hd_request_log            (HdRequest   *req);

/* hd-server-handlers-users.c */
/* Fails with invalid_request unless @group (may be NULL) is a configured group. */
gboolean hd_request_check_group (HdRequest *req, const char *group, GError **error);
void hd_login_job_run       (gpointer job, gpointer user_data);
void hd_handle_login        (HdRequest *req);
void hd_handle_logout       (HdRequest *req);
void hd_handle_me           (HdRequest *req);
void hd_handle_users_list   (HdRequest *req);
void hd_handle_users_create (HdRequest *req);
void hd_handle_users_update (HdRequest *req);

/* hd-server-handlers-roster.c */
void hd_handle_states_list  (HdRequest *req);
void hd_handle_states_put   (HdRequest *req);
void hd_handle_roster_list  (HdRequest *req);
void hd_handle_roster_put   (HdRequest *req);

/* hd-server-handlers-config.c */
void hd_handle_config_get   (HdRequest *req);
void hd_handle_config_put   (HdRequest *req);
void hd_handle_health       (HdRequest *req);

/* hd-server-handlers-changes.c */
void hd_handle_changes      (HdRequest *req);

/* hd-server-handlers-batch.c */
void hd_handle_batch        (HdRequest *req);

/* hd-server-handlers-attachments.c */
void hd_handle_attachment_put (HdRequest *req);
void hd_handle_attachment_get (HdRequest *req);
void hd_handle_attachment_head (HdRequest *req);

/* hd-server-handlers-tickets.c */
void hd_handle_ticket_get     (HdRequest *req);

G_END_DECLS
