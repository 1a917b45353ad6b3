/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "hd-config.h"

G_BEGIN_DECLS

/*
 * Realistic tickets in Chinese and English for a first look at the app and for
 * tests: classified by the configured keyword rules, prioritised by the
 * configured matrix, with deadlines from the SLA, spread over every status.
 * The same seed gives the same tickets. Returns HdTicket items (not stored).
 */
GPtrArray *hd_sample_data_generate (HdConfig *config,
                                    guint     n_tickets,
                                    guint32   seed,
                                    gint64    now);

G_END_DECLS
