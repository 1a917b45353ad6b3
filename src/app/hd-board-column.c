/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-board-column"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-board-card.h"
#include "hd-board-column.h"
#include "hd-card-list.h"
#include "hd-transitions.h"

struct _HdBoardColumn
{
  GtkWidget parent_instance;

  HdStore *store;
  HdConfig *config;
  HdStatus status;
  HdTicketQuery *query;
  HdTicketListModel *model;
  GtkSingleSelection *selection;
  GtkDropTarget *drop_target;
  GHashTable *bound_cards;   /* HdBoardCard * showing a ticket */

  GtkWidget *box;
  GtkLabel *title_label;
  GtkLabel *count_label;
  guint shown_count;         /* in the label, or G_MAXUINT */
  GtkSpinner *spinner;
  guint spinner_delay_id;
  GtkStack *stack;
  HdCardList *list_view;
  GtkWidget *archive_button;
};

G_DEFINE_FINAL_TYPE (HdBoardColumn, hd_board_column, GTK_TYPE_WIDGET)

/* A column that answers within this shows no spinner: a spinner shown and
 * hidden again costs a frame, and the answer then waits for the next one. */
#define SPINNER_DELAY_MS 300

static void
show_spinner (HdBoardColumn *self,
              gboolean       show)
{
  g_clear_handle_id (&self->spinner_delay_id, g_source_remove);
  gtk_spinner_set_spinning (self->spinner, show);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), show);
}

static gboolean
spinner_delay_cb (gpointer user_data)
{
  HdBoardColumn *self = user_data;

  self->spinner_delay_id = 0;
  show_spinner (self, hd_ticket_list_model_get_loading (self->model));
  return G_SOURCE_REMOVE;
}

static void
update_count (HdBoardColumn *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean loading = hd_ticket_list_model_get_loading (self->model);

  /* Called for every change of the loading state too: twice a keystroke. */
  if (n != self->shown_count)
    {
      g_autofree char *count = g_strdup_printf ("%u", n);
      g_autofree char *accessible = NULL;

      self->shown_count = n;
      gtk_label_set_text (self->count_label, count);
      /* Translators: a board column's accessible name, e.g. "Pending, 12 tickets" */
      accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u ticket", "%s, %u tickets", n),
                                    hd_status_get_label (self->status), n);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
  if (!loading)
    show_spinner (self, FALSE);
  else if (self->spinner_delay_id == 0 && !gtk_widget_get_visible (GTK_WIDGET (self->spinner)))
    self->spinner_delay_id = g_timeout_add (SPINNER_DELAY_MS, spinner_delay_cb, self);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (!loading)
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Cards ----------------------------------------------------------------------- */

static GtkWidget *
create_card (gpointer user_data)
{
  HdBoardColumn *self = user_data;
  HdBoardCard *card = hd_board_card_new (self->config);

  hd_board_card_set_show_sync (card, !hd_store_get_assigns_final_numbers (self->store));
  /* Only open tickets count down: the other columns' cards are a line shorter. */
  hd_board_card_set_countdown_line (card, self->status == HD_STATUS_PENDING ||
                                          self->status == HD_STATUS_IN_PROGRESS);
  return GTK_WIDGET (card);
}

static void
bind_card (GtkWidget *card,
           gpointer   ticket,
           gpointer   user_data)
{
  HdBoardColumn *self = user_data;

  hd_board_card_set_ticket (HD_BOARD_CARD (card), ticket);
  if (ticket != NULL)
    g_hash_table_add (self->bound_cards, card);
  else
    {
      g_hash_table_remove (self->bound_cards, card);
      gtk_widget_remove_css_class (card, "dragging");
    }
}

void
hd_board_column_tick (HdBoardColumn *self,
                      gint64         now)
{
  GHashTableIter iter;
  gpointer card;

  g_return_if_fail (HD_IS_BOARD_COLUMN (self));

  g_hash_table_iter_init (&iter, self->bound_cards);
  while (g_hash_table_iter_next (&iter, &card, NULL))
    hd_board_card_update_due (card, now);
}

/* Moves ----------------------------------------------------------------------- */

static void
on_activate (HdCardList    *list_view,
             guint          position,
             HdBoardColumn *self)
{
  g_autoptr(HdTicket) ticket = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (ticket != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "board.open-ticket", "s", hd_ticket_get_uuid (ticket));
}

static void
move_selected (HdBoardColumn *self,
               int            to)
{
  HdTicket *ticket = gtk_single_selection_get_selected_item (self->selection);

  if (ticket == NULL || to < 0 || to >= HD_N_STATUSES)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "board.move-ticket", "(si)",
                              hd_ticket_get_uuid (ticket), to);
}

