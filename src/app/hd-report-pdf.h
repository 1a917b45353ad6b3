/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-chart.h"

G_BEGIN_DECLS

/* An A4 PDF of the report: the headline figures (@tiles holds title, value
 * pairs), then each chart drawn by its own cairo code in print colours, with
 * the same numbers as a table under it. */
gboolean hd_report_write_pdf (const char          *path,
                              const char          *period_text,
                              const char * const  *tiles,
                              guint                n_tiles,
                              HdChart            **charts,
                              const char * const  *subtitles,
                              guint                n_charts,
                              PangoContext        *widget_pango,
                              GError             **error);

G_END_DECLS
