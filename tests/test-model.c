/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-attachment.h"
#include "hd-enum-types.h"
#include "hd-event.h"
#include "hd-ticket.h"

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_ticket_properties (void)
{
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  const char *cc[] = { "billing", "tech", NULL };
  guint notifies = 0;
  g_autofree char *label = NULL;
  HdStatus status;

  g_signal_connect (ticket, "notify", G_CALLBACK (count_notify), &notifies);

  hd_ticket_set_customer_label (ticket, "客户A-2023");
  hd_ticket_set_customer_label (ticket, "客户A-2023"); /* unchanged: no notify */
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpstr (hd_ticket_get_customer_label (ticket), ==, "客户A-2023");

  g_object_set (ticket, "status", HD_STATUS_PENDING_CLOSE, "occurred-at", (gint64) 1696118400, NULL);
  g_object_get (ticket, "status", &status, "customer-label", &label, NULL);
  g_assert_cmpint (status, ==, HD_STATUS_PENDING_CLOSE);
  g_assert_cmpstr (label, ==, "客户A-2023");
  g_assert_cmpint (hd_ticket_get_occurred_at (ticket), ==, 1696118400);
  g_assert_cmpuint (notifies, ==, 3);

  g_assert_cmpuint (g_strv_length ((char **) hd_ticket_get_cc_departments (ticket)), ==, 0);
  hd_ticket_set_cc_departments (ticket, cc);
  hd_ticket_set_cc_departments (ticket, cc);
  g_assert_cmpuint (notifies, ==, 4);
  g_assert_cmpstr (hd_ticket_get_cc_departments (ticket)[1], ==, "tech");

  /* Defaults: the lowest priority inputs, nothing escalated, waiting to sync. */
  g_assert_cmpint (hd_ticket_get_impact (ticket), ==, HD_IMPACT_SINGLE);
  g_assert_cmpint (hd_ticket_get_urgency (ticket), ==, HD_URGENCY_INQUIRY);
  g_assert_false (hd_ticket_get_escalated (ticket));
  g_assert_cmpint (hd_ticket_get_sync_state (ticket), ==, HD_SYNC_STATE_PENDING);
  g_assert_nonnull (hd_ticket_get_attachments (ticket));
}

static void
test_enum_ids_round_trip (void)
{
  for (guint i = 0; i < HD_N_STATUSES; i++)
    {
      HdStatus back;
      g_assert_true (hd_status_from_id (hd_status_to_id (i), &back));
      g_assert_cmpint (back, ==, i);
      g_assert_nonnull (hd_status_get_label (i));
    }
  g_assert_false (hd_status_from_id ("resolvedd", NULL));
  g_assert_false (hd_status_from_id (NULL, NULL));
  g_assert_null (hd_status_to_id (HD_N_STATUSES));

  /* The GEnum registration covers every value the id tables know. */
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (HD_TYPE_CHANNEL);
    for (guint i = 0; i < klass->n_values; i++)
      {
        HdChannel back;
        g_assert_true (hd_channel_from_id (hd_channel_to_id (klass->values[i].value), &back));
        g_assert_cmpint (back, ==, klass->values[i].value);
      }
  }
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (HD_TYPE_EVENT_KIND);
    for (guint i = 0; i < klass->n_values; i++)
      g_assert_nonnull (hd_event_kind_to_id (klass->values[i].value));
  }
}

static void
test_event_and_attachment (void)
{
  g_autoptr(HdEvent) event = hd_event_new ("e-1", "t-1", HD_EVENT_NOTE, "agent", 42,
                                           "查询客户后台数据", NULL);
  g_autoptr(HdAttachment) file = hd_attachment_new_file ("shot.png", "image/png", 1024,
                                                         "ab12");
  g_autoptr(HdAttachment) code = hd_attachment_new_text (HD_ATTACHMENT_ERROR_CODE, "E1002");
  HdAttachmentKind kind;

  g_assert_cmpstr (hd_event_get_text (event), ==, "查询客户后台数据");
  g_assert_cmpint (hd_event_get_created_at (event), ==, 42);
  g_assert_cmpint (hd_event_get_kind (event), ==, HD_EVENT_NOTE);

  g_assert_cmpint (hd_attachment_get_kind (file), ==, HD_ATTACHMENT_FILE);
  g_assert_cmpint (hd_attachment_get_size (file), ==, 1024);
  g_assert_cmpstr (hd_attachment_get_text (code), ==, "E1002");
  g_assert_true (hd_attachment_kind_from_id (hd_attachment_kind_to_id (HD_ATTACHMENT_ORDER_NUMBER), &kind));
  g_assert_cmpint (kind, ==, HD_ATTACHMENT_ORDER_NUMBER);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/ticket/properties", test_ticket_properties);
  g_test_add_func ("/model/enums/round-trip", test_enum_ids_round_trip);
  g_test_add_func ("/model/event-attachment", test_event_and_attachment);

  return g_test_run ();
}
