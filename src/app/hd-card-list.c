/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-card-list"

#include "config.h"

#include "hd-card-list-private.h"

/* At most this many layout rounds per allocation: a round binds the cards
 * in view, measures them, and repeats when the row height grew. */
#define MAX_LAYOUT_ROUNDS 3

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum { SIGNAL_ACTIVATE, N_SIGNALS };
static guint signals[N_SIGNALS];

static GQuark item_quark;

G_DEFINE_FINAL_TYPE_WITH_CODE (HdCardList, hd_card_list, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static gpointer
card_get_item (GtkWidget *card)
{
  return g_object_get_qdata (G_OBJECT (card), item_quark);
}

static void
card_bind (HdCardList *self,
           GtkWidget  *card,
           gpointer    item)      /* transfer full, or NULL */
{
  self->bind_func (card, item, self->user_data);
  g_object_set_qdata_full (G_OBJECT (card), item_quark, item, item != NULL ? g_object_unref : NULL);
}

static void
update_selected_states (HdCardList *self)
{
  for (guint i = 0; i < self->shown->len; i++)
    {
      GtkWidget *card = g_ptr_array_index (self->shown, i);

      if (gtk_selection_model_is_selected (self->model, self->first + i))
        gtk_widget_set_state_flags (card, GTK_STATE_FLAG_SELECTED, FALSE);
      else
        gtk_widget_unset_state_flags (card, GTK_STATE_FLAG_SELECTED);
    }
}

static GtkWidget *
take_spare_card (HdCardList *self)
{
  GtkWidget *card;

  if (self->spare->len > 0)
    {
      card = g_ptr_array_steal_index_fast (self->spare, self->spare->len - 1);
      gtk_widget_set_child_visible (card, TRUE);
      gtk_accessible_update_state (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE, -1);
      return card;
    }
  card = self->create_func (self->user_data);
  gtk_widget_set_focusable (card, TRUE);
  gtk_widget_set_parent (card, GTK_WIDGET (self));
  return card;
}

/* Binds cards to the positions first … first + count - 1: a card keeps its
 * item when the item is still in view; the others are rebound. */
static void
show_range (HdCardList *self,
            guint       first,
            guint       count)
{
  g_autoptr(GHashTable) by_item = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) next = g_ptr_array_new ();
  g_autoptr(GPtrArray) leaving = g_ptr_array_new ();
  g_autofree gpointer *items = g_new0 (gpointer, MAX (count, 1));
  GtkWidget *previous = NULL;
  guint reused = 0;

  for (guint i = 0; i < self->shown->len; i++)
    {
      GtkWidget *card = g_ptr_array_index (self->shown, i);
      g_hash_table_insert (by_item, card_get_item (card), card);
    }

  g_ptr_array_set_size (next, count);
  for (guint i = 0; i < count; i++)
    {
      GtkWidget *card;

      items[i] = g_list_model_get_item (G_LIST_MODEL (self->model), first + i);
      if (items[i] != NULL && (card = g_hash_table_lookup (by_item, items[i])) != NULL &&
          g_hash_table_add (kept, card))
        {
          next->pdata[i] = card;
          g_clear_object (&items[i]);
        }
    }
  for (guint i = 0; i < self->shown->len; i++)
    if (!g_hash_table_contains (kept, g_ptr_array_index (self->shown, i)))
      g_ptr_array_add (leaving, g_ptr_array_index (self->shown, i));

  /* The cards whose items left the view show the new ones first. */
  for (guint i = 0; i < count; i++)
    {
      GtkWidget *card;

      if (next->pdata[i] != NULL || items[i] == NULL)
        continue;
      card = reused < leaving->len ? g_ptr_array_index (leaving, reused++) : take_spare_card (self);
      hd_card_list_release_focus (self, card);
      card_bind (self, card, g_steal_pointer (&items[i]));
      next->pdata[i] = card;
    }
  for (guint i = reused; i < leaving->len; i++)
    {
      GtkWidget *card = g_ptr_array_index (leaving, i);

      hd_card_list_release_focus (self, card);
      card_bind (self, card, NULL);
      gtk_widget_unset_state_flags (card, GTK_STATE_FLAG_SELECTED);
      gtk_widget_set_child_visible (card, FALSE);
      /* Out of view: not read by screen readers either. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      g_ptr_array_add (self->spare, card);
    }

  /* A model shorter than it said leaves holes; close them. */
  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; i < count; i++)
    if (next->pdata[i] != NULL)
      {
        g_ptr_array_add (self->shown, next->pdata[i]);
        /* In reading order, for screen readers and focus. */
        gtk_widget_insert_after (next->pdata[i], GTK_WIDGET (self), previous);
        previous = next->pdata[i];
      }
  self->first = first;
  update_selected_states (self);
}

