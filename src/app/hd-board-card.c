/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-board-card"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-board-card.h"
#include "hd-board-card-layout.h"
#include "hd-card-text.h"
#include "hd-due-format.h"

struct _HdBoardCard
{
  GtkWidget parent_instance;

  HdConfig *config;
  HdTicket *ticket;
  gboolean show_sync;
  int rank_class;            /* index in rank_classes, -1 before the first ticket */

  GtkInscription *number_label;
  GtkWidget *escalated_icon;
  GtkWidget *sync_icon;
  GtkMenuButton *menu_button;
  GtkInscription *customer_label;
  GtkInscription *type_label;
  HdCardText *priority_label;
  HdCardText *emotion_label;
  GtkInscription *due_label;
  HdCardText *handler_label;
};

G_DEFINE_FINAL_TYPE (HdBoardCard, hd_board_card, GTK_TYPE_WIDGET)

/* The frame's class by priority rank (0 the most urgent); the pill takes
 * the same without "card-". */
static const char *rank_classes[] = {
  "card-priority-rank-0", "card-priority-rank-1", "card-priority-rank-2", "card-priority-rank-3",
};

/* Adds or removes @css_class without touching a widget already in that
 * state: a removal and a re-add recompute the style of the whole card. */
static void
set_css_class (GtkWidget  *widget,
               const char *css_class,
               gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
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

void
hd_board_card_update_due (HdBoardCard *self,
                          gint64       now)
{
  g_autofree char *due = NULL;
  g_autofree char *text = NULL;
  gboolean is_response;
  gint64 deadline;
  HdDueState state;

  g_return_if_fail (HD_IS_BOARD_CARD (self));

  if (self->ticket == NULL || (deadline = hd_board_card_get_deadline (self->ticket, &is_response)) == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->due_label), FALSE);
      set_css_class (GTK_WIDGET (self), "overdue", FALSE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  due = hd_due_format (deadline, now);
  if (is_response)
    /* Translators: a first-response countdown, %s is "in 12 min" or "overdue 2 h" */
    text = g_strdup_printf (_("Response %s"), due);
  else
    /* Translators: a resolution countdown, %s is "in 3 h" or "overdue 2 h" */
    text = g_strdup_printf (_("Resolution %s"), due);
  gtk_inscription_set_text (self->due_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->due_label), TRUE);
  /* Read after the card's name ("CS…, customer, priority, handler"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);

  state = hd_due_get_state (deadline, now);
  set_css_class (GTK_WIDGET (self->due_label), "due-soon", state == HD_DUE_SOON);
  set_css_class (GTK_WIDGET (self->due_label), "due-overdue", state == HD_DUE_OVERDUE);
  set_css_class (GTK_WIDGET (self), "overdue", state == HD_DUE_OVERDUE);
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
  int rank_class;
  const char *l1, *l2, *label, *handler, *priority;
  int rank;

  g_return_if_fail (HD_IS_BOARD_CARD (self));
  g_return_if_fail (ticket == NULL || HD_IS_TICKET (ticket));

  if (!g_set_object (&self->ticket, ticket) || ticket == NULL)
    return;

  gtk_inscription_set_text (self->number_label, hd_ticket_get_number (ticket));
  set_css_class (GTK_WIDGET (self->number_label), "provisional",
                 hd_ticket_get_number_provisional (ticket));
  if (hd_ticket_get_number_provisional (ticket))
    {
      /* No tooltips on cards: in GTK 4.8 each one costs an X round trip
       * (a pointer query) whenever a card is bound. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->number_label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Provisional number: the server assigns the final one when it syncs"), -1);
    }
  else
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->number_label),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  label = hd_ticket_get_customer_label (ticket);
  if (label == NULL || label[0] == '\0')
    label = hd_ticket_get_customer_name (ticket);
  gtk_inscription_set_text (self->customer_label, label != NULL && label[0] != '\0' ? label : _("Anonymous customer"));

  l1 = hd_ticket_get_type_l1 (ticket);
  l2 = hd_ticket_get_type_l2 (ticket);
  if (l1 != NULL)
    {
      const char *l1_label = hd_config_get_type_label (self->config, l1, NULL);
      const char *l2_label = l2 != NULL ? hd_config_get_type_label (self->config, l1, l2) : NULL;

      type = l2_label != NULL ? g_strdup_printf ("%s / %s", l1_label ? l1_label : l1, l2_label)
                              : g_strdup (l1_label ? l1_label : l1);
    }
  gtk_inscription_set_text (self->type_label, type != NULL ? type : _("Not classified"));

  priority = hd_ticket_get_priority (ticket);
  rank = priority != NULL ? hd_config_get_priority_rank (self->config, priority) : -1;
  rank_class = CLAMP (rank, 0, (int) G_N_ELEMENTS (rank_classes) - 1);
  if (rank_class != self->rank_class)
    {
      if (self->rank_class >= 0)
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->priority_label), rank_classes[self->rank_class] + 5);
          gtk_widget_remove_css_class (GTK_WIDGET (self), rank_classes[self->rank_class]);
        }
      gtk_widget_add_css_class (GTK_WIDGET (self->priority_label), rank_classes[rank_class] + 5);
      gtk_widget_add_css_class (GTK_WIDGET (self), rank_classes[rank_class]);
      self->rank_class = rank_class;
    }
  hd_card_text_set_text (self->priority_label,
                      priority != NULL && hd_config_get_priority_label (self->config, priority)
                      ? hd_config_get_priority_label (self->config, priority) : _("No priority"));

  hd_card_text_set_text (self->emotion_label, hd_emotion_get_label (hd_ticket_get_emotion (ticket)));
  gtk_widget_set_visible (GTK_WIDGET (self->emotion_label),
                          hd_ticket_get_emotion (ticket) != HD_EMOTION_CALM);
  set_css_class (GTK_WIDGET (self->emotion_label), "emotion-angry",
                 hd_ticket_get_emotion (ticket) == HD_EMOTION_ANGRY);
  set_css_class (GTK_WIDGET (self->emotion_label), "emotion-upset",
                 hd_ticket_get_emotion (ticket) != HD_EMOTION_ANGRY &&
                 hd_ticket_get_emotion (ticket) != HD_EMOTION_CALM);

  handler = hd_ticket_get_handler (ticket);
  hd_card_text_set_text (self->handler_label, handler != NULL && handler[0] != '\0' ? handler : _("Unassigned"));

  gtk_widget_set_visible (self->escalated_icon, hd_ticket_get_escalated (ticket));
  set_css_class (GTK_WIDGET (self), "escalated", hd_ticket_get_escalated (ticket));
  gtk_widget_set_visible (self->sync_icon, self->show_sync &&
                          hd_ticket_get_sync_state (ticket) == HD_SYNC_STATE_PENDING);

  /* The menu is built when opened: a popover per bound card would cost
   * more than the rest of the card. */
  gtk_menu_button_set_menu_model (self->menu_button, NULL);

  hd_board_card_update_due (self, g_get_real_time () / G_USEC_PER_SEC);

  /* Translators: how a screen reader reads a card: number, customer, priority, handler */
  accessible = g_strdup_printf (_("%s, %s, %s, %s"), hd_ticket_get_number (ticket),
                                gtk_inscription_get_text (self->customer_label),
                                hd_card_text_get_text (self->priority_label),
                                hd_card_text_get_text (self->handler_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

void
hd_board_card_set_show_sync (HdBoardCard *self,
                             gboolean     show_sync)
{
  g_return_if_fail (HD_IS_BOARD_CARD (self));

  self->show_sync = show_sync;
  if (self->ticket != NULL)
    gtk_widget_set_visible (self->sync_icon, show_sync &&
                            hd_ticket_get_sync_state (self->ticket) == HD_SYNC_STATE_PENDING);
}

HdTicket *
hd_board_card_get_ticket (HdBoardCard *self)
{
  g_return_val_if_fail (HD_IS_BOARD_CARD (self), NULL);

  return self->ticket;
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

static void
create_popup (GtkMenuButton *button,
              gpointer       user_data)
{
  HdBoardCard *self = user_data;
  g_autoptr(GMenuModel) menu = NULL;

  if (self->ticket == NULL)
    return;
  menu = build_menu (self->ticket);
  gtk_menu_button_set_menu_model (button, menu);
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

static void
hd_board_card_dispose (GObject *object)
{
  HdBoardCard *self = HD_BOARD_CARD (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->ticket);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (hd_board_card_parent_class)->dispose (object);
}

static void
hd_board_card_class_init (HdBoardCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_board_card_dispose;

  gtk_widget_class_install_action (widget_class, "card.move-to", "i", move_to_activated);
  gtk_widget_class_install_action (widget_class, "card.open", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "card.open-window", NULL, open_window_activated);

  gtk_widget_class_set_css_name (widget_class, "boardcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

/* Text whose size does not depend on it (GTK 4.8's GtkInscription): a card
 * bound to another ticket is not measured again, and its text is laid out
 * once, at the width it gets. */
static GtkInscription *
add_inscription (HdBoardCard *self,
                 const char  *css_classes[])
{
  GtkWidget *inscription = g_object_new (GTK_TYPE_INSCRIPTION, "text-overflow", GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END,
                                         "min-chars", 4, "css-classes", css_classes, NULL);

  gtk_widget_set_parent (inscription, GTK_WIDGET (self));
  return GTK_INSCRIPTION (inscription);
}

/* Text as wide as it is, laid out once per text (hd-card-text.c). */
static HdCardText *
add_text (HdBoardCard *self,
          const char  *css_classes[])
{
  GtkWidget *text = g_object_new (HD_TYPE_CARD_TEXT, "css-classes", css_classes, NULL);

  gtk_widget_set_parent (text, GTK_WIDGET (self));
  return HD_CARD_TEXT (text);
}

static GtkWidget *
add_icon (HdBoardCard *self,
          const char  *icon_name,
          const char  *css_class,
          const char  *accessible_label)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
  gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (image, css_class);
  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible_label, -1);
  gtk_widget_set_parent (image, GTK_WIDGET (self));
  return image;
}

/* Built in code, not from a template: GTK 4.8 parses a template's XML for
 * every instance, and a board creates cards whenever the cards shown change
 * (a search keystroke creates up to ~150). The parts are the card's own
 * children, in reading order, placed by HdBoardCardLayout. */
static void
build_card (HdBoardCard *self)
{
  HdBoardCardParts parts = { NULL };

  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "board-card");
  /* The priority stripe is a widget of its own, not a border of another
   * colour: GTK 4.8's cairo renderer draws a border with sides of different
   * colours one side at a time under a clip (docs/board.md). */
  parts.stripe = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (parts.stripe, "card-stripe");
  gtk_widget_set_parent (parts.stripe, GTK_WIDGET (self));

  self->number_label = add_inscription (self, (const char *[]) { "ticket-number", "caption", "card-dim", NULL });
  gtk_widget_set_valign (GTK_WIDGET (self->number_label), GTK_ALIGN_CENTER);
  parts.number = GTK_WIDGET (self->number_label);
  self->sync_icon = add_icon (self, "emblem-synchronizing-symbolic", "card-dim", _("Waiting to sync"));
  parts.top_end[0] = self->sync_icon;
  self->menu_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->menu_button, "view-more-symbolic");
  gtk_widget_set_valign (GTK_WIDGET (self->menu_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->menu_button), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self->menu_button), "circular");
  gtk_widget_add_css_class (GTK_WIDGET (self->menu_button), "card-menu");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Move Ticket"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->menu_button), GTK_WIDGET (self));
  parts.top_end[1] = GTK_WIDGET (self->menu_button);

  self->customer_label = add_inscription (self, (const char *[]) { "heading", NULL });
  self->type_label = add_inscription (self, (const char *[]) { "caption", "card-dim", NULL });
  self->due_label = add_inscription (self, (const char *[]) { "caption-heading", "numeric", "due", NULL });
  parts.lines[0] = GTK_WIDGET (self->customer_label);
  parts.lines[1] = GTK_WIDGET (self->type_label);
  parts.lines[2] = GTK_WIDGET (self->due_label);

  self->priority_label = add_text (self, (const char *[]) { "priority-pill", NULL });
  hd_card_text_set_whole (self->priority_label, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->priority_label), GTK_ALIGN_CENTER);
  self->escalated_icon = add_icon (self, "go-up-symbolic", "escalated-pill", _("Escalated"));
  self->emotion_label = add_text (self, (const char *[]) { "caption", "emotion", NULL });
  parts.bottom[0] = GTK_WIDGET (self->priority_label);
  parts.bottom[1] = self->escalated_icon;
  parts.bottom[2] = GTK_WIDGET (self->emotion_label);
  /* The handler goes to the end. */
  parts.bottom_end[0] = add_icon (self, "avatar-default-symbolic", "card-dim", NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (parts.bottom_end[0]), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  self->handler_label = add_text (self, (const char *[]) { "caption", "card-dim", NULL });
  parts.bottom_end[1] = GTK_WIDGET (self->handler_label);

  gtk_widget_set_layout_manager (GTK_WIDGET (self), hd_board_card_layout_new (&parts));
}

static void
hd_board_card_init (HdBoardCard *self)
{
  GtkDragSource *source;

  self->rank_class = -1;
  build_card (self);

  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup, self, NULL);

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
  return self;
}
