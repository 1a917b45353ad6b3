/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-board-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-board-filters.h"
#include "hd-board-view-private.h"
#include "hd-process.h"
#include "hd-widget-util.h"
#include "hd-store-commands.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-window.h"

/* Countdowns show minutes: refreshing the cards on screen twice a minute
 * keeps them right without touching anything off screen. */
#define TICK_SECONDS 30

G_DEFINE_FINAL_TYPE (HdBoardView, hd_board_view, GTK_TYPE_WIDGET)

enum { TOAST, SHOW_ARCHIVE, WALL_SCREEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void hd_board_view_refresh_attention (HdBoardView *self);

void
hd_board_view_emit_toast (HdBoardView *self,
                          AdwToast    *toast)
{
  g_signal_emit (self, signals[TOAST], 0, toast);
  g_object_unref (toast);
}

/* Filters --------------------------------------------------------------------- */

static void
apply_filters_to (HdBoardView   *self,
                  HdBoardColumn *column,
                  const char    *lane_group,
                  const char    *lane_handler)
{
  hd_board_filters_apply (&self->filters, hd_board_column_get_query (column), self->author,
                          self->search_text, lane_group, lane_handler,
                          hd_board_column_get_status (column) != HD_STATUS_CLOSED);
}

void
hd_board_view_apply_filters (HdBoardView *self)
{
  for (guint i = 0; i < HD_N_STATUSES; i++)
    apply_filters_to (self, self->columns[i], NULL, NULL);
  for (guint i = 0; i < self->lane_columns->len; i++)
    {
      const char *key = g_ptr_array_index (self->lane_keys, i / HD_N_STATUSES);
      apply_filters_to (self, g_ptr_array_index (self->lane_columns, i),
                        self->lanes == LANES_GROUP ? key : NULL,
                        self->lanes == LANES_AGENT ? key : NULL);
    }
}

void
hd_board_view_set_search_text (HdBoardView *self,
                               const char  *text)
{
  g_return_if_fail (HD_IS_BOARD_VIEW (self));

  if (g_strcmp0 (self->search_text, text) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  hd_board_view_apply_filters (self);
}

gboolean
hd_board_view_show_only (HdBoardView *self,
                         const char  *field,
                         const char  *value)
{
  g_return_val_if_fail (HD_IS_BOARD_VIEW (self), FALSE);

  /* The dropdowns' notify::selected applies the filters. */
  return hd_board_filters_show_only (&self->filters, field, value);
}

static void
fill_handlers (HdBoardView *self)
{
  g_autoptr(GError) error = NULL;
  char **ids = hd_store_list_handlers (self->store, &error);

  if (ids == NULL)
    {
      g_warning ("Could not list handlers: %s", error->message);
      ids = g_new0 (char *, 1);
    }
  hd_board_filters_set_handlers (&self->filters, ids);
}

/* Moves ----------------------------------------------------------------------- */

typedef struct {
  HdBoardView *self;
  char *uuid;
  HdStatus previous;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *undo = data;

  g_object_unref (undo->self);
  g_free (undo->uuid);
  g_free (undo);
}

static void
on_undo_clicked (AdwToast *toast,
                 Undo     *undo)
{
  g_autoptr(GError) error = NULL;

  if (!hd_ticket_commands_revert_status (undo->self->store, undo->uuid, undo->previous,
                                         undo->self->author, g_get_real_time () / G_USEC_PER_SEC,
                                         &error))
    hd_board_view_emit_toast (undo->self, adw_toast_new (error->message));
}

gboolean
hd_board_view_move_ticket (HdBoardView *self,
                           const char  *uuid,
                           HdStatus     to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autofree char *title = NULL;
  HdStatus previous;
  AdwToast *toast;
  Undo *undo;

  g_return_val_if_fail (HD_IS_BOARD_VIEW (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail ((guint) to < HD_N_STATUSES, FALSE);

  if (!hd_ticket_commands_change_status (self->store, uuid, to, self->author,
                                         g_get_real_time () / G_USEC_PER_SEC, &previous, &error))
    {
      /* The rule's own words: "Add a result before moving the ticket to …" */
      toast = adw_toast_new (error->message);
      adw_toast_set_timeout (toast, 6);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      hd_board_view_emit_toast (self, toast);
      return FALSE;
    }

  ticket = hd_store_get_ticket (self->store, uuid, NULL);
  /* Translators: after a move, e.g. "CS20231001-0001 moved to In Progress" */
  title = g_strdup_printf (_("%s moved to %s"), ticket ? hd_ticket_get_number (ticket) : "",
                           hd_status_get_label (to));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  undo = g_new0 (Undo, 1);
  undo->self = g_object_ref (self);
  undo->uuid = g_strdup (uuid);
  undo->previous = previous;
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked), undo,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  hd_board_view_emit_toast (self, toast);
  return TRUE;
}

static void
move_ticket_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *uuid;
  int status;

  g_variant_get (parameter, "(&si)", &uuid, &status);
  if (status >= 0 && status < HD_N_STATUSES)
    hd_board_view_move_ticket (HD_BOARD_VIEW (widget), uuid, status);
}

/* Ticket view ----------------------------------------------------------------- */

void
hd_board_view_open_ticket (HdBoardView *self,
                           const char  *uuid)
{
  g_return_if_fail (HD_IS_BOARD_VIEW (self));

  /* An edit in progress is never dropped by opening or closing the pane. */
  if (hd_ticket_view_get_editing (self->ticket_view) &&
      g_strcmp0 (uuid, hd_ticket_view_get_uuid (self->ticket_view)) != 0)
    {
      hd_board_view_emit_toast (self, adw_toast_new (_("Save or cancel the changes to this ticket first")));
      gtk_widget_grab_focus (GTK_WIDGET (self->ticket_view));
      return;
    }
  hd_ticket_view_set_uuid (self->ticket_view, uuid);
  adw_flap_set_reveal_flap (self->flap, uuid != NULL);
  if (uuid != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->ticket_view));
}

static void
open_ticket_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  hd_board_view_open_ticket (HD_BOARD_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_ticket_window_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HdBoardView *self = HD_BOARD_VIEW (widget);

  hd_ticket_window_open (widget, self->store, self->config, self->author,
                         g_variant_get_string (parameter, NULL));
}

static void
close_ticket_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  hd_board_view_open_ticket (HD_BOARD_VIEW (widget), NULL);
}

