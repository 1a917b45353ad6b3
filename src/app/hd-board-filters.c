/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-board-filters"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-board-filters.h"

static const char *
selected_id (GtkDropDown *dropdown,
             char       **ids)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (ids == NULL || position == 0 || position == GTK_INVALID_LIST_POSITION ||
      position - 1 >= g_strv_length (ids))
    return NULL;
  return ids[position - 1];
}

static void
select_id (GtkDropDown *dropdown,
           char       **ids,
           const char  *id)
{
  guint position = 0;

  for (guint i = 0; id != NULL && ids != NULL && ids[i] != NULL; i++)
    if (g_str_equal (ids[i], id))
      position = i + 1;
  gtk_drop_down_set_selected (dropdown, position);
}

static void
set_items (GtkDropDown  *dropdown,
           const char   *all,
           GListModel   *items,
           char       ***ids_out)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  gtk_string_list_append (strings, all);
  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(HdConfigItem) item = g_list_model_get_item (items, i);

      gtk_string_list_append (strings, hd_config_item_get_label (item));
      g_strv_builder_add (ids, hd_config_item_get_id (item));
    }
  g_strfreev (*ids_out);
  *ids_out = g_strv_builder_end (ids);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (strings));
}

void
hd_board_filters_bind_template (GtkWidgetClass *widget_class,
                                gsize           offset)
{
#define BIND(member) \
  gtk_widget_class_bind_template_child_full (widget_class, #member, FALSE, \
                                             offset + G_STRUCT_OFFSET (HdBoardFilters, member))
  BIND (mine_button);
  BIND (group_dropdown);
  BIND (handler_dropdown);
  BIND (priority_dropdown);
  BIND (type_dropdown);
  BIND (overdue_button);
  BIND (escalated_button);
  BIND (sort_dropdown);
#undef BIND
}

/* Fills the dropdowns that come from the configuration. */
void
hd_board_filters_set_config (HdBoardFilters *self,
                             HdConfig       *config)
{
  const char *sorts[] = { N_("By Due Time"), N_("By Priority"), NULL };
  g_autoptr(GtkStringList) sort_strings = gtk_string_list_new (NULL);
  g_autoptr(GListModel) groups = hd_config_list_groups (config);
  g_autoptr(GListModel) priorities = hd_config_list_priorities (config);
  g_autoptr(GListModel) types = hd_config_list_types (config);

  set_items (self->group_dropdown, _("All Groups"), groups, &self->group_ids);
  set_items (self->priority_dropdown, _("All Priorities"), priorities, &self->priority_ids);
  set_items (self->type_dropdown, _("All Types"), types, &self->type_ids);
  for (guint i = 0; sorts[i] != NULL; i++)
    gtk_string_list_append (sort_strings, _(sorts[i]));
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (sort_strings));
}

/* Takes @handler_ids; keeps the selected handler when it is still listed. */
void
hd_board_filters_set_handlers (HdBoardFilters *self,
                               char          **handler_ids)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autofree char *selected = g_strdup (selected_id (self->handler_dropdown, self->handler_ids));

  g_strfreev (self->handler_ids);
  self->handler_ids = handler_ids;
  gtk_string_list_append (strings, _("All Handlers"));
  for (guint i = 0; self->handler_ids[i] != NULL; i++)
    gtk_string_list_append (strings, self->handler_ids[i]);
  gtk_drop_down_set_model (self->handler_dropdown, G_LIST_MODEL (strings));
  select_id (self->handler_dropdown, self->handler_ids, selected);
}

