/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HdCardList under Xvfb: only the cards in view exist, they follow
 * scrolling and model changes by rebinding (a card keeps an item that stays
 * in view), and the keyboard moves the selection and the focus. */

#include "config.h"

#include <gtk/gtk.h>

#include "hd-card-list.h"
#include "hd-test-ui.h"

#define ROW_HEIGHT 40
#define VIEW_HEIGHT 400
#define N_ITEMS 100000

typedef struct
{
  GtkWindow *window;
  HdCardList *list;
  GListStore *store;
  GtkSingleSelection *selection;
  guint created;
  guint bound;
  int activated;
} Fixture;

static GtkWidget *
create_card (gpointer user_data)
{
  Fixture *f = user_data;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  /* A box, as cards are: a GtkLabel takes the focus only when selectable. */
  f->created++;
  gtk_widget_set_size_request (card, -1, ROW_HEIGHT);
  gtk_box_append (GTK_BOX (card), gtk_label_new (NULL));
  return card;
}

static void
bind_card (GtkWidget *card,
           gpointer   item,
           gpointer   user_data)
{
  Fixture *f = user_data;

  if (item != NULL)
    f->bound++;
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (card)), item != NULL ? gtk_string_object_get_string (item) : "");
}

static void
on_activate (HdCardList *list,
             guint       position,
             Fixture    *f)
{
  f->activated = (int) position;
}

static void
fill (GListStore *store,
      guint       n,
      const char *prefix)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s %u", prefix, i);
      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
}

static const char *
card_text (Fixture *f,
           guint    position)
{
  GtkWidget *card = hd_card_list_get_card (f->list, position);

  return card != NULL ? gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (card))) : NULL;
}

/* Every card in view shows its own item, at its own place. */
static void
assert_cards_match (Fixture *f)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->list));
  guint first = (guint) (gtk_adjustment_get_value (vadj) / ROW_HEIGHT);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  for (guint p = first; p < MIN (first + VIEW_HEIGHT / ROW_HEIGHT, n); p++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (f->store), p);
      GtkWidget *card = hd_card_list_get_card (f->list, p);
      graphene_rect_t bounds;

      g_assert_nonnull (card);
      g_assert_cmpstr (card_text (f, p), ==, gtk_string_object_get_string (item));
      g_assert_true (gtk_widget_compute_bounds (card, GTK_WIDGET (f->list), &bounds));
      g_assert_cmpfloat_with_epsilon (bounds.origin.y, p * ROW_HEIGHT - gtk_adjustment_get_value (vadj), 0.5);
    }
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Until a frame was laid out and painted. */
static void
wait_for_layout (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (f->list));
  HD_TEST_WAIT_FOR (painted);
  g_signal_handler_disconnect (clock, id);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  f->activated = -1;
  f->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  fill (f->store, N_ITEMS, "item");
  f->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (f->store)));
  gtk_single_selection_set_autoselect (f->selection, FALSE);
  gtk_single_selection_set_can_unselect (f->selection, TRUE);

  f->list = hd_card_list_new ();
  hd_card_list_set_factory (f->list, create_card, bind_card, f);
  hd_card_list_set_model (f->list, GTK_SELECTION_MODEL (f->selection));
  g_signal_connect (f->list, "activate", G_CALLBACK (on_activate), f);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_EXTERNAL);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 300, VIEW_HEIGHT);
  gtk_window_set_child (f->window, scrolled);
  gtk_window_present (f->window);
  HD_TEST_WAIT_FOR (hd_card_list_get_card (f->list, 0) != NULL &&
                    gtk_widget_get_height (GTK_WIDGET (f->list)) == VIEW_HEIGHT);
  wait_for_layout (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  hd_test_drain_main_loop ();
  g_clear_object (&f->selection);
  g_clear_object (&f->store);
}