static void
visible_range (HdCardList *self,
               double      value,
               int         height,
               guint      *first,
               guint      *count)
{
  guint last;

  if (self->n_items == 0 || height <= 0)
    {
      *first = 0;
      *count = 0;
      return;
    }
  if (self->row_height <= 0)
    {
      /* Nothing measured yet: one card tells the height. */
      *first = 0;
      *count = 1;
      return;
    }
  *first = MIN ((guint) (MAX (value, 0) / self->row_height), self->n_items - 1);
  last = (guint) ((MAX (value, 0) + height + self->row_height - 1) / self->row_height);
  *count = MIN (last, self->n_items) - *first;
}

static double
clamp_value (HdCardList *self,
             double      value,
             int         height)
{
  double upper = (double) self->n_items * self->row_height;

  return CLAMP (value, 0, MAX (upper - height, 0));
}

/* Binds the cards in view at @value (clamped), unless they already are. */
static void
show_visible (HdCardList *self,
              double      value,
              int         height)
{
  guint first, count;

  visible_range (self, clamp_value (self, value, height), height, &first, &count);
  if (self->dirty || first != self->first || count != self->shown->len)
    show_range (self, first, count);
  self->dirty = FALSE;
}

static void
hd_card_list_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  HdCardList *self = HD_CARD_LIST (widget);
  double value = self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
  double upper;

  if (self->has_pending_value)
    value = self->pending_value;
  self->has_pending_value = FALSE;

  self->in_allocate = TRUE;
  if (width != self->measured_width)
    {
      self->measured_width = width;
      self->row_height = 0;
    }

  for (int round = 0; round < MAX_LAYOUT_ROUNDS; round++)
    {
      int tallest = self->row_height;

      value = clamp_value (self, value, height);
      show_visible (self, value, height);

      for (guint i = 0; i < self->shown->len; i++)
        {
          GtkWidget *card = g_ptr_array_index (self->shown, i);
          int min, nat;

          /* A card of constant size is not asked about a width: GTK would
           * first measure its width, every part of it (HdBoardCardLayout). */
          gtk_widget_measure (card, GTK_ORIENTATION_VERTICAL,
                              gtk_widget_get_request_mode (card) == GTK_SIZE_REQUEST_CONSTANT_SIZE ? -1 : width,
                              &min, &nat, NULL, NULL);
          tallest = MAX (tallest, MAX (min, nat));
        }
      if (tallest == self->row_height)
        break;
      self->row_height = tallest;
    }

  for (guint i = 0; i < self->shown->len; i++)
    {
      GtkAllocation allocation = {
        .x = 0,
        .y = (int) ((double) (self->first + i) * self->row_height - value),
        .width = width,
        .height = self->row_height,
      };

      gtk_widget_size_allocate (g_ptr_array_index (self->shown, i), &allocation, -1);
    }

  upper = (double) self->n_items * self->row_height;
  if (self->vadjustment != NULL)
    gtk_adjustment_configure (self->vadjustment, value, 0, MAX (upper, height),
                              MAX (self->row_height / 3, 1), height * 0.9, height);
  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment, 0, 0, width, width * 0.1, width * 0.9, width);
  self->in_allocate = FALSE;
}