/* Calls @changed (swapped: @instance first) whenever a filter changes. */
void
hd_board_filters_connect (HdBoardFilters *self,
                          GCallback       changed,
                          gpointer        instance)
{
  GObject *toggles[] = { G_OBJECT (self->mine_button), G_OBJECT (self->overdue_button),
                         G_OBJECT (self->escalated_button) };
  GObject *dropdowns[] = { G_OBJECT (self->group_dropdown), G_OBJECT (self->handler_dropdown),
                           G_OBJECT (self->priority_dropdown), G_OBJECT (self->type_dropdown),
                           G_OBJECT (self->sort_dropdown) };

  for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
    g_signal_connect_object (toggles[i], "toggled", changed, instance, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    g_signal_connect_object (dropdowns[i], "notify::selected", changed, instance, G_CONNECT_SWAPPED);
}

/* A lane's own group or handler replaces the toolbar's; the closed column
 * keeps its own order (@sortable FALSE). */
void
hd_board_filters_apply (HdBoardFilters *self,
                        HdTicketQuery  *query,
                        const char     *author,
                        const char     *search_text,
                        const char     *lane_group,
                        const char     *lane_handler,
                        gboolean        sortable)
{
  const char *handler = selected_id (self->handler_dropdown, self->handler_ids);
  HdTicketSort sort = gtk_drop_down_get_selected (self->sort_dropdown) == 1
                      ? HD_TICKET_SORT_PRIORITY : HD_TICKET_SORT_DUE;

  if (gtk_toggle_button_get_active (self->mine_button))
    handler = author;

  g_object_freeze_notify (G_OBJECT (query));
  hd_ticket_query_set_search_text (query, search_text);
  hd_ticket_query_set_group (query, lane_group ? lane_group : selected_id (self->group_dropdown, self->group_ids));
  hd_ticket_query_set_handler (query, lane_handler ? lane_handler : handler);
  hd_ticket_query_set_priority (query, selected_id (self->priority_dropdown, self->priority_ids));
  hd_ticket_query_set_type_l1 (query, selected_id (self->type_dropdown, self->type_ids));
  hd_ticket_query_set_overdue_only (query, gtk_toggle_button_get_active (self->overdue_button));
  hd_ticket_query_set_escalated_only (query, gtk_toggle_button_get_active (self->escalated_button));
  if (sortable)
    hd_ticket_query_set_sort (query, sort);
  g_object_thaw_notify (G_OBJECT (query));
}

void
hd_board_filters_save (HdBoardFilters *self,
                       GKeyFile       *file,
                       const char     *name)
{
  const char *id;

  g_key_file_remove_group (file, name, NULL);
  g_key_file_set_boolean (file, name, "mine", gtk_toggle_button_get_active (self->mine_button));
  if ((id = selected_id (self->group_dropdown, self->group_ids)))
    g_key_file_set_string (file, name, "group", id);
  if ((id = selected_id (self->handler_dropdown, self->handler_ids)))
    g_key_file_set_string (file, name, "handler", id);
  if ((id = selected_id (self->priority_dropdown, self->priority_ids)))
    g_key_file_set_string (file, name, "priority", id);
  if ((id = selected_id (self->type_dropdown, self->type_ids)))
    g_key_file_set_string (file, name, "type", id);
  if (gtk_toggle_button_get_active (self->overdue_button))
    g_key_file_set_boolean (file, name, "overdue", TRUE);
  if (gtk_toggle_button_get_active (self->escalated_button))
    g_key_file_set_boolean (file, name, "escalated", TRUE);
  g_key_file_set_integer (file, name, "sort", gtk_drop_down_get_selected (self->sort_dropdown));
}

/* Keys missing from an older file mean "no filter". */
void
hd_board_filters_load (HdBoardFilters *self,
                       GKeyFile       *file,
                       const char     *name)
{
  g_autofree char *group = g_key_file_get_string (file, name, "group", NULL);
  g_autofree char *handler = g_key_file_get_string (file, name, "handler", NULL);
  g_autofree char *priority = g_key_file_get_string (file, name, "priority", NULL);
  g_autofree char *type = g_key_file_get_string (file, name, "type", NULL);

  gtk_toggle_button_set_active (self->mine_button, g_key_file_get_boolean (file, name, "mine", NULL));
  select_id (self->group_dropdown, self->group_ids, group);
  select_id (self->handler_dropdown, self->handler_ids, handler);
  select_id (self->priority_dropdown, self->priority_ids, priority);
  select_id (self->type_dropdown, self->type_ids, type);
  gtk_toggle_button_set_active (self->overdue_button, g_key_file_get_boolean (file, name, "overdue", NULL));
  gtk_toggle_button_set_active (self->escalated_button, g_key_file_get_boolean (file, name, "escalated", NULL));
  gtk_drop_down_set_selected (self->sort_dropdown, g_key_file_get_integer (file, name, "sort", NULL) == 1);
}

void
hd_board_filters_reset (HdBoardFilters *self)
{
  gtk_toggle_button_set_active (self->mine_button, FALSE);
  gtk_drop_down_set_selected (self->group_dropdown, 0);
  gtk_drop_down_set_selected (self->handler_dropdown, 0);
  gtk_drop_down_set_selected (self->priority_dropdown, 0);
  gtk_drop_down_set_selected (self->type_dropdown, 0);
  gtk_toggle_button_set_active (self->overdue_button, FALSE);
  gtk_toggle_button_set_active (self->escalated_button, FALSE);
  gtk_drop_down_set_selected (self->sort_dropdown, 0);
}

gboolean
hd_board_filters_show_only (HdBoardFilters *self,
                            const char     *field,
                            const char     *value)
{
  GtkDropDown *dropdown = NULL;
  char **ids = NULL;

  if (g_strcmp0 (field, "type") == 0)
    dropdown = self->type_dropdown, ids = self->type_ids;
  else if (g_strcmp0 (field, "priority") == 0)
    dropdown = self->priority_dropdown, ids = self->priority_ids;
  else if (g_strcmp0 (field, "group") == 0)
    dropdown = self->group_dropdown, ids = self->group_ids;
  if (dropdown == NULL || value == NULL || ids == NULL || !g_strv_contains ((const char * const *) ids, value))
    return FALSE;

  hd_board_filters_reset (self);
  select_id (dropdown, ids, value);
  return TRUE;
}

/* Frees the ids; the widgets belong to the template. */
void
hd_board_filters_clear (HdBoardFilters *self)
{
  g_clear_pointer (&self->group_ids, g_strfreev);
  g_clear_pointer (&self->handler_ids, g_strfreev);
  g_clear_pointer (&self->priority_ids, g_strfreev);
  g_clear_pointer (&self->type_ids, g_strfreev);
}
