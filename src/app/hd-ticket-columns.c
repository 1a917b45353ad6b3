/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-columns"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-due-format.h"
#include "hd-ticket-columns.h"
#include "hd-ticket.h"

typedef enum {
  COLUMN_NUMBER,
  COLUMN_CUSTOMER,
  COLUMN_TYPE,
  COLUMN_PRIORITY,
  COLUMN_STATUS,
  COLUMN_DUE,
} ColumnKind;

typedef struct {
  ColumnKind kind;
  HdConfig *config;
} ColumnData;

static const char * const priority_classes[] = {
  "priority-rank-0", "priority-rank-1", "priority-rank-2", "priority-rank-3",
};

static void
column_data_free (gpointer data)
{
  ColumnData *column = data;

  g_clear_object (&column->config);
  g_free (column);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ColumnData               *column)
{
  GtkWidget *label;

  if (column->kind == COLUMN_PRIORITY)
    {
      label = gtk_label_new (NULL);
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "priority-pill");
    }
  else
    {
      label = gtk_inscription_new (NULL);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
    }
  if (column->kind == COLUMN_NUMBER)
    gtk_widget_add_css_class (label, "ticket-number");
  gtk_list_item_set_child (item, label);
}

/* The deadline an agent has to meet next: the first response while nobody
 * has answered, then the resolution; none once the result is sent. */
static gint64
next_deadline (HdTicket *ticket)
{
  if (hd_ticket_get_status (ticket) >= HD_STATUS_AWAITING_FEEDBACK)
    return 0;
  if (hd_ticket_get_first_response_at (ticket) == 0 && hd_ticket_get_response_due (ticket) > 0)
    return hd_ticket_get_response_due (ticket);
  return hd_ticket_get_resolution_due (ticket);
}

static void
bind_due (GtkInscription *cell,
          HdTicket       *ticket)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 due = next_deadline (ticket);
  g_autofree char *text = hd_due_format (due, now);
  HdDueState state = hd_due_get_state (due, now);

  if (due == 0)
    gtk_inscription_set_text (cell, "—");
  else
    gtk_inscription_set_text (cell, text);
  gtk_widget_remove_css_class (GTK_WIDGET (cell), "due-soon");
  gtk_widget_remove_css_class (GTK_WIDGET (cell), "due-overdue");
  if (state == HD_DUE_SOON)
    gtk_widget_add_css_class (GTK_WIDGET (cell), "due-soon");
  else if (state == HD_DUE_OVERDUE)
    gtk_widget_add_css_class (GTK_WIDGET (cell), "due-overdue");
}

static void
bind_priority (GtkLabel   *cell,
               HdTicket   *ticket,
               ColumnData *column)
{
  const char *id = hd_ticket_get_priority (ticket);
  int rank = hd_config_get_priority_rank (column->config, id);

  for (guint i = 0; i < G_N_ELEMENTS (priority_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (cell), priority_classes[i]);
  gtk_label_set_text (cell, id ? (hd_config_get_priority_label (column->config, id) ?: id) : "");
  if (rank >= 0)
    gtk_widget_add_css_class (GTK_WIDGET (cell),
                              priority_classes[MIN ((guint) rank, G_N_ELEMENTS (priority_classes) - 1)]);
}

/* "功能故障 / 登录异常": level 1 and level 2 labels. */
static char *
format_type (HdConfig *config,
             HdTicket *ticket)
{
  const char *l1 = hd_ticket_get_type_l1 (ticket);
  const char *l2 = hd_ticket_get_type_l2 (ticket);
  const char *l1_label;
  const char *l2_label;

  if (l1 == NULL)
    return g_strdup (_("Unclassified"));
  l1_label = hd_config_get_type_label (config, l1, NULL);
  l2_label = l2 ? hd_config_get_type_label (config, l1, l2) : NULL;
  if (l1_label == NULL)
    l1_label = l1;
  if (l2_label == NULL)
    return g_strdup (l1_label);
  return g_strdup_printf ("%s / %s", l1_label, l2_label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ColumnData               *column)
{
  HdTicket *ticket = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  if (ticket == NULL)
    return;

  switch (column->kind)
    {
    case COLUMN_NUMBER:
      if (hd_ticket_get_number_provisional (ticket))
        {
          gtk_widget_add_css_class (cell, "provisional");
          gtk_widget_set_tooltip_text (cell, _("Provisional number: the server assigns the final one when this ticket syncs"));
        }
      else
        {
          gtk_widget_remove_css_class (cell, "provisional");
          gtk_widget_set_tooltip_text (cell, NULL);
        }
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), hd_ticket_get_number (ticket));
      break;

    case COLUMN_CUSTOMER:
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), hd_ticket_get_customer_label (ticket));
      break;

    case COLUMN_TYPE:
      text = format_type (column->config, ticket);
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
      break;

    case COLUMN_PRIORITY:
      bind_priority (GTK_LABEL (cell), ticket, column);
      break;

    case COLUMN_STATUS:
      gtk_inscription_set_text (GTK_INSCRIPTION (cell),
                                hd_status_get_label (hd_ticket_get_status (ticket)));
      break;

    case COLUMN_DUE:
      bind_due (GTK_INSCRIPTION (cell), ticket);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
append_column (GtkColumnView *view,
               HdConfig      *config,
               ColumnKind     kind,
               const char    *title,
               int            fixed_width,
               gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  ColumnData *data = g_new0 (ColumnData, 1);

  data->kind = kind;
  data->config = g_object_ref (config);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), data);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), data);
  g_object_set_data_full (G_OBJECT (factory), "hd-column-data", data, column_data_free);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  gtk_column_view_append_column (view, column);
}

void
hd_ticket_columns_append (GtkColumnView *view,
                          HdConfig      *config)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (HD_IS_CONFIG (config));

  append_column (view, config, COLUMN_NUMBER, _("Number"), 160, FALSE);
  append_column (view, config, COLUMN_CUSTOMER, _("Customer"), 150, FALSE);
  append_column (view, config, COLUMN_TYPE, _("Type"), -1, TRUE);
  append_column (view, config, COLUMN_PRIORITY, _("Priority"), 110, FALSE);
  append_column (view, config, COLUMN_STATUS, _("Status"), 150, FALSE);
  append_column (view, config, COLUMN_DUE, _("Due"), 180, FALSE);
}
