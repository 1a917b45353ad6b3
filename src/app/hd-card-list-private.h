/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-card-list.h"

G_BEGIN_DECLS

enum { UNIT_ROWS, UNIT_PAGES, UNIT_ENDS };

struct _HdCardList
{
  GtkWidget parent_instance;

  GtkSelectionModel *model;
  HdCardListCreateFunc create_func;
  HdCardListBindFunc bind_func;
  gpointer user_data;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;
  guint in_allocate : 1;
  guint dirty : 1;

  guint n_items;
  guint first;             /* position of shown[0] */
  GPtrArray *shown;        /* GtkWidget * for first … first + len - 1 */
  GPtrArray *spare;        /* GtkWidget * out of view, unbound, child-invisible */
  int row_height;          /* the tallest card measured at this width, margins included */
  int measured_width;
  guint cursor;            /* the position the keyboard is on; G_MAXUINT for none */
  GtkWidget *stale_focus;  /* a card that had the focus and lost its item */
  guint refocus_id;
  gboolean has_pending_value;
  double pending_value;    /* the scroll position after a model change, for the next allocation */
};

/* hd-card-list.c */
void hd_card_list_scroll_to        (HdCardList     *self,
                                    guint           position);
void hd_card_list_emit_activate    (HdCardList     *self,
                                    guint           position);

/* hd-card-list-keys.c */
void hd_card_list_release_focus   (HdCardList     *self,
                                    GtkWidget      *card);
void hd_card_list_class_init_keys  (GtkWidgetClass *widget_class);
void hd_card_list_init_keys        (HdCardList     *self);

G_END_DECLS