static void
show_archive_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SHOW_ARCHIVE], 0);
}

static void
wall_screen_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HdBoardView *self = HD_BOARD_VIEW (widget);
  gboolean wall = !gtk_widget_has_css_class (widget, "wall");

  if (wall)
    gtk_widget_add_css_class (widget, "wall");
  else
    gtk_widget_remove_css_class (widget, "wall");
  gtk_toggle_button_set_active (self->wall_button, wall);
  g_signal_emit (self, signals[WALL_SCREEN], 0, wall);
}

static void
on_ticket_view_toast (HdBoardView *self,
                      AdwToast    *toast)
{
  g_signal_emit (self, signals[TOAST], 0, toast);
}

/* Supervisor lanes ------------------------------------------------------------- */

static void
clear_lanes (HdBoardView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lanes_box))))
    gtk_box_remove (self->lanes_box, child);
  g_ptr_array_set_size (self->lane_columns, 0);
  g_ptr_array_set_size (self->lane_keys, 0);
  g_ptr_array_set_size (self->lane_labels, 0);
}

static gboolean
release_cb (gpointer user_data)
{
  HdBoardView *self = user_data;

  self->release_id = 0;
  hd_process_release_memory ();
  return G_SOURCE_REMOVE;
}

/* Once the columns have answered and the board is idle, the memory their
 * work freed goes back to the system (hd-process.h). */
static void
on_column_loading (HdBoardView       *self,
                   GParamSpec        *pspec,
                   HdTicketListModel *model)
{
  if (hd_ticket_list_model_get_loading (model))
    return;
  g_clear_handle_id (&self->release_id, g_source_remove);
  self->release_id = g_timeout_add_full (G_PRIORITY_LOW, HD_BOARD_VIEW_RELEASE_MEMORY_MS, release_cb, self, NULL);
}

