/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A board card under Xvfb, laid out by HdBoardCardLayout: its parts stay
 * inside the card without overlapping, the priority pill is never cut, the
 * handler ends the bottom line, the card's height does not depend on the
 * ticket it shows; it draws what it shows and its menu opens from the
 * keyboard. */

#include "config.h"

#include <adwaita.h>

#include <math.h>
#include <string.h>

#include "hd-board-card-private.h"
#include "hd-config.h"
#include "hd-test-ui.h"

typedef struct {
  HdConfig *config;
  GtkWindow *window;
  GtkWidget *box;
  HdBoardCard *card;
} Fixture;

static HdTicket *
make_ticket (const char *label,
             const char *handler,
             HdEmotion   emotion,
             gboolean    escalated)
{
  HdTicket *ticket = hd_ticket_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  hd_ticket_set_number (ticket, "CS20261203-0042");
  hd_ticket_set_customer_label (ticket, label);
  hd_ticket_set_priority (ticket, "high");
  hd_ticket_set_type_l1 (ticket, "fault");
  hd_ticket_set_handler (ticket, handler);
  hd_ticket_set_emotion (ticket, emotion);
  hd_ticket_set_escalated (ticket, escalated);
  hd_ticket_set_status (ticket, HD_STATUS_IN_PROGRESS);
  hd_ticket_set_resolution_due (ticket, now + 3600);
  return ticket;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  f->card = hd_board_card_new (f->config);
  f->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (GTK_WIDGET (f->card), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (f->box), GTK_WIDGET (f->card));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (f->window, f->box);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  hd_test_drain_main_loop ();
  g_clear_object (&f->config);
}

static void
on_after_paint (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* Waits for the window's next frame: the card is laid out again. */
static void
wait_frame (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);

  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  g_assert_true (painted);
}

/* Shows the card in a window @width pixels wide and waits until it is laid
 * out; the card is then about as wide (the window's frame aside). */
static void
show_at_width (Fixture *f, int width)
{
  gtk_window_set_default_size (f->window, width, 400);
  gtk_window_present (f->window);
  for (int i = 0; i < 100 && gtk_widget_get_width (GTK_WIDGET (f->card)) == 0; i++)
    hd_test_drain_main_loop ();
  wait_frame (f);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->card)), <=, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->card)), >=, width - 40);
}

static graphene_rect_t
part_bounds (HdBoardCard *card, HdCardPart part)
{
  graphene_rect_t bounds;

  g_assert_true (hd_board_card_get_part_bounds (card, part, &bounds));
  return bounds;
}

static float
end_of (const graphene_rect_t *rect)
{
  return rect->origin.x + rect->size.width;
}

/* The shown parts of the bottom line, in order: none overlaps the next or
 * leaves the card. */
static void
assert_bottom_line_fits (Fixture *f)
{
  graphene_rect_t previous = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  int width = gtk_widget_get_width (GTK_WIDGET (f->card));
  gboolean first = TRUE;

  for (HdCardPart part = HD_CARD_PART_PILL; part <= HD_CARD_PART_HANDLER; part++)
    {
      graphene_rect_t b;

      if (!hd_board_card_get_part_bounds (f->card, part, &b))
        continue;
      g_assert_cmpfloat (b.origin.x, >=, 0);
      g_assert_cmpfloat (end_of (&b), <=, width);
      if (!first)
        g_assert_cmpfloat (b.origin.x, >=, end_of (&previous));
      previous = b;
      first = FALSE;
    }
}

static void
test_narrow_card (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = make_ticket ("客户X2-2025", "Maria Lopez-Hernández", HD_EMOTION_DISSATISFIED, TRUE);
  graphene_rect_t pill, handler, emotion;

  hd_board_card_set_ticket (f->card, ticket);
  show_at_width (f, 232);
  assert_bottom_line_fits (f);

  /* The pill is whole; the emotion and the handler share the cut. */
  pill = part_bounds (f->card, HD_CARD_PART_PILL);
  g_assert_cmpfloat (pill.size.width, ==, hd_board_card_get_part_natural_width (f->card, HD_CARD_PART_PILL));
  emotion = part_bounds (f->card, HD_CARD_PART_EMOTION);
  handler = part_bounds (f->card, HD_CARD_PART_HANDLER);
  g_assert_cmpfloat (emotion.size.width, <, hd_board_card_get_part_natural_width (f->card, HD_CARD_PART_EMOTION));
  g_assert_cmpfloat (handler.size.width, <, hd_board_card_get_part_natural_width (f->card, HD_CARD_PART_HANDLER));
  g_test_message ("card %d: pill %g, emotion %g of %d, handler %g of %d", gtk_widget_get_width (GTK_WIDGET (f->card)),
                  pill.size.width, emotion.size.width,
                  hd_board_card_get_part_natural_width (f->card, HD_CARD_PART_EMOTION),
                  handler.size.width, hd_board_card_get_part_natural_width (f->card, HD_CARD_PART_HANDLER));
  g_assert_cmpfloat (handler.size.width, >, 16);
}

