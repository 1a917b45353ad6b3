/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-board-card"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-board-card-private.h"

G_DEFINE_FINAL_TYPE (HdBoardCard, hd_board_card, GTK_TYPE_WIDGET)

/* Adds or removes @css_class on the card without touching it when already
 * in that state: a removal and a re-add restyle the card. */
static void
set_css_class (HdBoardCard *self,
               const char  *css_class,
               gboolean     on)
{
  if (on)
    gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), css_class);
}

/* Sets the text of @part; TRUE when it changed (and so may the places of
 * the parts). */
static gboolean
set_text (HdBoardCard *self,
          HdCardPart   part,
          const char  *text)
{
  if (g_strcmp0 (self->texts[part], text) == 0)
    return FALSE;
  g_free (self->texts[part]);
  self->texts[part] = g_strdup (text);
  hd_board_card_text_changed (self, part);
  return TRUE;
}

static gboolean
set_shown (HdBoardCard *self,
           HdCardPart   part,
           gboolean     shown)
{
  if (self->shown[part] == !!shown)
    return FALSE;
  self->shown[part] = !!shown;
  return TRUE;
}

/* What a screen reader reads after the card's name: the countdown first,
 * then the type, the emotion and the marks. */
static void
update_description (HdBoardCard *self)
{
  g_autoptr(GString) description = g_string_new (NULL);
  const char *parts[6];
  guint n = 0;

  if (self->shown[HD_CARD_PART_DUE])
    parts[n++] = self->texts[HD_CARD_PART_DUE];
  parts[n++] = self->texts[HD_CARD_PART_TYPE];
  if (self->shown[HD_CARD_PART_EMOTION])
    parts[n++] = self->texts[HD_CARD_PART_EMOTION];
  if (self->shown[HD_CARD_PART_ESCALATED])
    parts[n++] = _("Escalated");
  if (self->shown[HD_CARD_PART_SYNC])
    parts[n++] = _("Waiting to sync");
  if (self->provisional)
    parts[n++] = _("Provisional number: the server assigns the final one when it syncs");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        /* Translators: between the parts of a board card's description, read by screen readers */
        g_string_append (description, _(", "));
      g_string_append (description, parts[i]);
    }
  if (g_strcmp0 (self->description, description->str) == 0)
    return;
  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&description), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description, -1);
}

const char *
hd_board_card_get_description (HdBoardCard *self)
{
  g_return_val_if_fail (HD_IS_BOARD_CARD (self), NULL);

  return self->description;
}

/* Refreshes the countdown; TRUE when its text or its being shown changed. */
static gboolean
set_due (HdBoardCard *self,
         gint64       now)
{
  g_autofree char *due = NULL;
  g_autofree char *text = NULL;
  gboolean is_response, changed;
  gint64 deadline;
  HdDueState state = HD_DUE_NONE;

  if (self->ticket != NULL && (deadline = hd_board_card_get_deadline (self->ticket, &is_response)) != 0)
    {
      due = hd_due_format (deadline, now);
      if (is_response)
        /* Translators: a first-response countdown, %s is "in 12 min" or "overdue 2 h" */
        text = g_strdup_printf (_("Response %s"), due);
      else
        /* Translators: a resolution countdown, %s is "in 3 h" or "overdue 2 h" */
        text = g_strdup_printf (_("Resolution %s"), due);
      state = hd_due_get_state (deadline, now);
    }
  changed = set_shown (self, HD_CARD_PART_DUE, text != NULL);
  if (text != NULL)
    changed |= set_text (self, HD_CARD_PART_DUE, text);
  if (state != self->due_state)
    {
      self->due_state = state;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  set_css_class (self, "overdue", state == HD_DUE_OVERDUE);
  return changed;
}

void
hd_board_card_update_due (HdBoardCard *self,
                          gint64       now)
{
  g_return_if_fail (HD_IS_BOARD_CARD (self));

  if (set_due (self, now))
    {
      update_description (self);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
}

gint64
hd_board_card_get_deadline (HdTicket *ticket,
                            gboolean *is_response)
{
  HdStatus status = hd_ticket_get_status (ticket);

  *is_response = FALSE;
  if (status == HD_STATUS_PENDING && hd_ticket_get_first_response_at (ticket) == 0 &&
      hd_ticket_get_response_due (ticket) > 0)
    {
      *is_response = TRUE;
      return hd_ticket_get_response_due (ticket);
    }
  if (status == HD_STATUS_PENDING || status == HD_STATUS_IN_PROGRESS)
    return hd_ticket_get_resolution_due (ticket);
  return 0;
}

static GMenuModel *
build_menu (HdTicket *ticket)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) open = g_menu_new ();
  g_autoptr(GMenu) move = g_menu_new ();

  g_menu_append (open, _("_Open"), "card.open");
  g_menu_append (open, _("Open in New _Window"), "card.open-window");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));
  for (int status = 0; status < HD_N_STATUSES; status++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      if ((HdStatus) status == hd_ticket_get_status (ticket))
        continue;
      /* Translators: a menu item, %s is a status such as "In Progress" */
      label = g_strdup_printf (_("Move to %s"), hd_status_get_label (status));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "card.move-to", g_variant_new_int32 (status));
      g_menu_append_item (move, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (move));
  return G_MENU_MODEL (menu);
}

