/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HD_TYPE_CARD_TEXT (hd_card_text_get_type ())
G_DECLARE_FINAL_TYPE (HdCardText, hd_card_text, HD, CARD_TEXT, GtkWidget)

GtkWidget  *hd_card_text_new      (void);
void        hd_card_text_set_text (HdCardText *self,
                                   const char *text);
const char *hd_card_text_get_text (HdCardText *self);
void        hd_card_text_set_whole (HdCardText *self,
                                    gboolean    whole);

G_END_DECLS
