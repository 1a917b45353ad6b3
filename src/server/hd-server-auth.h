/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-server-storage.h"

G_BEGIN_DECLS

/* Roles, weakest first: a check "at least team lead" is role >= TEAM_LEAD. */
typedef enum {
  HD_ROLE_AGENT,
  HD_ROLE_TEAM_LEAD,
  HD_ROLE_SUPERVISOR,
  HD_ROLE_ADMIN,
} HdRole;

const char  *hd_role_to_id            (HdRole      role);
gboolean     hd_role_from_id          (const char *id,
                                       HdRole     *out);

/* argon2id cost: INTERACTIVE in production; MIN only for tests
 * ([auth] password-hash-cost = min), where hundreds of hashes must be cheap. */
typedef enum {
  HD_PWHASH_INTERACTIVE,
  HD_PWHASH_MODERATE,
  HD_PWHASH_MIN,
} HdPwhashCost;

gboolean     hd_pwhash_cost_from_id   (const char   *id,
                                       HdPwhashCost *out);

/* Calls sodium_init() once; FALSE if libsodium cannot be used. */
gboolean     hd_server_auth_init      (void);

char        *hd_server_auth_hash_password   (const char   *password,
                                             HdPwhashCost  cost,
                                             GError      **error);
/* Constant work whether or not @hash is NULL (unknown user): the dummy hash
 * is made with the same cost, so timing does not reveal which names exist. */
gboolean     hd_server_auth_verify_password (const char   *hash,
                                             const char   *password,
                                             HdPwhashCost  cost);

/* A new bearer token (64 hex digits of randombytes_buf) and its stored form. */
char        *hd_server_auth_new_token       (char        **token_hash);
char        *hd_server_auth_hash_token      (const char   *token);

/* Name rules: 1–64 characters from [A-Za-z0-9._@-]. Password: 8–1024 bytes. */
gboolean     hd_server_auth_check_name      (const char   *name,
                                             GError      **error);
gboolean     hd_server_auth_check_password  (const char   *password,
                                             GError      **error);

/* Creates a user in its own transaction. */
gboolean     hd_server_auth_create_user     (HdServerStorage *storage,
                                             const char      *name,
                                             HdRole           role,
                                             const char      *group,
                                             const char      *password,
                                             HdPwhashCost     cost,
                                             const char      *author,
                                             GError         **error);

/* The public form of a user (no password hash). */
JsonNode    *hd_server_user_to_json         (const HdServerUser *user);
/* Appends a "user" record to the change feed (inside a transaction). */
gboolean     hd_server_auth_record_user     (HdServerStorage    *storage,
                                             const HdServerUser *user,
                                             const char         *author,
                                             GError            **error);

G_END_DECLS
