/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A board card under Xvfb, laid out by HdBoardCardLayout: its parts stay
 * inside the card without overlapping, the priority pill is never cut, the
 * handler ends the bottom line, the card's height does not depend on the
 * ticket it shows, and HdCardText is as wide as its text. */

#include "config.h"

#include <adwaita.h>

#include "hd-board-card.h"
#include "hd-card-text.h"
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

static GtkWidget *
find_part (HdBoardCard *card, const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (card)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_has_css_class (child, css_class))
      return child;
  g_assert_not_reached ();
}

static graphene_rect_t
bounds_in_card (HdBoardCard *card, GtkWidget *part)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (part, GTK_WIDGET (card), &bounds));
  return bounds;
}

static int
natural_width (GtkWidget *widget)
{
  int min, nat;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return nat;
}

/* The shown parts of the bottom line, in order: none overlaps the next or
 * leaves the card. */
static void
assert_bottom_line_fits (Fixture *f)
{
  GtkWidget *pill = find_part (f->card, "priority-pill");
  graphene_rect_t card_bounds, previous = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean first = TRUE;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (f->card), GTK_WIDGET (f->card), &card_bounds));
  for (GtkWidget *part = pill; part != NULL; part = gtk_widget_get_next_sibling (part))
    {
      graphene_rect_t b;

      if (!gtk_widget_get_visible (part))
        continue;
      b = bounds_in_card (f->card, part);
      g_assert_cmpfloat (b.origin.x, >=, card_bounds.origin.x);
      g_assert_cmpfloat (b.origin.x + b.size.width, <=, card_bounds.origin.x + card_bounds.size.width);
      if (!first)
        g_assert_cmpfloat (b.origin.x, >=, previous.origin.x + previous.size.width);
      previous = b;
      first = FALSE;
    }
}

static void
test_narrow_card (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = make_ticket ("客户X2-2025", "Maria Lopez-Hernández", HD_EMOTION_DISSATISFIED, TRUE);
  GtkWidget *pill, *emotion, *handler;
  graphene_rect_t pill_bounds, handler_bounds, emotion_bounds;

  hd_board_card_set_ticket (f->card, ticket);
  show_at_width (f, 232);

  pill = find_part (f->card, "priority-pill");
  emotion = find_part (f->card, "emotion");
  handler = gtk_widget_get_last_child (GTK_WIDGET (f->card));
  g_assert_true (HD_IS_CARD_TEXT (handler));
  g_assert_cmpstr (hd_card_text_get_text (HD_CARD_TEXT (handler)), ==, "Maria Lopez-Hernández");
  assert_bottom_line_fits (f);

  /* The pill is whole; the emotion and the handler share the cut. */
  pill_bounds = bounds_in_card (f->card, pill);
  g_assert_cmpfloat (pill_bounds.size.width, ==, natural_width (pill));
  emotion_bounds = bounds_in_card (f->card, emotion);
  handler_bounds = bounds_in_card (f->card, handler);
  g_assert_cmpfloat (emotion_bounds.size.width, <, natural_width (emotion));
  g_assert_cmpfloat (handler_bounds.size.width, <, natural_width (handler));
  g_test_message ("card %d: pill %g, emotion %g of %d, handler %g of %d", gtk_widget_get_width (GTK_WIDGET (f->card)),
                  pill_bounds.size.width, emotion_bounds.size.width, natural_width (emotion),
                  handler_bounds.size.width, natural_width (handler));
  g_assert_cmpfloat (handler_bounds.size.width, >, 16);
}

static void
test_wide_card (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = make_ticket ("客户X2-2025", "王芳", HD_EMOTION_ANGRY, FALSE);
  GtkWidget *handler, *menu = NULL, *number;
  graphene_rect_t handler_bounds, menu_bounds, number_bounds;

  hd_board_card_set_ticket (f->card, ticket);
  show_at_width (f, 420);
  assert_bottom_line_fits (f);

  /* Whole texts; the handler and the menu end their lines, at the same
   * edge; the number takes the top line up to the menu. */
  handler = gtk_widget_get_last_child (GTK_WIDGET (f->card));
  handler_bounds = bounds_in_card (f->card, handler);
  g_assert_cmpfloat (handler_bounds.size.width, ==, natural_width (handler));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f->card)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_MENU_BUTTON (child))
      menu = child;
  g_assert_nonnull (menu);
  number = find_part (f->card, "ticket-number");
  menu_bounds = bounds_in_card (f->card, menu);
  number_bounds = bounds_in_card (f->card, number);
  g_assert_cmpfloat (fabs ((handler_bounds.origin.x + handler_bounds.size.width) -
                           (menu_bounds.origin.x + menu_bounds.size.width - gtk_widget_get_margin_end (menu))), <=, 7);
  g_assert_cmpfloat (number_bounds.origin.x + number_bounds.size.width, <=, menu_bounds.origin.x);
  g_assert_cmpfloat (number_bounds.size.width, >, 200);
}

