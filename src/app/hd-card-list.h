/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HD_TYPE_CARD_LIST (hd_card_list_get_type ())
G_DECLARE_FINAL_TYPE (HdCardList, hd_card_list, HD, CARD_LIST, GtkWidget)

/*
 * A scrollable list of equal-height cards over a GtkSelectionModel that
 * creates widgets only for the cards in view and rebinds them as the view
 * scrolls or the model changes. A card already showing an item keeps it
 * when the item moves; a card whose item left the view is bound to a newly
 * shown one. GTK 4.8's list views instead keep ~30 rows alive around the
 * view and destroy the row of every removed item, which made a search
 * keystroke on a 100 000-ticket board build up to 150 cards.
 *
 * Put it in a GtkScrolledWindow (it is GtkScrollable). Keyboard: Up, Down,
 * Page Up, Page Down, Home and End move the selection and the focus
 * ("list.move-cursor" (ii): an amount and a unit, 0 rows, 1 pages, 2 the
 * ends); Enter or a double click emits "activate" ("list.activate-cursor"). The cards are the list's children,
 * focusable, with the :selected state of their item.
 */

/* Returns a new card (floating or not; the list sinks it). */
typedef GtkWidget *(*HdCardListCreateFunc) (gpointer user_data);
/* Shows @item (a GObject of the model) on @card; @item is NULL when the
 * card leaves the view and is kept for later. */
typedef void       (*HdCardListBindFunc)   (GtkWidget *card,
                                            gpointer   item,
                                            gpointer   user_data);

HdCardList        *hd_card_list_new           (void);
void               hd_card_list_set_factory   (HdCardList           *self,
                                               HdCardListCreateFunc  create_func,
                                               HdCardListBindFunc    bind_func,
                                               gpointer              user_data);
void               hd_card_list_set_model     (HdCardList           *self,
                                               GtkSelectionModel    *model);
GtkSelectionModel *hd_card_list_get_model     (HdCardList           *self);
/* The card showing @position, or NULL when it is out of view. */
GtkWidget         *hd_card_list_get_card      (HdCardList           *self,
                                               guint                 position);
/* Selects @position, scrolls it into view and gives its card the focus. */
void               hd_card_list_focus_position (HdCardList          *self,
                                                guint                position);
/* How many card widgets exist, shown or kept for reuse (for tests and the
 * benchmark). */
guint              hd_card_list_get_n_cards   (HdCardList           *self);

G_END_DECLS