void
hd_board_card_set_ticket (HdBoardCard *self,
                          HdTicket    *ticket)
{
  g_autofree char *type = NULL;
  g_autofree char *accessible = NULL;
  const char *l1, *l2, *label, *handler, *priority, *priority_label;
  gboolean relayout = FALSE;
  HdEmotion emotion;
  int rank;

  g_return_if_fail (HD_IS_BOARD_CARD (self));
  g_return_if_fail (ticket == NULL || HD_IS_TICKET (ticket));

  /* Its menu was about the ticket it showed. */
  if (self->ticket != ticket && self->menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->menu));
  if (!g_set_object (&self->ticket, ticket) || ticket == NULL)
    return;

  relayout |= set_text (self, HD_CARD_PART_NUMBER, hd_ticket_get_number (ticket));
  if (self->provisional != hd_ticket_get_number_provisional (ticket))
    {
      self->provisional = hd_ticket_get_number_provisional (ticket);
      hd_board_card_font_changed (self, HD_CARD_PART_NUMBER);
      relayout = TRUE;
    }

  label = hd_ticket_get_customer_label (ticket);
  if (label == NULL || label[0] == '\0')
    label = hd_ticket_get_customer_name (ticket);
  relayout |= set_text (self, HD_CARD_PART_CUSTOMER,
                      label != NULL && label[0] != '\0' ? label : _("Anonymous customer"));

  l1 = hd_ticket_get_type_l1 (ticket);
  l2 = hd_ticket_get_type_l2 (ticket);
  if (l1 != NULL)
    {
      const char *l1_label = hd_config_get_type_label (self->config, l1, NULL);
      const char *l2_label = l2 != NULL ? hd_config_get_type_label (self->config, l1, l2) : NULL;

      type = l2_label != NULL ? g_strdup_printf ("%s / %s", l1_label ? l1_label : l1, l2_label)
                              : g_strdup (l1_label ? l1_label : l1);
    }
  relayout |= set_text (self, HD_CARD_PART_TYPE, type != NULL ? type : _("Not classified"));

  priority = hd_ticket_get_priority (ticket);
  rank = priority != NULL ? hd_config_get_priority_rank (self->config, priority) : -1;
  self->rank = CLAMP (rank, 0, 3);
  priority_label = priority != NULL ? hd_config_get_priority_label (self->config, priority) : NULL;
  relayout |= set_text (self, HD_CARD_PART_PILL, priority_label != NULL ? priority_label : _("No priority"));

  emotion = hd_ticket_get_emotion (ticket);
  self->emotion = emotion;
  relayout |= set_shown (self, HD_CARD_PART_EMOTION, emotion != HD_EMOTION_CALM);
  relayout |= set_text (self, HD_CARD_PART_EMOTION, hd_emotion_get_label (emotion));

  handler = hd_ticket_get_handler (ticket);
  relayout |= set_text (self, HD_CARD_PART_HANDLER, handler != NULL && handler[0] != '\0' ? handler : _("Unassigned"));

  relayout |= set_shown (self, HD_CARD_PART_ESCALATED, hd_ticket_get_escalated (ticket));
  relayout |= set_shown (self, HD_CARD_PART_SYNC, self->show_sync &&
                       hd_ticket_get_sync_state (ticket) == HD_SYNC_STATE_PENDING);

  relayout |= set_due (self, g_get_real_time () / G_USEC_PER_SEC);
  update_description (self);

  /* Translators: how a screen reader reads a card: number, customer, priority, handler */
  accessible = g_strdup_printf (_("%s, %s, %s, %s"), hd_ticket_get_number (ticket),
                                self->texts[HD_CARD_PART_CUSTOMER], self->texts[HD_CARD_PART_PILL],
                                self->texts[HD_CARD_PART_HANDLER]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  /* Its size stays (hd_board_card_measure): placed again, not measured. */
  if (relayout)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hd_board_card_set_show_sync (HdBoardCard *self,
                             gboolean     show_sync)
{
  g_return_if_fail (HD_IS_BOARD_CARD (self));

  self->show_sync = show_sync;
  if (self->ticket != NULL &&
      set_shown (self, HD_CARD_PART_SYNC, show_sync && hd_ticket_get_sync_state (self->ticket) == HD_SYNC_STATE_PENDING))
    {
      update_description (self);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
}

void
hd_board_card_set_countdown_line (HdBoardCard *self,
                                  gboolean     countdown_line)
{
  g_return_if_fail (HD_IS_BOARD_CARD (self));

  if (self->countdown_line == !!countdown_line)
    return;
  self->countdown_line = !!countdown_line;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

HdTicket *
hd_board_card_get_ticket (HdBoardCard *self)
{
  g_return_val_if_fail (HD_IS_BOARD_CARD (self), NULL);

  return self->ticket;
}

/* The menu, built when opened (a popover per bound card would cost more
 * than the rest of the card), pointing at @at. */
static void
popup_menu_at (HdBoardCard        *self,
               const GdkRectangle *at)
{
  g_autoptr(GMenuModel) model = NULL;

  if (self->ticket == NULL)
    return;
  model = build_menu (self->ticket);
  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
      gtk_popover_set_position (GTK_POPOVER (self->menu), GTK_POS_BOTTOM);
      g_signal_connect_swapped (self->menu, "closed", G_CALLBACK (gtk_widget_queue_draw), self);
    }
  else
    {
      gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), at);
  gtk_popover_popup (GTK_POPOVER (self->menu));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
menu_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HdBoardCard *self = HD_BOARD_CARD (widget);
  GdkRectangle button;

  hd_board_card_get_menu_button (self, &button);
  popup_menu_at (self, &button);
}

static void
move_to_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HdBoardCard *self = HD_BOARD_CARD (widget);

  if (self->ticket == NULL)
    return;
  gtk_widget_activate_action (widget, "board.move-ticket", "(si)",
                              hd_ticket_get_uuid (self->ticket), g_variant_get_int32 (parameter));
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HdBoardCard *self = HD_BOARD_CARD (widget);

  if (self->ticket != NULL)
    gtk_widget_activate_action (widget, "board.open-ticket", "s", hd_ticket_get_uuid (self->ticket));
}