static void
watch_column (HdBoardView   *self,
              HdBoardColumn *column)
{
  HdTicketListModel *model = hd_board_column_get_model (column);

  hd_ticket_list_model_set_group (model, self->answers);
  g_signal_connect_object (model, "notify::loading", G_CALLBACK (on_column_loading), self, G_CONNECT_SWAPPED);
}

static void
add_lane (HdBoardView *self,
          const char  *key,
          const char  *title)
{
  GtkWidget *lane = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *attention = gtk_label_new (NULL);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_add_css_class (lane, "board-lane");
  gtk_widget_set_margin_start (header, 6);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_add_css_class (title_label, "title-4");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (attention, "attention");
  gtk_box_append (GTK_BOX (header), title_label);
  gtk_box_append (GTK_BOX (header), attention);
  gtk_box_append (GTK_BOX (lane), header);
  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  for (guint status = 0; status < HD_N_STATUSES; status++)
    {
      HdBoardColumn *column = hd_board_column_new (self->store, self->config, status);

      watch_column (self, column);
      hd_board_column_set_compact (column, TRUE);
      gtk_box_append (GTK_BOX (row), GTK_WIDGET (column));
      g_ptr_array_add (self->lane_columns, column);
    }
  gtk_box_append (GTK_BOX (lane), row);
  gtk_box_append (self->lanes_box, lane);
  g_ptr_array_add (self->lane_keys, g_strdup (key));
  g_ptr_array_add (self->lane_labels, attention);
}

static void
on_lanes_changed (HdBoardView *self)
{
  Lanes lanes = gtk_drop_down_get_selected (self->lanes_dropdown);

  if (lanes == self->lanes)
    return;
  self->lanes = lanes;
  clear_lanes (self);

  if (lanes == LANES_GROUP)
    {
      g_autoptr(GListModel) groups = hd_config_list_groups (self->config);

      for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
        {
          g_autoptr(HdConfigItem) group = g_list_model_get_item (groups, i);
          add_lane (self, hd_config_item_get_id (group), hd_config_item_get_label (group));
        }
    }
  else if (lanes == LANES_AGENT)
    {
      fill_handlers (self);
      for (guint i = 0; self->filters.handler_ids[i] != NULL; i++)
        add_lane (self, self->filters.handler_ids[i], self->filters.handler_ids[i]);
    }

  gtk_stack_set_visible_child_name (self->mode_stack, lanes == LANES_NONE ? "columns" : "lanes");
  hd_board_view_apply_filters (self);
  hd_board_view_refresh_attention (self);
}

static char *
attention_text (guint overdue,
                guint escalated)
{
  /* Translators: the supervisor's counts, e.g. "3 overdue · 1 escalated" */
  return g_strdup_printf (_("%u overdue · %u escalated"), overdue, escalated);
}

static void
set_attention (GtkLabel *label,
               guint     overdue,
               guint     escalated)
{
  g_autofree char *text = attention_text (overdue, escalated);

  gtk_label_set_text (label, text);
  if (overdue > 0 || escalated > 0)
    gtk_widget_add_css_class (GTK_WIDGET (label), "urgent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "urgent");
}

/* The toolbar's totals are links that toggle the matching filter. */
static void
set_toolbar_attention (HdBoardView *self,
                       guint        overdue,
                       guint        escalated)
{
  /* Translators: the first half of the toolbar's "3 overdue · 1 escalated", a link */
  g_autofree char *overdue_text = g_strdup_printf (_("%u overdue"), overdue);
  /* Translators: the second half of the toolbar's "3 overdue · 1 escalated", a link */
  g_autofree char *escalated_text = g_strdup_printf (_("%u escalated"), escalated);
  g_autofree char *markup = g_markup_printf_escaped ("<a href=\"overdue\" title=\"%s\">%s</a> · "
                                                     "<a href=\"escalated\" title=\"%s\">%s</a>",
                                                     _("Show only overdue tickets"), overdue_text,
                                                     _("Show only escalated tickets"), escalated_text);

  set_attention (self->attention_label, overdue, escalated);
  gtk_label_set_markup (self->attention_label, markup);
}

static gboolean
on_attention_link (HdBoardView *self,
                   const char  *uri)
{
  GtkToggleButton *button = g_str_equal (uri, "overdue") ? self->filters.overdue_button
                                                           : self->filters.escalated_button;

  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
  return TRUE;
}

static void
count_attention_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  HdBoardView *self = source_object;
  const char *by = task_data;
  GError *error = NULL;
  GPtrArray *counts = hd_store_count_attention (self->store, by, g_get_real_time () / G_USEC_PER_SEC, &error);

  if (counts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, counts, (GDestroyNotify) g_ptr_array_unref);
}

