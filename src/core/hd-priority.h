/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"

G_BEGIN_DECLS

const char *hd_priority_compute (HdConfig   *config,
                                 HdImpact    impact,
                                 HdUrgency   urgency,
                                 char      **reason_out);

G_END_DECLS