static void
hd_card_list_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  HdCardList *self = HD_CARD_LIST (widget);
  GtkWidget *card = self->shown->len > 0 ? g_ptr_array_index (self->shown, 0)
                  : self->spare->len > 0 ? g_ptr_array_index (self->spare, 0) : NULL;

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (card != NULL)
        gtk_widget_measure (card, orientation, -1, minimum, natural, NULL, NULL);
    }
  else
    *natural = (int) MIN ((gint64) self->n_items * self->row_height, G_MAXINT / 2);
}

/* Scrolling -------------------------------------------------------------------- */

static void
on_adjustment_value_changed (GtkAdjustment *adjustment,
                             HdCardList    *self)
{
  if (self->in_allocate)
    return;
  /* Scrolled by the user or hd_card_list_scroll_to(): that position wins. */
  self->has_pending_value = FALSE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_adjustment (HdCardList     *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (*slot == adjustment && adjustment != NULL)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, on_adjustment_value_changed, self);
      g_clear_object (slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* Scrolls the least that shows @position whole, and binds the cards in
 * view at once (the focus needs the card before the next frame). */
void
hd_card_list_scroll_to (HdCardList *self,
                        guint       position)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double value, top, bottom;

  if (self->row_height <= 0 || self->vadjustment == NULL)
    return;
  value = gtk_adjustment_get_value (self->vadjustment);
  top = (double) position * self->row_height;
  bottom = top + self->row_height;
  if (top < value)
    value = top;
  else if (bottom > value + height)
    value = bottom - height;
  value = clamp_value (self, value, height);
  gtk_adjustment_set_value (self->vadjustment, value);
  show_visible (self, value, height);
}

/* Model ------------------------------------------------------------------------ */

/* Rebinds the cards in view now, at the height and position the next
 * allocation will use, rather than in it: a card bound during the layout
 * phase changes its style classes after GTK validated the styles of that
 * frame, so it was painted in its previous ticket's colours and every
 * keystroke cost a second frame to restyle and paint the cards again. */
static void
bind_before_layout (HdCardList *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double value;

  if (self->row_height <= 0 || height <= 0 || self->vadjustment == NULL ||
      gtk_widget_get_width (GTK_WIDGET (self)) != self->measured_width)
    return;
  value = self->has_pending_value ? self->pending_value : gtk_adjustment_get_value (self->vadjustment);
  show_visible (self, value, height);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  HdCardList *self)
{
  guint before = self->n_items;

  /* Where the view goes: the items it showed stay in view when the change
   * is above them; when the item at its top went away, it shows where the
   * change starts (a new search starts at the top). A view at the very top
   * stays there: it shows what arrives first, and an empty list has no
   * item to keep in view. */
  if (self->row_height > 0 && self->vadjustment != NULL)
    {
      double value = self->has_pending_value ? self->pending_value
                                             : gtk_adjustment_get_value (self->vadjustment);

      if (value <= 0)
        value = 0;
      else
        {
          guint top = (guint) (value / self->row_height);
          double offset = value - (double) top * self->row_height;

          if (top >= position + removed)
            value = ((double) top + added - removed) * self->row_height + offset;
          else if (top >= position)
            value = (double) position * self->row_height;
        }
      self->pending_value = value;
      self->has_pending_value = TRUE;
    }

  self->n_items = g_list_model_get_n_items (model);
  if (self->cursor != G_MAXUINT && self->cursor >= position)
    {
      if (self->cursor >= position + removed)
        self->cursor = self->cursor + added - removed;
      else
        self->cursor = MIN (position, self->n_items > 0 ? self->n_items - 1 : 0);
    }
  self->dirty = TRUE;
  bind_before_layout (self);
  if (before != self->n_items)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      HdCardList        *self)
{
  update_selected_states (self);
}

void
hd_card_list_set_model (HdCardList        *self,
                        GtkSelectionModel *model)
{
  g_return_if_fail (HD_IS_CARD_LIST (self));
  g_return_if_fail (model == NULL || GTK_IS_SELECTION_MODEL (model));
  g_return_if_fail (model == NULL || self->create_func != NULL);

  if (self->model == model)
    return;
  if (self->model != NULL)
    {
      show_range (self, 0, 0);
      g_signal_handlers_disconnect_by_data (self->model, self);
      g_clear_object (&self->model);
    }
  self->n_items = 0;
  self->cursor = G_MAXUINT;
  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
      g_signal_connect (model, "selection-changed", G_CALLBACK (on_selection_changed), self);
    }
  self->dirty = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
hd_card_list_emit_activate (HdCardList *self,
                            guint       position)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0, position);
}