static void
test_only_cards_in_view (Fixture *f, gconstpointer data)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->list));
  guint created;

  /* 10 rows fit: 100 000 items, ten cards (plus the one that measured). */
  g_assert_cmpuint (hd_card_list_get_n_cards (f->list), <=, VIEW_HEIGHT / ROW_HEIGHT + 1);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), ==, (double) N_ITEMS * ROW_HEIGHT);
  assert_cards_match (f);
  g_assert_null (hd_card_list_get_card (f->list, VIEW_HEIGHT / ROW_HEIGHT + 1));

  /* Scrolling far rebinds the same cards. */
  created = f->created;
  gtk_adjustment_set_value (vadj, 5000.0 * ROW_HEIGHT + ROW_HEIGHT / 2);
  wait_for_layout (f);
  assert_cards_match (f);
  g_assert_cmpstr (card_text (f, 5000), ==, "item 5000");
  g_assert_cmpuint (f->created, <=, created + 1);

  /* To the end: the value stops at the last page. */
  gtk_adjustment_set_value (vadj, (double) N_ITEMS * ROW_HEIGHT);
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, (double) N_ITEMS * ROW_HEIGHT - VIEW_HEIGHT);
  g_assert_cmpstr (card_text (f, N_ITEMS - 1), ==, "item 99999");
  assert_cards_match (f);
  g_assert_cmpuint (hd_card_list_get_n_cards (f->list), <=, VIEW_HEIGHT / ROW_HEIGHT + 2);
}

static void
test_model_changes (Fixture *f, gconstpointer data)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->list));
  g_autoptr(GtkStringObject) inserted = gtk_string_object_new ("new");
  GtkWidget *card3 = hd_card_list_get_card (f->list, 3);
  guint bound = f->bound;

  /* An item inserted above: the cards of items still in view stay theirs;
   * only the new item and the one pushed into view are bound. */
  g_list_store_insert (f->store, 2, inserted);
  wait_for_layout (f);
  assert_cards_match (f);
  g_assert_true (hd_card_list_get_card (f->list, 4) == card3);
  g_assert_cmpstr (card_text (f, 2), ==, "new");
  g_assert_cmpuint (f->bound - bound, <=, 2);

  /* Scrolled down, an item inserted above the view: the same items stay
   * where they were on screen. */
  gtk_adjustment_set_value (vadj, 300.0 * ROW_HEIGHT + 10);
  wait_for_layout (f);
  card3 = hd_card_list_get_card (f->list, 301);
  g_list_store_remove (f->store, 0);
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 299.0 * ROW_HEIGHT + 10);
  g_assert_true (hd_card_list_get_card (f->list, 300) == card3);
  assert_cards_match (f);

  /* Everything replaced (a new search): the view starts at the top, and
   * the cards are reused. */
  fill (f->store, 15, "other");
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);
  assert_cards_match (f);
  g_assert_cmpstr (card_text (f, 0), ==, "other 0");
  g_assert_cmpuint (hd_card_list_get_n_cards (f->list), <=, VIEW_HEIGHT / ROW_HEIGHT + 2);

  /* Scrolled to the end of fewer items than a change removes below the
   * top: the position comes back within them. */
  gtk_adjustment_set_value (vadj, 5.0 * ROW_HEIGHT);
  wait_for_layout (f);
  g_list_store_splice (f->store, 10, 5, NULL, 0);
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);
  g_assert_cmpstr (card_text (f, 9), ==, "other 9");

  /* Empty: no card shown, none left visible. */
  g_list_store_remove_all (f->store);
  wait_for_layout (f);
  g_assert_null (hd_card_list_get_card (f->list, 0));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_assert_false (gtk_widget_get_mapped (child));

  /* Filled again the way a ticket list announces a new search (its first
   * page, then the rest after it): the view stays at the top. */
  {
    g_autoptr(GListStore) later = g_list_store_new (GTK_TYPE_STRING_OBJECT);

    fill (later, 200, "found");
    for (guint i = 0; i < 200; i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (later), i);
        g_list_store_append (f->store, item);
      }
  }
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);
  g_assert_cmpstr (card_text (f, 0), ==, "found 0");
  assert_cards_match (f);

  /* At the top, a ticket arriving first is shown, the others move down. */
  card3 = hd_card_list_get_card (f->list, 3);
  g_list_store_insert (f->store, 0, inserted);
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);
  g_assert_cmpstr (card_text (f, 0), ==, "new");
  g_assert_true (hd_card_list_get_card (f->list, 4) == card3);
  assert_cards_match (f);
}

