/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-survey.h"

G_BEGIN_DECLS

#define HD_SERVER_STORAGE_ERROR (hd_server_storage_error_quark ())

typedef enum {
  HD_SERVER_STORAGE_ERROR_FAILED,    /* I/O, corruption, disk full */
  HD_SERVER_STORAGE_ERROR_BUSY,      /* another writer held the lock too long */
  HD_SERVER_STORAGE_ERROR_CONSTRAINT /* a unique key already taken */
} HdServerStorageError;

GQuark hd_server_storage_error_quark (void);

typedef struct {
  char    *name;
  char    *role;          /* "agent", "team_lead", "supervisor", "admin" */
  char    *group;         /* team: a group id of the configuration, or NULL */
  char    *password_hash; /* crypto_pwhash_str() output */
  gboolean disabled;
  gint64   created_at;
} HdServerUser;

HdServerUser *hd_server_user_copy (const HdServerUser *user);
void          hd_server_user_free (HdServerUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdServerUser, hd_server_user_free)

/* One stored ticket: the full field snapshot (JSON object text) and, per
 * field, the revision that last changed it (JSON object text). */
typedef struct {
  char   *uuid;
  char   *number;
  char   *data;
  char   *field_revisions;
  gint64  revision;
} HdServerTicket;

void hd_server_ticket_free (HdServerTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdServerTicket, hd_server_ticket_free)

/* One change-feed record. */
typedef struct {
  gint64  revision;
  char   *entity;       /* "ticket", "event", "survey", "user", "agent_state", "roster", "config" */
  char   *entity_uuid;  /* ticket/event uuid, user name, roster key, "config" */
  char   *op_uuid;      /* the operation that made it, or NULL */
  char   *author;
  gint64  changed_at;
  char   *data;         /* JSON object text: the entity after the change */
  char   *conflicts;    /* JSON array text, or NULL */
} HdServerChange;

void hd_server_change_free (HdServerChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdServerChange, hd_server_change_free)

typedef struct _HdServerStorage HdServerStorage;

/*
 * The storage interface. Handlers only see these entry points; an
 * implementation (SQLite now, PostgreSQL later) fills the vtable.
 *
 * Transactions: begin() opens a write transaction that serialises with every
 * other writer, including other server processes on the same database, so
 * revisions and ticket serials are handed out in commit order without gaps.
 * Every write below must run inside one. Lookups returning a pointer give NULL
 * with @error unset when the thing does not exist.
 */
typedef struct {
  void            (*free)            (HdServerStorage *self);

  gboolean        (*begin)           (HdServerStorage *self, GError **error);
  gboolean        (*commit)          (HdServerStorage *self, GError **error);
  void            (*rollback)        (HdServerStorage *self);

  /* Users and tokens */
  gboolean        (*user_put)        (HdServerStorage *self, const HdServerUser *user,
                                      gboolean insert, GError **error);
  HdServerUser   *(*user_get)        (HdServerStorage *self, const char *name, GError **error);
  GPtrArray      *(*user_list)       (HdServerStorage *self, GError **error);
  gboolean        (*token_put)       (HdServerStorage *self, const char *token_hash,
                                      const char *user, gint64 expires_at, GError **error);
  char           *(*token_lookup)    (HdServerStorage *self, const char *token_hash,
                                      gint64 *expires_at, GError **error);
  gboolean        (*token_delete)    (HdServerStorage *self, const char *token_hash,
                                      const char *user, GError **error);

  /* Small JSON documents by key: "config", "agent_state:<user>",
   * "roster:<date>:<group>"; list by key prefix → GPtrArray of
   * (key, value) string pairs, flattened. */
  char           *(*doc_get)         (HdServerStorage *self, const char *key, GError **error);
  gboolean        (*doc_put)         (HdServerStorage *self, const char *key,
                                      const char *value, GError **error);
  GPtrArray      *(*doc_list)        (HdServerStorage *self, const char *prefix, GError **error);

  /* Applied operations: the stored reply for replays. */
  char           *(*op_get)          (HdServerStorage *self, const char *op_uuid,
                                      char **user, char **digest, GError **error);
  gboolean        (*op_put)          (HdServerStorage *self, const char *op_uuid,
                                      const char *user, const char *digest,
                                      const char *reply, GError **error);

  /* Tickets, events, numbering */
  HdServerTicket *(*ticket_get)      (HdServerStorage *self, const char *uuid, GError **error);
  gboolean        (*ticket_put)      (HdServerStorage *self, const HdServerTicket *ticket,
                                      gboolean insert, GError **error);
  /* The next serial of @day (YYYYMMDD): 1, 2, … */
  gint64          (*next_serial)     (HdServerStorage *self, const char *day, GError **error);
  gboolean        (*event_exists)    (HdServerStorage *self, const char *uuid,
                                      gboolean *exists, GError **error);
  gboolean        (*event_put)       (HdServerStorage *self, const char *uuid,
                                      const char *ticket_uuid, const char *data,
                                      GError **error);
  /* The events of @ticket_uuid (JSON object texts) in the order they were
   * stored; an empty array when there are none. */
  GPtrArray      *(*event_list)      (HdServerStorage *self, const char *ticket_uuid,
                                      GError **error);

  /* Change feed: append gives the new revision (> every earlier one). */
  gint64          (*change_append)   (HdServerStorage *self, const HdServerChange *change,
                                      GError **error);
  GPtrArray      *(*change_list)     (HdServerStorage *self, gint64 after, guint limit,
                                      GError **error);
  gint64          (*change_head)     (HdServerStorage *self, GError **error);

  /* Attachment content by lowercase hex SHA-256 */
  gboolean        (*blob_put)        (HdServerStorage *self, const char *sha256,
                                      GBytes *bytes, GError **error);
  GBytes         *(*blob_get)        (HdServerStorage *self, const char *sha256, GError **error);
  gboolean        (*blob_exists)     (HdServerStorage *self, const char *sha256,
                                      gboolean *exists, GError **error);

  /* Satisfaction surveys (docs/surveys.md). A token is unique; latest is
   * the ticket's most recent survey, answered or not. */
  gboolean        (*survey_put)      (HdServerStorage *self, const HdSurvey *survey,
                                      gboolean insert, GError **error);
  HdSurvey       *(*survey_get)      (HdServerStorage *self, const char *uuid, GError **error);
  HdSurvey       *(*survey_get_by_token) (HdServerStorage *self, const char *token,
                                          GError **error);
  HdSurvey       *(*survey_get_latest) (HdServerStorage *self, const char *ticket_uuid,
                                        GError **error);
} HdServerStorageVTable;

struct _HdServerStorage
{
  const HdServerStorageVTable *vtable;
};

/* Opens the storage named by @uri: a file path or "sqlite:PATH" (the only
 * kind today; "postgresql://…" is reserved for the PostgreSQL backend). */
HdServerStorage *hd_server_storage_open (const char  *uri,
                                         GError     **error);
void             hd_server_storage_free (HdServerStorage *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdServerStorage, hd_server_storage_free)

/* Convenience wrappers: hd_server_storage_begin (s, e) = s->vtable->begin (s, e). */
#define hd_server_storage_begin(s, e)     ((s)->vtable->begin ((s), (e)))
#define hd_server_storage_commit(s, e)    ((s)->vtable->commit ((s), (e)))
#define hd_server_storage_rollback(s)     ((s)->vtable->rollback ((s)))

G_END_DECLS