static void
test_wide_card (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = make_ticket ("客户X2-2025", "王芳", HD_EMOTION_ANGRY, FALSE);
  graphene_rect_t handler, menu, number;

  hd_board_card_set_ticket (f->card, ticket);
  show_at_width (f, 420);
  assert_bottom_line_fits (f);
  g_assert_false (hd_board_card_get_part_bounds (f->card, HD_CARD_PART_ESCALATED, &handler));

  /* Whole texts; the handler and the menu end their lines, at the same
   * edge; the number takes the top line up to the menu. */
  handler = part_bounds (f->card, HD_CARD_PART_HANDLER);
  g_assert_cmpfloat (handler.size.width, ==, hd_board_card_get_part_natural_width (f->card, HD_CARD_PART_HANDLER));
  menu = part_bounds (f->card, HD_CARD_PART_MENU);
  number = part_bounds (f->card, HD_CARD_PART_NUMBER);
  g_assert_cmpfloat (end_of (&handler), ==, end_of (&menu));
  g_assert_cmpfloat (end_of (&menu), ==, gtk_widget_get_width (GTK_WIDGET (f->card)));
  g_assert_cmpfloat (end_of (&number), <=, menu.origin.x);
  g_assert_cmpfloat (number.size.width, >, 200);
}

/* Right to left: the start side, with the stripe and the number, is on the
 * right; the menu and the handler end their lines on the left. */
static void
test_right_to_left (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = make_ticket ("客户X2-2025", "王芳", HD_EMOTION_ANGRY, FALSE);
  graphene_rect_t stripe, number, pill, handler, menu;
  int width;

  gtk_widget_set_direction (GTK_WIDGET (f->card), GTK_TEXT_DIR_RTL);
  hd_board_card_set_ticket (f->card, ticket);
  show_at_width (f, 420);
  width = gtk_widget_get_width (GTK_WIDGET (f->card));
  stripe = part_bounds (f->card, HD_CARD_PART_STRIPE);
  number = part_bounds (f->card, HD_CARD_PART_NUMBER);
  pill = part_bounds (f->card, HD_CARD_PART_PILL);
  handler = part_bounds (f->card, HD_CARD_PART_HANDLER);
  menu = part_bounds (f->card, HD_CARD_PART_MENU);

  g_assert_cmpfloat (stripe.origin.x, >, width / 2);
  g_assert_cmpfloat (end_of (&stripe), ==, width);
  g_assert_cmpfloat (end_of (&number), <=, stripe.origin.x);
  g_assert_cmpfloat (pill.origin.x, >, width / 2);
  g_assert_cmpfloat (end_of (&handler), <, width / 2);
  g_assert_cmpfloat (handler.origin.x, ==, 0);
  g_assert_cmpfloat (menu.origin.x, ==, 0);
}

static void
test_height_constant (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) calm = make_ticket ("A", "王芳", HD_EMOTION_CALM, FALSE);
  g_autoptr(HdTicket) upset = make_ticket ("客户Q2-2024 with a long label that is cut", "Alex Chen",
                                           HD_EMOTION_ANGRY, TRUE);
  int min, nat, nat_before, width_before, height;

  hd_board_card_set_ticket (f->card, calm);
  show_at_width (f, 240);
  g_assert_cmpint (gtk_widget_get_request_mode (GTK_WIDGET (f->card)), ==, GTK_SIZE_REQUEST_CONSTANT_SIZE);
  height = gtk_widget_get_height (GTK_WIDGET (f->card));
  g_assert_cmpint (height, >, 60);
  gtk_widget_measure (GTK_WIDGET (f->card), GTK_ORIENTATION_VERTICAL, -1, &min, &nat_before, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (f->card), GTK_ORIENTATION_HORIZONTAL, -1, &width_before, NULL, NULL, NULL);

  hd_board_card_set_ticket (f->card, upset);
  /* Nor its width request: a rebound card is placed again, not measured. */
  gtk_widget_measure (GTK_WIDGET (f->card), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, width_before);
  g_assert_cmpint (nat, ==, width_before);
  wait_frame (f);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->card)), ==, height);
  /* Whatever the width asked about. */
  gtk_widget_measure (GTK_WIDGET (f->card), GTK_ORIENTATION_VERTICAL, 100, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, nat_before);
  assert_bottom_line_fits (f);
}

