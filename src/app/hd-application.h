/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-config.h"
#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_APPLICATION (hd_application_get_type ())
G_DECLARE_FINAL_TYPE (HdApplication, hd_application, HD, APPLICATION, AdwApplication)

HdApplication *hd_application_new            (void);
/* Path of the local ticket cache: --store, else <user data dir>/helpdesk/tickets.db */
const char    *hd_application_get_store_path (HdApplication *self);

G_END_DECLS
