/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HdCardList: the keyboard, the pointer and the focus (hd-card-list.c has
 * the cards, the scrolling and the model). */
#define G_LOG_DOMAIN "hd-card-list"

#include "config.h"

#include "hd-card-list-private.h"

static gboolean
has_focus_within (GtkWidget *card)
{
  GtkRoot *root = gtk_widget_get_root (card);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == card || gtk_widget_is_ancestor (focus, card));
}

static gboolean
refocus_cb (gpointer user_data)
{
  HdCardList *self = user_data;

  self->refocus_id = 0;
  if (self->stale_focus != NULL && has_focus_within (self->stale_focus))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  self->stale_focus = NULL;
  return G_SOURCE_REMOVE;
}

/* @card had the focus and goes to another item or out of view: the focus
 * goes to the list. Not during an allocation: a focus change restyles the
 * ancestors (:focus-within) and queues their resize while GTK lays them
 * out, so it waits for an idle. */
void
hd_card_list_release_focus (HdCardList *self,
                            GtkWidget  *card)
{
  if (!has_focus_within (card))
    return;
  if (!self->in_allocate)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self));
      return;
    }
  self->stale_focus = card;
  if (self->refocus_id == 0)
    self->refocus_id = g_idle_add (refocus_cb, self);
}

void
hd_card_list_focus_position (HdCardList *self,
                             guint       position)
{
  GtkWidget *card;

  g_return_if_fail (HD_IS_CARD_LIST (self));

  if (self->model == NULL || position >= self->n_items)
    return;
  self->cursor = position;
  gtk_selection_model_select_item (self->model, position, TRUE);
  hd_card_list_scroll_to (self, position);
  card = hd_card_list_get_card (self, position);
  if (card != NULL)
    gtk_widget_grab_focus (card);
}

static void
move_cursor (GtkWidget  *widget,
             const char *action_name,
             GVariant   *args)
{
  HdCardList *self = HD_CARD_LIST (widget);
  int amount, unit;
  gint64 target;
  guint page_rows;

  if (self->n_items == 0)
    return;
  g_variant_get (args, "(ii)", &amount, &unit);
  page_rows = self->row_height > 0 ? MAX (gtk_widget_get_height (widget) / self->row_height, 1) : 1;
  target = self->cursor < self->n_items ? self->cursor : 0;
  if (unit == UNIT_ENDS)
    target = amount < 0 ? 0 : (gint64) self->n_items - 1;
  else
    target += (gint64) amount * (unit == UNIT_PAGES ? page_rows : 1);
  hd_card_list_focus_position (self, (guint) CLAMP (target, 0, (gint64) self->n_items - 1));
}

static void
activate_cursor (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *args)
{
  HdCardList *self = HD_CARD_LIST (widget);

  if (self->cursor < self->n_items)
    hd_card_list_emit_activate (self, self->cursor);
}

static int
position_of_card (HdCardList *self,
                  GtkWidget  *card)
{
  guint index;

  if (card == NULL || !g_ptr_array_find (self->shown, card, &index))
    return -1;
  return (int) (self->first + index);
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  HdCardList      *self)
{
  GtkWidget *child = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  int position;

  while (child != NULL && gtk_widget_get_parent (child) != GTK_WIDGET (self))
    child = gtk_widget_get_parent (child);
  if ((position = position_of_card (self, child)) < 0)
    return;
  if (n_press == 2)
    hd_card_list_emit_activate (self, (guint) position);
  else
    hd_card_list_focus_position (self, (guint) position);
}

static gboolean
hd_card_list_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  HdCardList *self = HD_CARD_LIST (widget);
  GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
  guint position;

  if (focus_child != NULL)
    return gtk_widget_child_focus (focus_child, direction);
  if (gtk_widget_is_focus (widget) || self->n_items == 0)
    return FALSE;

  /* Coming in: to the card the keyboard was on, else the selected one. */
  position = self->cursor;
  if (position >= self->n_items)
    {
      g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (self->model);

      position = gtk_bitset_is_empty (selected) ? 0 : gtk_bitset_get_minimum (selected);
      position = MIN (position, self->n_items - 1);
    }
  hd_card_list_focus_position (self, position);
  return TRUE;
}

static void
hd_card_list_set_focus_child (GtkWidget *widget,
                              GtkWidget *child)
{
  HdCardList *self = HD_CARD_LIST (widget);
  int position = position_of_card (self, child);

  GTK_WIDGET_CLASS (g_type_class_peek_parent (GTK_WIDGET_GET_CLASS (widget)))->set_focus_child (widget, child);
  if (position >= 0)
    self->cursor = (guint) position;
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           keyval,
                  guint           keypad_keyval,
                  int             amount,
                  int             unit)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, "list.move-cursor", "(ii)", amount, unit);
  gtk_widget_class_add_binding_action (widget_class, keypad_keyval, 0, "list.move-cursor", "(ii)", amount, unit);
}

void
hd_card_list_class_init_keys (GtkWidgetClass *widget_class)
{
  widget_class->focus = hd_card_list_focus;
  widget_class->set_focus_child = hd_card_list_set_focus_child;

  gtk_widget_class_install_action (widget_class, "list.move-cursor", "(ii)", move_cursor);
  gtk_widget_class_install_action (widget_class, "list.activate-cursor", NULL, activate_cursor);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, -1, UNIT_ROWS);
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 1, UNIT_ROWS);
  add_move_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, -1, UNIT_PAGES);
  add_move_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, 1, UNIT_PAGES);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, -1, UNIT_ENDS);
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, 1, UNIT_ENDS);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "list.activate-cursor", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0, "list.activate-cursor", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "list.activate-cursor", NULL);
}

void
hd_card_list_init_keys (HdCardList *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
