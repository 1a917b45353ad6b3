/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "hd-server.h"

G_BEGIN_DECLS

/* Serves the public survey page at /survey/TOKEN on @soup (GET shows the
 * form, POST answers; docs/surveys.md). No authentication: the token is the
 * key. Translations come from the zh_CN catalogue in HELPDESK_LOCALEDIR (or
 * LOCALEDIR), whatever the process locale. */
void hd_server_survey_page_register (HdServer   *server,
                                     SoupServer *soup);

G_END_DECLS
