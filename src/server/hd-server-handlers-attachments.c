/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-server-private.h"

static gboolean
check_hash (HdRequest *req)
{
  if (!hd_is_sha256_hex (req->tail))
    {
      g_autoptr(GError) error = g_error_new_literal (HD_API_ERROR, HD_API_ERROR_INVALID,
                                                     "An attachment is named by its SHA-256: 64 lowercase hex digits");
      hd_request_reply_error (req, error);
      return FALSE;
    }
  return TRUE;
}

void
hd_handle_attachment_put (HdRequest *req)
{
  HdServer *server = req->server;
  HdServerStorage *storage = server->storage;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actual = NULL;
  gboolean existed = FALSE;
  gsize size;

  if (!check_hash (req))
    return;

  bytes = hd_request_get_body (req);
  size = g_bytes_get_size (bytes);
  if (size > server->limits.max_attachment_size)
    {
      g_set_error (&error, HD_API_ERROR, HD_API_ERROR_LIMIT_ATTACHMENT,
                   "The attachment has %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT,
                   size, server->limits.max_attachment_size);
      hd_request_reply_error (req, error);
      return;
    }

  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (strcmp (actual, req->tail) != 0)
    {
      g_set_error (&error, HD_API_ERROR, HD_API_ERROR_HASH_MISMATCH,
                   "The content's SHA-256 is %s, not the %s named in the path", actual, req->tail);
      hd_request_reply_error (req, error);
      return;
    }

  /* Content-addressed: uploading the same bytes twice is harmless. */
  if (!storage->vtable->blob_exists (storage, actual, &existed, &error) ||
      (!existed &&
       (!hd_server_storage_begin (storage, &error) ||
        !storage->vtable->blob_put (storage, actual, bytes, &error) ||
        !hd_server_storage_commit (storage, &error))))
    {
      hd_server_storage_rollback (storage);
      hd_request_reply_storage_error (req, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, actual);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, size);
  json_builder_set_member_name (builder, "created");
  json_builder_add_boolean_value (builder, !existed);
  json_builder_end_object (builder);
  hd_request_reply_object (req, existed ? 200 : 201, builder);
}

void
hd_handle_attachment_get (HdRequest *req)
{
  HdServerStorage *storage = req->server->storage;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (!check_hash (req))
    return;

  bytes = storage->vtable->blob_get (storage, req->tail, &error);
  if (bytes == NULL)
    {
      if (error == NULL)
        g_set_error (&error, HD_API_ERROR, HD_API_ERROR_NOT_FOUND,
                     "No attachment %s", req->tail);
      hd_request_reply_storage_error (req, error);
      return;
    }
  hd_request_reply_bytes (req, "application/octet-stream", bytes);
}

/* HEAD: whether the server holds the content, so a client uploads only
 * what is missing (200, or 404 without a body). */
void
hd_handle_attachment_head (HdRequest *req)
{
  HdServerStorage *storage = req->server->storage;
  g_autoptr(GError) error = NULL;
  gboolean exists = FALSE;

  if (!check_hash (req))
    return;
  if (!storage->vtable->blob_exists (storage, req->tail, &exists, &error))
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
  if (!exists)
    {
      g_set_error (&error, HD_API_ERROR, HD_API_ERROR_NOT_FOUND, "No attachment %s", req->tail);
      hd_request_reply_error (req, error);
      return;
    }
  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    hd_request_reply_bytes (req, "application/octet-stream", empty);
  }
}
