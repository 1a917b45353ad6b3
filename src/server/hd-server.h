/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-server-auth.h"
#include "hd-server-json.h"
#include "hd-server-storage.h"

G_BEGIN_DECLS

#define HD_SERVER_API_PREFIX "/api/v1"

#define HD_TYPE_SERVER (hd_server_get_type ())
G_DECLARE_FINAL_TYPE (HdServer, hd_server, HD, SERVER, GObject)

/*
 * The HTTP JSON API (docs/sync-protocol.md) over a SoupServer. Requests are
 * handled on the thread-default main context of the thread that called
 * hd_server_listen(); storage is used from that thread only.
 */
HdServer        *hd_server_new                  (HdServerStorage      *storage);

void             hd_server_set_limits           (HdServer             *self,
                                                 const HdServerLimits *limits);
const HdServerLimits *hd_server_get_limits      (HdServer             *self);
void             hd_server_set_token_lifetime   (HdServer             *self,
                                                 gint64                seconds);
void             hd_server_set_password_cost    (HdServer             *self,
                                                 HdPwhashCost          cost);
/* The configuration served when an admin has not stored one: a JSON text
 * that the core HdConfig loader accepts. */
gboolean         hd_server_set_default_config   (HdServer             *self,
                                                 const char           *json,
                                                 GError              **error);

/* @address: a numeric IP address; @port 0 picks a free one. With @certificate
 * the server speaks HTTPS only. */
gboolean         hd_server_listen               (HdServer             *self,
                                                 const char           *address,
                                                 guint                 port,
                                                 GTlsCertificate      *certificate,
                                                 GError              **error);
/* "http://127.0.0.1:PORT" of the first listener, or NULL. */
char            *hd_server_get_uri              (HdServer             *self);
void             hd_server_disconnect           (HdServer             *self);

G_END_DECLS
