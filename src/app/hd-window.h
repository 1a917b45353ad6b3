/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-config.h"
#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_WINDOW (hd_window_get_type ())
G_DECLARE_FINAL_TYPE (HdWindow, hd_window, HD, WINDOW, AdwApplicationWindow)

/* store and config are NULL when opening them failed; open_error then says why. */
HdWindow   *hd_window_new        (AdwApplication *application,
                                  HdStore        *store,
                                  HdConfig       *config,
                                  const GError   *open_error);
GListModel *hd_window_get_tickets (HdWindow       *self);
const char *hd_window_get_visible_page (HdWindow  *self);

G_END_DECLS
