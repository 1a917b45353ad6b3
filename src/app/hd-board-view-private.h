/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-board-filters.h"
#include "hd-board-view.h"

G_BEGIN_DECLS

typedef enum {
  LANES_NONE,
  LANES_GROUP,
  LANES_AGENT,
} Lanes;

struct _HdBoardView
{
  GtkWidget parent_instance;

  HdStore *store;
  HdConfig *config;
  char *author;

  HdBoardColumn *columns[HD_N_STATUSES];
  HdTicketListGroup *answers;    /* of every column: they answer together */
  GPtrArray *lane_columns;       /* HdBoardColumn in the lanes */
  GPtrArray *lane_keys;          /* char *, the group or handler of each lane */
  GPtrArray *lane_labels;        /* GtkLabel * attention label of each lane */
  Lanes lanes;
  GCancellable *attention_cancellable;

  char *search_text;
  HdBoardFilters filters;
  guint tick_id;
  guint attention_id;
  guint release_id;

  HdTicketView *ticket_view;

  AdwFlap *flap;
  GtkBox *flap_box;
  GtkMenuButton *views_button;
  GtkLabel *attention_label;
  GtkDropDown *lanes_dropdown;
  GtkToggleButton *wall_button;
  GtkStack *mode_stack;
  GtkBox *columns_box;
  GtkBox *lanes_box;
};

/* hd-board-view.c */
void hd_board_view_emit_toast         (HdBoardView    *self,
                                       AdwToast       *toast);
void hd_board_view_apply_filters      (HdBoardView    *self);

/* hd-board-view-saved.c */
void hd_board_view_rebuild_views_menu (HdBoardView    *self);
void hd_board_view_class_init_views   (GtkWidgetClass *widget_class);

G_END_DECLS
