/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A random (version 4) UUID string for records and outbox operations. */
char *hd_uuid_new (void);

G_END_DECLS