/* A model change binds the cards in view at once, before the frame lays
 * them out: a card bound during the layout phase would be painted with the
 * style of its previous item (its classes changed after GTK validated the
 * frame's styles) and restyled a frame later. */
static void
test_bind_before_layout (Fixture *f, gconstpointer data)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->list));
  guint bound = f->bound;

  fill (f->store, 50, "searched");
  /* No main loop iteration, no frame yet. */
  g_assert_cmpuint (f->bound - bound, >=, VIEW_HEIGHT / ROW_HEIGHT);
  g_assert_cmpstr (card_text (f, 0), ==, "searched 0");
  g_assert_cmpstr (card_text (f, VIEW_HEIGHT / ROW_HEIGHT - 1), ==, "searched 9");
  wait_for_layout (f);
  assert_cards_match (f);

  /* Scrolled down, then a change above the view: bound where the view
   * will be, at once. */
  gtk_adjustment_set_value (vadj, 20.0 * ROW_HEIGHT);
  wait_for_layout (f);
  g_list_store_remove (f->store, 0);
  g_assert_cmpstr (card_text (f, 19), ==, "searched 20");
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 19.0 * ROW_HEIGHT);
  assert_cards_match (f);
}

static void
test_keyboard (Fixture *f, gconstpointer data)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->list));
  GtkWidget *card;

  /* Tab into the list: the first card takes the focus and the selection. */
  gtk_window_set_focus (f->window, NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == hd_card_list_get_card (f->list, 0));
  g_assert_cmpuint (gtk_single_selection_get_selected (f->selection), ==, 0);

  /* Down: the next card. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->list), "list.move-cursor", "(ii)", 1, 0));
  card = hd_card_list_get_card (f->list, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (f->selection), ==, 1);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == card);
  g_assert_true (gtk_widget_get_state_flags (card) & GTK_STATE_FLAG_SELECTED);
  g_assert_false (gtk_widget_get_state_flags (hd_card_list_get_card (f->list, 0)) & GTK_STATE_FLAG_SELECTED);

  /* Page Down: a page further, scrolled into view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->list), "list.move-cursor", "(ii)", 1, 1));
  g_assert_cmpuint (gtk_single_selection_get_selected (f->selection), ==, 1 + VIEW_HEIGHT / ROW_HEIGHT);
  wait_for_layout (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, 0);
  assert_cards_match (f);

  /* End, then Enter. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->list), "list.move-cursor", "(ii)", 1, 2));
  g_assert_cmpuint (gtk_single_selection_get_selected (f->selection), ==, N_ITEMS - 1);
  wait_for_layout (f);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == hd_card_list_get_card (f->list, N_ITEMS - 1));
  g_assert_cmpstr (card_text (f, N_ITEMS - 1), ==, "item 99999");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->list), "list.activate-cursor", NULL));
  g_assert_cmpint (f->activated, ==, N_ITEMS - 1);

  /* Scrolled away from the focused card: the focus stays in the list, on
   * no card that shows another item. */
  gtk_adjustment_set_value (vadj, 0);
  wait_for_layout (f);
  /* (after the layout: a focus change restyles the ancestors) */
  HD_TEST_WAIT_FOR (gtk_widget_is_focus (GTK_WIDGET (f->list)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->list), "list.move-cursor", "(ii)", -1, 2));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == hd_card_list_get_card (f->list, 0));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/card-list/only-cards-in-view", test_only_cards_in_view);
  ADD ("/card-list/model-changes", test_model_changes);
  ADD ("/card-list/bind-before-layout", test_bind_before_layout);
  ADD ("/card-list/keyboard", test_keyboard);
#undef ADD

  return g_test_run ();
}