static void
open_window_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HdBoardCard *self = HD_BOARD_CARD (widget);

  if (self->ticket != NULL)
    gtk_widget_activate_action (widget, "board.open-ticket-window", "s", hd_ticket_get_uuid (self->ticket));
}

static gboolean
in_menu_button (HdBoardCard *self,
                double       x,
                double       y)
{
  GdkRectangle button;

  hd_board_card_get_menu_button (self, &button);
  return gdk_rectangle_contains_point (&button, (int) x, (int) y);
}

/* The ⋮ button opens the menu; so does a right click anywhere on the card. */
static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  HdBoardCard     *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkRectangle menu_button;

  if (button == GDK_BUTTON_SECONDARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      popup_menu_at (self, &(GdkRectangle) { (int) x, (int) y, 1, 1 });
    }
  else if (button == GDK_BUTTON_PRIMARY && in_menu_button (self, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      hd_board_card_get_menu_button (self, &menu_button);
      popup_menu_at (self, &menu_button);
    }
}

static void
set_menu_hover (HdBoardCard *self,
                gboolean     hover)
{
  if (self->menu_hover == hover)
    return;
  self->menu_hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           HdBoardCard              *self)
{
  set_menu_hover (self, in_menu_button (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          HdBoardCard              *self)
{
  set_menu_hover (self, FALSE);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 HdBoardCard   *self)
{
  if (self->ticket == NULL)
    return NULL;
  /* The model object, never the widget: the row is recycled while dragging. */
  return gdk_content_provider_new_typed (HD_TYPE_TICKET, self->ticket);
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               HdBoardCard   *self)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, icon, 16, 16);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dragging");
}

static void
on_drag_end (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             HdBoardCard   *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragging");
}

static gboolean
on_drag_cancel (GtkDragSource       *source,
                GdkDrag             *drag,
                GdkDragCancelReason  reason,
                HdBoardCard         *self)
{
  /* Nothing moved: the card stays where the store says it is. */
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragging");
  return FALSE;
}

