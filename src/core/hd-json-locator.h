/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Line numbers for the nodes of a JSON text, which JsonParser does not keep.
 * Paths name members with dots and elements with brackets, e.g.
 * "priority_schemes[1].priorities[2].response"; the root is "".
 * Internal to the configuration loader.
 */
typedef struct _HdJsonLocator HdJsonLocator;

/* Checks the nesting depth without recursion; call before parsing. */
gboolean       hd_json_check_depth       (const char    *text,
                                          gsize          length,
                                          guint          max_depth,
                                          guint         *line_out);

/* `text` must be valid JSON (parse it first) no deeper than the checked depth. */
HdJsonLocator *hd_json_locator_new       (const char    *text,
                                          gsize          length);
void           hd_json_locator_free      (HdJsonLocator *self);
guint          hd_json_locator_get_line  (HdJsonLocator *self,
                                          const char    *path);
/* The first member name repeated within one object, if any. */
const char    *hd_json_locator_get_duplicate (HdJsonLocator *self,
                                              guint         *line_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdJsonLocator, hd_json_locator_free)

G_END_DECLS