/* The text nodes of @node's tree, in drawing order. */
static void
collect_text_nodes (GskRenderNode *node, GPtrArray *texts)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      g_ptr_array_add (texts, node);
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_text_nodes (gsk_container_node_get_child (node, i), texts);
      break;
    case GSK_TRANSFORM_NODE:
      collect_text_nodes (gsk_transform_node_get_child (node), texts);
      break;
    case GSK_CLIP_NODE:
      collect_text_nodes (gsk_clip_node_get_child (node), texts);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      collect_text_nodes (gsk_rounded_clip_node_get_child (node), texts);
      break;
    case GSK_OPACITY_NODE:
      collect_text_nodes (gsk_opacity_node_get_child (node), texts);
      break;
    default:
      break;
    }
}

static GskRenderNode *
snapshot_card (Fixture *f)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (f->card));
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gdk_paintable_get_intrinsic_width (paintable),
                          gdk_paintable_get_intrinsic_height (paintable));
  return gtk_snapshot_free_to_node (snapshot);
}

static gboolean
same_color (const GdkRGBA *a, const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 0.01 && fabs (a->green - b->green) < 0.01 &&
         fabs (a->blue - b->blue) < 0.01 && fabs (a->alpha - b->alpha) < 0.01;
}

static guint
count_texts_colored (GPtrArray *texts, const GdkRGBA *color)
{
  guint n = 0;

  for (guint i = 0; i < texts->len; i++)
    n += same_color (gsk_text_node_get_color (g_ptr_array_index (texts, i)), color);
  return n;
}

/* The card draws every text it shows, and an overdue countdown in the
 * style's error colour; the screen reader's description says it all. */
static void
test_paint (Fixture *f, gconstpointer data)
{
  /* Latin only: a run of fallback font would be a text node of its own. */
  g_autoptr(HdTicket) ticket = make_ticket ("Acme Ltd", "Wang Fang", HD_EMOTION_CALM, TRUE);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (f->card));
  const char *description;
  GdkRGBA error;

  hd_ticket_set_priority (ticket, "low");
  hd_ticket_set_resolution_due (ticket, g_get_real_time () / G_USEC_PER_SEC - 2 * 3600);
  hd_board_card_set_ticket (f->card, ticket);
  show_at_width (f, 300);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->card), "overdue"));

  node = snapshot_card (f);
  collect_text_nodes (node, texts);
  /* Number, customer, type, countdown, pill, handler: no emotion, calm. */
  g_assert_cmpuint (texts->len, ==, 6);
  g_assert_true (gtk_style_context_lookup_color (style, "error_color", &error));
  g_assert_cmpuint (count_texts_colored (texts, &error), ==, 1);

  description = hd_board_card_get_description (f->card);
  g_assert_true (g_str_has_prefix (description, "Resolution overdue"));
  g_assert_nonnull (strstr (description, "Escalated"));
}

/* Two cards showing the same handler draw one shaped layout; a card that
 * must cut it draws a layout cut to its room, and the whole one stays
 * whole. A ticket's own texts are shaped once too: bound again, a card
 * finds them. */
