/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-chart.h"

G_BEGIN_DECLS

#define HD_TYPE_LINE_CHART (hd_line_chart_get_type ())
G_DECLARE_FINAL_TYPE (HdLineChart, hd_line_chart, HD, LINE_CHART, HdChart)

GtkWidget *hd_line_chart_new (void);

G_END_DECLS
