/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-server-json.h"

G_BEGIN_DECLS

/*
 * Decoders for the batch endpoint (docs/sync-protocol.md, "Operations").
 * Two levels: the envelope (body, "ops", each op's op_uuid and kind) is
 * checked for the whole request, and a bad envelope refuses the request;
 * the payload is checked per operation, and a bad payload rejects only that
 * operation, so one bad operation cannot block a client's outbox.
 * Pure functions of their input: the mutation test drives them directly.
 */

typedef enum {
  HD_OP_TICKET_CREATE,
  HD_OP_TICKET_UPDATE,
  HD_OP_EVENT_ADD,
} HdOpKind;

typedef struct {
  char       *op_uuid;
  char       *kind_id;        /* as sent */
  char       *entity_uuid;    /* as sent, may be NULL */
  JsonObject *payload;        /* as sent, may be NULL */
  char       *digest;         /* SHA-256 of kind, entity and payload */
  gint64      created_at;

  /* Filled by hd_op_decode_payload() */
  HdOpKind    kind;
  JsonObject *fields;         /* create: ticket fields; update: changes (validated) */
  gint64      base_revision;  /* update */
  GPtrArray  *events;         /* JsonObject *: validated events */
} HdOp;

void        hd_op_free              (HdOp *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdOp, hd_op_free)

/* The envelope: returns HdOp items (payloads not yet checked). */
GPtrArray  *hd_ops_decode_batch     (JsonObject           *body,
                                     const HdServerLimits *limits,
                                     GError              **error);

/* The payload of @op: kind, entity uuid, fields and events; errors are
 * HD_API_ERROR codes naming the member ("payload.ticket.channel"). */
gboolean    hd_op_decode_payload    (HdOp                 *op,
                                     const HdServerLimits *limits,
                                     GError              **error);

/* The fields a client may set on a ticket, in the store's JSON names. */
gboolean    hd_op_is_ticket_field   (const char *name);

G_END_DECLS
