/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-server-storage.h"

G_BEGIN_DECLS

/* The default storage: one SQLite file in WAL mode. Several server
 * processes may share the file; BEGIN IMMEDIATE serialises their writes. */
HdServerStorage *hd_server_storage_sqlite_open (const char  *path,
                                                GError     **error);

G_END_DECLS