static void
move_next_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  HdBoardColumn *self = HD_BOARD_COLUMN (widget);
  move_selected (self, (int) self->status + 1);
}

static void
move_previous_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  HdBoardColumn *self = HD_BOARD_COLUMN (widget);
  move_selected (self, (int) self->status - 1);
}

static void
move_to_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  move_selected (HD_BOARD_COLUMN (widget), g_variant_get_int32 (parameter));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         HdBoardColumn *self)
{
  HdTicket *ticket = g_value_get_object (value);

  gtk_widget_remove_css_class (self->box, "drop-allowed");
  gtk_widget_remove_css_class (self->box, "drop-refused");
  if (!HD_IS_TICKET (ticket) || hd_ticket_get_status (ticket) == self->status)
    return FALSE;
  /* The board runs the rules and explains a refusal. */
  gtk_widget_activate_action (GTK_WIDGET (self), "board.move-ticket", "(si)",
                              hd_ticket_get_uuid (ticket), (int) self->status);
  return TRUE;
}

static void
on_drop_value (GtkDropTarget *target,
               GParamSpec    *pspec,
               HdBoardColumn *self)
{
  const GValue *value = gtk_drop_target_get_value (target);
  HdTicket *ticket;

  gtk_widget_remove_css_class (self->box, "drop-allowed");
  gtk_widget_remove_css_class (self->box, "drop-refused");
  if (value == NULL || !G_VALUE_HOLDS (value, HD_TYPE_TICKET))
    return;
  ticket = g_value_get_object (value);
  if (ticket == NULL || hd_ticket_get_status (ticket) == self->status)
    return;
  /* Show while hovering whether the rules allow the move. */
  gtk_widget_add_css_class (self->box, hd_transitions_check (ticket, self->status, NULL)
                                       ? "drop-allowed" : "drop-refused");
}

static void
on_drop_leave (GtkDropTarget *target,
               HdBoardColumn *self)
{
  gtk_widget_remove_css_class (self->box, "drop-allowed");
  gtk_widget_remove_css_class (self->box, "drop-refused");
}

/* Object ---------------------------------------------------------------------- */

HdBoardColumn *
hd_board_column_new (HdStore  *store,
                     HdConfig *config,
                     HdStatus  status)
{
  HdBoardColumn *self;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  self = g_object_new (HD_TYPE_BOARD_COLUMN, NULL);
  self->store = g_object_ref (store);
  self->config = g_object_ref (config);
  self->status = status;

  gtk_label_set_text (self->title_label, hd_status_get_label (status));
  gtk_widget_add_css_class (self->box, hd_status_to_id (status));
  gtk_widget_set_visible (self->archive_button, status == HD_STATUS_CLOSED);

  self->query = hd_ticket_query_new ();
  hd_ticket_query_set_status (self->query, status);
  /* The closed column shows what was closed lately; the archive has the rest. */
  hd_ticket_query_set_sort (self->query, status == HD_STATUS_CLOSED ? HD_TICKET_SORT_UPDATED
                                                                     : HD_TICKET_SORT_DUE);
  self->model = hd_ticket_list_model_new (store, self->query);
  /* A column shows 5–9 cards: the rest is read when scrolled to. */
  hd_ticket_list_model_set_first_read (self->model, 16);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  hd_card_list_set_factory (self->list_view, create_card, bind_card, self);
  hd_card_list_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_count (self);
  hd_ticket_list_model_reload (self->model);
  return self;
}

