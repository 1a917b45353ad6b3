/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A compiled gettext catalogue (.mo) read into memory, so the server can
 * answer each request in the language it asks for — whatever the process
 * locale, and without a generated system locale for that language (the
 * survey page, docs/surveys.md). Singular messages only; entries with a
 * context are skipped.
 */
typedef struct _HdServerCatalog HdServerCatalog;

/* Reads LOCALEDIR/LANGUAGE/LC_MESSAGES/DOMAIN.mo; NULL when it is missing or
 * malformed (the messages then stay in English). */
HdServerCatalog *hd_server_catalog_load    (const char      *localedir,
                                            const char      *language,
                                            const char      *domain);
/* The translation of @msgid, or @msgid itself; @self may be NULL. */
const char      *hd_server_catalog_lookup  (HdServerCatalog *self,
                                            const char      *msgid);
guint            hd_server_catalog_get_size (HdServerCatalog *self);
void             hd_server_catalog_free    (HdServerCatalog *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdServerCatalog, hd_server_catalog_free)

G_END_DECLS