/* Object ----------------------------------------------------------------------- */

GtkWidget *
hd_card_list_get_card (HdCardList *self,
                       guint       position)
{
  g_return_val_if_fail (HD_IS_CARD_LIST (self), NULL);

  if (position < self->first || position - self->first >= self->shown->len)
    return NULL;
  return g_ptr_array_index (self->shown, position - self->first);
}

guint
hd_card_list_get_n_cards (HdCardList *self)
{
  g_return_val_if_fail (HD_IS_CARD_LIST (self), 0);

  return self->shown->len + self->spare->len;
}

GtkSelectionModel *
hd_card_list_get_model (HdCardList *self)
{
  g_return_val_if_fail (HD_IS_CARD_LIST (self), NULL);

  return self->model;
}

void
hd_card_list_set_factory (HdCardList           *self,
                          HdCardListCreateFunc  create_func,
                          HdCardListBindFunc    bind_func,
                          gpointer              user_data)
{
  g_return_if_fail (HD_IS_CARD_LIST (self));
  g_return_if_fail (self->shown->len == 0 && self->spare->len == 0);

  self->create_func = create_func;
  self->bind_func = bind_func;
  self->user_data = user_data;
}

HdCardList *
hd_card_list_new (void)
{
  return g_object_new (HD_TYPE_CARD_LIST, NULL);
}

static void
hd_card_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HdCardList *self = HD_CARD_LIST (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_card_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HdCardList *self = HD_CARD_LIST (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_card_list_dispose (GObject *object)
{
  HdCardList *self = HD_CARD_LIST (object);

  g_clear_handle_id (&self->refocus_id, g_source_remove);
  self->stale_focus = NULL;
  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      g_clear_object (&self->model);
    }
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    {
      g_object_set_qdata (G_OBJECT (child), item_quark, NULL);
      gtk_widget_unparent (child);
    }
  if (self->shown != NULL)
    g_ptr_array_set_size (self->shown, 0);
  if (self->spare != NULL)
    g_ptr_array_set_size (self->spare, 0);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (hd_card_list_parent_class)->dispose (object);
}

static void
hd_card_list_finalize (GObject *object)
{
  HdCardList *self = HD_CARD_LIST (object);

  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->spare);
  G_OBJECT_CLASS (hd_card_list_parent_class)->finalize (object);
}

static void
hd_card_list_class_init (HdCardListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = hd_card_list_get_property;
  object_class->set_property = hd_card_list_set_property;
  object_class->dispose = hd_card_list_dispose;
  object_class->finalize = hd_card_list_finalize;

  widget_class->measure = hd_card_list_measure;
  widget_class->size_allocate = hd_card_list_size_allocate;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * HdCardList::activate:
   * @position: the position of the card
   *
   * A card was double-clicked, or Enter was pressed on it.
   */
  signals[SIGNAL_ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  hd_card_list_class_init_keys (widget_class);

  gtk_widget_class_set_css_name (widget_class, "cardlist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);

  item_quark = g_quark_from_static_string ("hd-card-list-item");
}

static void
hd_card_list_init (HdCardList *self)
{
  self->shown = g_ptr_array_new ();
  self->spare = g_ptr_array_new ();
  self->cursor = G_MAXUINT;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  hd_card_list_init_keys (self);

  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
}
