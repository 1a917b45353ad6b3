/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-chart.h"

G_BEGIN_DECLS

#define HD_TYPE_BAR_CHART (hd_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (HdBarChart, hd_bar_chart, HD, BAR_CHART, HdChart)

GtkWidget *hd_bar_chart_new (void);

G_END_DECLS