HdStatus
hd_board_column_get_status (HdBoardColumn *self)
{
  g_return_val_if_fail (HD_IS_BOARD_COLUMN (self), HD_STATUS_PENDING);
  return self->status;
}

HdTicketQuery *
hd_board_column_get_query (HdBoardColumn *self)
{
  g_return_val_if_fail (HD_IS_BOARD_COLUMN (self), NULL);
  return self->query;
}

HdTicketListModel *
hd_board_column_get_model (HdBoardColumn *self)
{
  g_return_val_if_fail (HD_IS_BOARD_COLUMN (self), NULL);
  return self->model;
}

GtkSelectionModel *
hd_board_column_get_selection (HdBoardColumn *self)
{
  g_return_val_if_fail (HD_IS_BOARD_COLUMN (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

HdCardList *
hd_board_column_get_card_list (HdBoardColumn *self)
{
  g_return_val_if_fail (HD_IS_BOARD_COLUMN (self), NULL);
  return self->list_view;
}

GtkDropTarget *
hd_board_column_get_drop_target (HdBoardColumn *self)
{
  g_return_val_if_fail (HD_IS_BOARD_COLUMN (self), NULL);
  return self->drop_target;
}

void
hd_board_column_set_compact (HdBoardColumn *self,
                             gboolean       compact)
{
  g_return_if_fail (HD_IS_BOARD_COLUMN (self));

  gtk_widget_set_visible (self->archive_button, !compact && self->status == HD_STATUS_CLOSED);
  gtk_widget_set_size_request (GTK_WIDGET (self->stack), -1, compact ? 260 : -1);
  if (compact)
    gtk_widget_add_css_class (self->box, "compact");
  else
    gtk_widget_remove_css_class (self->box, "compact");
}

static void
hd_board_column_dispose (GObject *object)
{
  HdBoardColumn *self = HD_BOARD_COLUMN (object);

  g_clear_handle_id (&self->spinner_delay_id, g_source_remove);
  if (self->list_view != NULL)
    hd_card_list_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_BOARD_COLUMN);
  /* GTK 4.8 leaves template children without an id in place. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->query);
  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (hd_board_column_parent_class)->dispose (object);
}

static void
hd_board_column_finalize (GObject *object)
{
  HdBoardColumn *self = HD_BOARD_COLUMN (object);

  g_hash_table_unref (self->bound_cards);
  G_OBJECT_CLASS (hd_board_column_parent_class)->finalize (object);
}

static void
hd_board_column_class_init (HdBoardColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_board_column_dispose;
  object_class->finalize = hd_board_column_finalize;

  g_type_ensure (HD_TYPE_CARD_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-board-column.ui");
  gtk_widget_class_bind_template_child (widget_class, HdBoardColumn, box);
  gtk_widget_class_bind_template_child (widget_class, HdBoardColumn, title_label);
  gtk_widget_class_bind_template_child (widget_class, HdBoardColumn, count_label);
  gtk_widget_class_bind_template_child (widget_class, HdBoardColumn, spinner);
  gtk_widget_class_bind_template_child (widget_class, HdBoardColumn, stack);
  gtk_widget_class_bind_template_child (widget_class, HdBoardColumn, list_view);
  gtk_widget_class_bind_template_child (widget_class, HdBoardColumn, archive_button);

  gtk_widget_class_install_action (widget_class, "column.move-next", NULL, move_next_activated);
  gtk_widget_class_install_action (widget_class, "column.move-previous", NULL, move_previous_activated);
  gtk_widget_class_install_action (widget_class, "column.move-to", "i", move_to_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "column.move-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "column.move-previous", NULL);
  for (int i = 0; i < HD_N_STATUSES; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "column.move-to", "i", i);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "boardcolumn");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_board_column_init (HdBoardColumn *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->shown_count = G_MAXUINT;
  self->bound_cards = g_hash_table_new (NULL, NULL);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate), self);

  self->drop_target = gtk_drop_target_new (HD_TYPE_TICKET, GDK_ACTION_MOVE);
  gtk_drop_target_set_preload (self->drop_target, TRUE);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (self->drop_target, "notify::value", G_CALLBACK (on_drop_value), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (on_drop_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}