static GtkSizeRequestMode
hd_board_card_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
hd_board_card_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  HdCardPartSize sizes[HD_N_CARD_PARTS];

  /* Neither size depends on the ticket: a rebound card is placed again
   * (gtk_widget_queue_allocate), not measured, and the window does not
   * compute its size again — each time a few round trips to the X server. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      hd_board_card_get_width_request (HD_BOARD_CARD (widget), minimum);
      *natural = *minimum;
    }
  else
    {
      hd_board_card_get_part_sizes (HD_BOARD_CARD (widget), sizes);
      *minimum = *natural = hd_board_card_layout_measure_height (sizes);
    }
}

static void
hd_board_card_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  HdBoardCard *self = HD_BOARD_CARD (widget);
  HdCardPartSize sizes[HD_N_CARD_PARTS];

  hd_board_card_get_part_sizes (self, sizes);
  hd_board_card_layout_place (sizes, width, height, gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL,
                              self->places);
  hd_board_card_fit_texts (self);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
hd_board_card_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  HdBoardCard *self = HD_BOARD_CARD (widget);

  hd_board_card_paint (self, snapshot);
  if (self->menu != NULL)
    gtk_widget_snapshot_child (widget, self->menu, snapshot);
}

static void
hd_board_card_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hd_board_card_parent_class)->css_changed (widget, change);
  hd_board_card_style_changed (HD_BOARD_CARD (widget));
}

static void
hd_board_card_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (hd_board_card_parent_class)->direction_changed (widget, previous);
  hd_board_card_style_changed (HD_BOARD_CARD (widget));
}

static void
hd_board_card_system_setting_changed (GtkWidget        *widget,
                                      GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (hd_board_card_parent_class)->system_setting_changed (widget, setting);
  hd_board_card_style_changed (HD_BOARD_CARD (widget));
}

static void
hd_board_card_dispose (GObject *object)
{
  HdBoardCard *self = HD_BOARD_CARD (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  hd_board_card_paint_dispose (self);
  g_clear_object (&self->ticket);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (hd_board_card_parent_class)->dispose (object);
}

static void
hd_board_card_finalize (GObject *object)
{
  HdBoardCard *self = HD_BOARD_CARD (object);

  for (guint part = 0; part < HD_N_CARD_PARTS; part++)
    g_free (self->texts[part]);
  g_free (self->description);

  G_OBJECT_CLASS (hd_board_card_parent_class)->finalize (object);
}

static void
hd_board_card_class_init (HdBoardCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_board_card_dispose;
  object_class->finalize = hd_board_card_finalize;
  widget_class->get_request_mode = hd_board_card_get_request_mode;
  widget_class->measure = hd_board_card_measure;
  widget_class->size_allocate = hd_board_card_size_allocate;
  widget_class->snapshot = hd_board_card_snapshot;
  widget_class->css_changed = hd_board_card_css_changed;
  widget_class->direction_changed = hd_board_card_direction_changed;
  widget_class->system_setting_changed = hd_board_card_system_setting_changed;

  gtk_widget_class_install_action (widget_class, "card.menu", NULL, menu_activated);
  gtk_widget_class_install_action (widget_class, "card.move-to", "i", move_to_activated);
  gtk_widget_class_install_action (widget_class, "card.open", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "card.open-window", NULL, open_window_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "card.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "card.menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "boardcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

static void
hd_board_card_init (HdBoardCard *self)
{
  static const HdCardPart always_shown[] = {
    HD_CARD_PART_STRIPE, HD_CARD_PART_NUMBER, HD_CARD_PART_MENU, HD_CARD_PART_CUSTOMER, HD_CARD_PART_TYPE,
    HD_CARD_PART_PILL, HD_CARD_PART_AVATAR, HD_CARD_PART_HANDLER,
  };
  GtkDragSource *source;
  GtkGesture *click;
  GtkEventController *motion;

  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "board-card");
  for (guint i = 0; i < G_N_ELEMENTS (always_shown); i++)
    self->shown[always_shown[i]] = TRUE;
  for (guint part = 0; part < HD_N_CARD_PARTS; part++)
    self->text_widths[part] = -1;
  self->rank = 3;

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), self);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (source, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (source, "drag-cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));
}

HdBoardCard *
hd_board_card_new (HdConfig *config)
{
  HdBoardCard *self;

  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  self = g_object_new (HD_TYPE_BOARD_CARD, NULL);
  self->config = g_object_ref (config);
  self->show_sync = TRUE;
  self->countdown_line = TRUE;
  return self;
}
