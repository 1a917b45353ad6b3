/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-config.h"
#include "hd-ticket-query.h"

G_BEGIN_DECLS

/*
 * The board's filter bar: the toolbar widgets of HdBoardView's template that
 * narrow every column and lane, and their saved form in board-views.ini.
 * Embedded in HdBoardView; the widgets are template children bound by
 * hd_board_filters_bind_template().
 */
typedef struct
{
  GtkToggleButton *mine_button;
  GtkDropDown *group_dropdown;
  GtkDropDown *handler_dropdown;
  GtkDropDown *priority_dropdown;
  GtkDropDown *type_dropdown;
  GtkToggleButton *overdue_button;
  GtkToggleButton *escalated_button;
  GtkDropDown *sort_dropdown;

  char **group_ids;      /* dropdown position - 1 */
  char **handler_ids;
  char **priority_ids;
  char **type_ids;
} HdBoardFilters;

void hd_board_filters_bind_template (GtkWidgetClass *widget_class,
                                     gsize           offset);
void hd_board_filters_set_config    (HdBoardFilters *self,
                                     HdConfig       *config);
void hd_board_filters_set_handlers  (HdBoardFilters *self,
                                     char          **handler_ids);
void hd_board_filters_connect       (HdBoardFilters *self,
                                     GCallback       changed,
                                     gpointer        instance);
void hd_board_filters_apply         (HdBoardFilters *self,
                                     HdTicketQuery  *query,
                                     const char     *author,
                                     const char     *search_text,
                                     const char     *lane_group,
                                     const char     *lane_handler,
                                     gboolean        sortable);
void hd_board_filters_save          (HdBoardFilters *self,
                                     GKeyFile       *file,
                                     const char     *name);
void hd_board_filters_load          (HdBoardFilters *self,
                                     GKeyFile       *file,
                                     const char     *name);
void hd_board_filters_reset         (HdBoardFilters *self);
/* Resets the filters, then selects @value in the filter for @field
 * ("type" — a level-1 type —, "priority" or "group", as the reports'
 * "open-tickets" signal names them). FALSE, changing nothing, for another
 * field or a value the filter does not list. */
gboolean hd_board_filters_show_only (HdBoardFilters *self,
                                     const char     *field,
                                     const char     *value);
void hd_board_filters_clear         (HdBoardFilters *self);

G_END_DECLS
