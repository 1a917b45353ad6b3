/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-chart.h"

G_BEGIN_DECLS

#define HD_TYPE_PIE_CHART (hd_pie_chart_get_type ())
G_DECLARE_FINAL_TYPE (HdPieChart, hd_pie_chart, HD, PIE_CHART, HdChart)

GtkWidget *hd_pie_chart_new (void);
/* Text in the hole of the donut, e.g. the CSAT. */
void       hd_pie_chart_set_center_text (HdPieChart *self,
                                         const char *text);

G_END_DECLS