static void
test_shared_texts (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = make_ticket ("客户X2-2025", "Maria Lopez-Hernández", HD_EMOTION_DISSATISFIED, TRUE);
  g_autoptr(HdTicket) other = make_ticket ("Acme Ltd", "Maria Lopez-Hernández", HD_EMOTION_CALM, FALSE);
  HdBoardCard *second = hd_board_card_new (f->config);
  PangoLayout *shared, *customer;

  gtk_widget_set_valign (GTK_WIDGET (second), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (f->box), GTK_WIDGET (second));
  hd_board_card_set_ticket (f->card, ticket);
  hd_board_card_set_ticket (second, other);
  show_at_width (f, 420);
  shared = f->card->whole[HD_CARD_PART_HANDLER];
  g_assert_nonnull (shared);
  g_assert_true (second->whole[HD_CARD_PART_HANDLER] == shared);
  g_assert_true (f->card->drawn[HD_CARD_PART_HANDLER] == shared);
  g_assert_cmpint (pango_layout_get_width (shared), ==, -1);

  /* Narrow: the first card (pill, badge, emotion) cuts the handler. */
  gtk_window_set_default_size (f->window, 232, 400);
  wait_frame (f);
  wait_frame (f);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->card)), <, 240);
  g_assert_true (f->card->drawn[HD_CARD_PART_HANDLER] != shared);
  g_assert_cmpint (pango_layout_get_width (f->card->drawn[HD_CARD_PART_HANDLER]), ==,
                   f->card->places[HD_CARD_PART_HANDLER].width * PANGO_SCALE);
  g_assert_true (pango_layout_is_ellipsized (f->card->drawn[HD_CARD_PART_HANDLER]));
  g_assert_cmpint (pango_layout_get_width (shared), ==, -1);
  g_assert_true (second->whole[HD_CARD_PART_HANDLER] == shared);

  /* Another handler: another layout. The first ticket's customer, shaped
   * for the first card, is found again by the second. */
  {
    g_autoptr(HdTicket) third = make_ticket ("Acme Ltd", "王芳", HD_EMOTION_CALM, FALSE);

    customer = f->card->whole[HD_CARD_PART_CUSTOMER];
    g_assert_nonnull (customer);
    hd_board_card_set_ticket (second, third);
    wait_frame (f);
    g_assert_nonnull (second->whole[HD_CARD_PART_HANDLER]);
    g_assert_true (second->whole[HD_CARD_PART_HANDLER] != shared);
    hd_board_card_set_ticket (second, ticket);
    wait_frame (f);
    g_assert_true (second->whole[HD_CARD_PART_CUSTOMER] == customer);
  }

  /* A card made later (scrolling, another view) finds them too: its first
   * style does not drop the texts the others shaped. */
  {
    HdBoardCard *third = hd_board_card_new (f->config);

    gtk_widget_set_valign (GTK_WIDGET (third), GTK_ALIGN_START);
    gtk_box_append (GTK_BOX (f->box), GTK_WIDGET (third));
    hd_board_card_set_ticket (third, ticket);
    wait_frame (f);
    g_assert_true (third->whole[HD_CARD_PART_CUSTOMER] == customer);
  }
}

/* The menu opens from the keyboard (Shift+F10, the Menu key) and offers the
 * moves to every other status. */
static void
test_menu (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = make_ticket ("客户X2-2025", "王芳", HD_EMOTION_CALM, FALSE);
  g_autoptr(HdTicket) other = make_ticket ("客户Q2-2024", "Alex Chen", HD_EMOTION_CALM, FALSE);
  GtkWidget *popover = NULL;
  GMenuModel *menu;
  guint n_moves;

  hd_board_card_set_ticket (f->card, ticket);
  show_at_width (f, 300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->card), "card.menu", NULL));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f->card)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      popover = child;
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  menu = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  n_moves = g_menu_model_get_n_items (g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION));
  g_assert_cmpuint (n_moves, ==, HD_N_STATUSES - 1);

  /* Bound to another ticket, the card closes it. */
  hd_board_card_set_ticket (f->card, other);
  g_assert_false (gtk_widget_get_visible (popover));
  /* And so does a card that leaves the view (bound to nothing). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->card), "card.menu", NULL));
  g_assert_true (gtk_widget_get_visible (popover));
  hd_board_card_set_ticket (f->card, NULL);
  g_assert_false (gtk_widget_get_visible (popover));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  hd_test_load_app_style ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/board-card/narrow", test_narrow_card);
  ADD ("/board-card/wide", test_wide_card);
  ADD ("/board-card/height-constant", test_height_constant);
  ADD ("/board-card/right-to-left", test_right_to_left);
  ADD ("/board-card/paint", test_paint);
  ADD ("/board-card/menu", test_menu);
  ADD ("/board-card/shared-texts", test_shared_texts);
#undef ADD

  return g_test_run ();
}