static void
count_attention_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  HdBoardView *self = HD_BOARD_VIEW (object);
  g_autoptr(GPtrArray) counts = g_task_propagate_pointer (G_TASK (result), NULL);
  guint overdue = 0, escalated = 0;

  if (counts == NULL)
    return;

  for (guint i = 0; i < counts->len; i++)
    {
      HdAttentionCount *count = g_ptr_array_index (counts, i);

      overdue += count->overdue;
      escalated += count->escalated;
      for (guint lane = 0; lane < self->lane_keys->len; lane++)
        if (g_strcmp0 (g_ptr_array_index (self->lane_keys, lane), count->key) == 0)
          set_attention (g_ptr_array_index (self->lane_labels, lane), count->overdue, count->escalated);
    }
  set_toolbar_attention (self, overdue, escalated);
  gtk_widget_set_visible (GTK_WIDGET (self->attention_label), TRUE);
}

static void
hd_board_view_refresh_attention (HdBoardView *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->attention_cancellable);
  g_clear_object (&self->attention_cancellable);
  self->attention_cancellable = g_cancellable_new ();

  for (guint lane = 0; lane < self->lane_labels->len; lane++)
    set_attention (g_ptr_array_index (self->lane_labels, lane), 0, 0);

  task = g_task_new (self, self->attention_cancellable, count_attention_done, NULL);
  g_task_set_source_tag (task, hd_board_view_refresh_attention);
  g_task_set_task_data (task, self->lanes == LANES_GROUP ? "group"
                              : self->lanes == LANES_AGENT ? "handler" : NULL, NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, count_attention_thread);
}