/* Right to left: the start side, with the stripe and the number, is on the
 * right; the menu and the handler end their lines on the left. */
static void
test_right_to_left (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = make_ticket ("客户X2-2025", "王芳", HD_EMOTION_ANGRY, FALSE);
  GtkWidget *stripe = find_part (f->card, "card-stripe");
  GtkWidget *number = find_part (f->card, "ticket-number");
  GtkWidget *pill = find_part (f->card, "priority-pill");
  GtkWidget *handler = gtk_widget_get_last_child (GTK_WIDGET (f->card));
  graphene_rect_t card, b_stripe, b_number, b_pill, b_handler;

  gtk_widget_set_direction (GTK_WIDGET (f->card), GTK_TEXT_DIR_RTL);
  hd_board_card_set_ticket (f->card, ticket);
  show_at_width (f, 420);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (f->card), GTK_WIDGET (f->card), &card));
  b_stripe = bounds_in_card (f->card, stripe);
  b_number = bounds_in_card (f->card, number);
  b_pill = bounds_in_card (f->card, pill);
  b_handler = bounds_in_card (f->card, handler);

  g_assert_cmpfloat (b_stripe.origin.x, >, card.size.width / 2);
  g_assert_cmpfloat (b_number.origin.x + b_number.size.width, <=, b_stripe.origin.x);
  g_assert_cmpfloat (b_pill.origin.x, >, card.size.width / 2);
  g_assert_cmpfloat (b_handler.origin.x + b_handler.size.width, <, card.size.width / 2);
}

static void
test_height_constant (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) calm = make_ticket ("A", "王芳", HD_EMOTION_CALM, FALSE);
  g_autoptr(HdTicket) upset = make_ticket ("客户Q2-2024 with a long label that is cut", "Alex Chen",
                                           HD_EMOTION_ANGRY, TRUE);
  int min, nat, nat_before, height;

  hd_board_card_set_ticket (f->card, calm);
  show_at_width (f, 240);
  g_assert_cmpint (gtk_widget_get_request_mode (GTK_WIDGET (f->card)), ==, GTK_SIZE_REQUEST_CONSTANT_SIZE);
  height = gtk_widget_get_height (GTK_WIDGET (f->card));
  g_assert_cmpint (height, >, 60);
  gtk_widget_measure (GTK_WIDGET (f->card), GTK_ORIENTATION_VERTICAL, -1, &min, &nat_before, NULL, NULL);

  hd_board_card_set_ticket (f->card, upset);
  wait_frame (f);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->card)), ==, height);
  /* Whatever the width asked about. */
  gtk_widget_measure (GTK_WIDGET (f->card), GTK_ORIENTATION_VERTICAL, 100, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, nat_before);
  assert_bottom_line_fits (f);
}

static void
test_card_text (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *text = hd_card_text_new ();
  g_autoptr(PangoLayout) layout = NULL;
  int width, height, min, nat;

  gtk_window_set_child (GTK_WINDOW (window), text);
  hd_card_text_set_text (HD_CARD_TEXT (text), "Dissatisfied 不满");
  layout = gtk_widget_create_pango_layout (text, "Dissatisfied 不满");
  pango_layout_get_pixel_size (layout, &width, &height);

  gtk_widget_measure (text, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, width);
  g_assert_cmpint (min, <, width);
  gtk_widget_measure (text, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, height);

  /* Whole: never narrower than the text. */
  hd_card_text_set_whole (HD_CARD_TEXT (text), TRUE);
  gtk_widget_measure (text, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, width);

  /* A new text is measured anew. */
  hd_card_text_set_text (HD_CARD_TEXT (text), "Angry");
  gtk_widget_measure (text, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, <, width);
  g_assert_cmpstr (hd_card_text_get_text (HD_CARD_TEXT (text)), ==, "Angry");

  gtk_window_destroy (GTK_WINDOW (window));
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
#undef ADD
  g_test_add_func ("/board-card/card-text", test_card_text);

  return g_test_run ();
}