static gboolean
attention_cb (gpointer user_data)
{
  HdBoardView *self = user_data;

  self->attention_id = 0;
  hd_board_view_refresh_attention (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (HdBoardView *self)
{
  if (self->attention_id == 0)
    self->attention_id = g_timeout_add_full (G_PRIORITY_LOW, 500, attention_cb, self, NULL);
}

/* Clock ------------------------------------------------------------------------ */

static gboolean
tick_cb (gpointer user_data)
{
  HdBoardView *self = user_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < HD_N_STATUSES; i++)
    hd_board_column_tick (self->columns[i], now);
  for (guint i = 0; i < self->lane_columns->len; i++)
    hd_board_column_tick (g_ptr_array_index (self->lane_columns, i), now);
  return G_SOURCE_CONTINUE;
}

/* Object ----------------------------------------------------------------------- */

HdBoardView *
hd_board_view_new (HdStore    *store,
                   HdConfig   *config,
                   const char *author)
{
  HdBoardView *self;
  const char *lanes[] = { N_("Status Columns"), N_("Lanes by Group"), N_("Lanes by Agent"), NULL };
  g_autoptr(GtkStringList) lane_strings = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  self = g_object_new (HD_TYPE_BOARD_VIEW, NULL);
  self->store = g_object_ref (store);
  self->config = g_object_ref (config);
  self->author = g_strdup (author);
  self->answers = hd_ticket_list_group_new ();

  hd_board_filters_set_config (&self->filters, config);
  for (guint i = 0; lanes[i] != NULL; i++)
    gtk_string_list_append (lane_strings, _(lanes[i]));
  gtk_drop_down_set_model (self->lanes_dropdown, G_LIST_MODEL (lane_strings));
  fill_handlers (self);
  hd_board_view_rebuild_views_menu (self);

  for (guint i = 0; self->filters.priority_ids[i] != NULL; i++)
    g_ptr_array_add (order, self->filters.priority_ids[i]);
  g_ptr_array_add (order, NULL);

  for (guint status = 0; status < HD_N_STATUSES; status++)
    {
      self->columns[status] = hd_board_column_new (store, config, status);
      watch_column (self, self->columns[status]);
      hd_ticket_query_set_priority_order (hd_board_column_get_query (self->columns[status]),
                                          (const char * const *) order->pdata);
      gtk_box_append (self->columns_box, GTK_WIDGET (self->columns[status]));
    }

  self->ticket_view = hd_ticket_view_new (store, config, author);
  gtk_widget_set_hexpand (GTK_WIDGET (self->ticket_view), FALSE);
  gtk_box_append (self->flap_box, GTK_WIDGET (self->ticket_view));
  g_signal_connect_object (self->ticket_view, "toast", G_CALLBACK (on_ticket_view_toast), self, G_CONNECT_SWAPPED);

  hd_board_filters_connect (&self->filters, G_CALLBACK (hd_board_view_apply_filters), self);
  g_signal_connect_object (self->lanes_dropdown, "notify::selected", G_CALLBACK (on_lanes_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->attention_label, "activate-link", G_CALLBACK (on_attention_link), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "tickets-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  self->tick_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, TICK_SECONDS, tick_cb, self, NULL);
  hd_board_view_refresh_attention (self);
  return self;
}

HdBoardColumn *
hd_board_view_get_column (HdBoardView *self,
                          HdStatus     status)
{
  g_return_val_if_fail (HD_IS_BOARD_VIEW (self), NULL);
  g_return_val_if_fail ((guint) status < HD_N_STATUSES, NULL);

  return self->columns[status];
}

HdTicketView *
hd_board_view_get_ticket_view (HdBoardView *self)
{
  g_return_val_if_fail (HD_IS_BOARD_VIEW (self), NULL);

  return self->ticket_view;
}

static void
hd_board_view_dispose (GObject *object)
{
  HdBoardView *self = HD_BOARD_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->attention_id, g_source_remove);
  g_clear_handle_id (&self->release_id, g_source_remove);
  g_cancellable_cancel (self->attention_cancellable);
  g_clear_object (&self->attention_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_BOARD_VIEW);
  /* GTK 4.8 leaves template children without an id in place. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->lane_columns, g_ptr_array_unref);
  g_clear_pointer (&self->lane_keys, g_ptr_array_unref);
  g_clear_pointer (&self->lane_labels, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (hd_board_view_parent_class)->dispose (object);
}

static void
hd_board_view_finalize (GObject *object)
{
  HdBoardView *self = HD_BOARD_VIEW (object);

  g_free (self->author);
  g_free (self->search_text);
  g_clear_pointer (&self->answers, hd_ticket_list_group_unref);
  hd_board_filters_clear (&self->filters);

  G_OBJECT_CLASS (hd_board_view_parent_class)->finalize (object);
}

static void
hd_board_view_class_init (HdBoardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_board_view_dispose;
  object_class->finalize = hd_board_view_finalize;

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  signals[SHOW_ARCHIVE] = g_signal_new ("show-archive", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[WALL_SCREEN] = g_signal_new ("wall-screen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-board-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, flap);
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, flap_box);
  hd_board_filters_bind_template (widget_class, G_STRUCT_OFFSET (HdBoardView, filters));
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, views_button);
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, attention_label);
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, lanes_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, wall_button);
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, columns_box);
  gtk_widget_class_bind_template_child (widget_class, HdBoardView, lanes_box);

  gtk_widget_class_install_action (widget_class, "board.move-ticket", "(si)", move_ticket_activated);
  gtk_widget_class_install_action (widget_class, "board.open-ticket", "s", open_ticket_activated);
  gtk_widget_class_install_action (widget_class, "board.close-ticket", NULL, close_ticket_activated);
  gtk_widget_class_install_action (widget_class, "board.open-ticket-window", "s", open_ticket_window_activated);
  gtk_widget_class_install_action (widget_class, "board.show-archive", NULL, show_archive_activated);
  gtk_widget_class_install_action (widget_class, "board.wall-screen", NULL, wall_screen_activated);
  hd_board_view_class_init_views (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "board.wall-screen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "board.close-ticket", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "board");
}

static void
hd_board_view_init (HdBoardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  hd_name_drop_down_buttons (GTK_WIDGET (self));

  self->lane_columns = g_ptr_array_new ();
  self->lane_keys = g_ptr_array_new_with_free_func (g_free);
  self->lane_labels = g_ptr_array_new ();
}
