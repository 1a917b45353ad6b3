/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "hd-config.h"
#include "hd-sla.h"
#include "hd-store.h"
#include "hd-ticket-commands.h"
#include "hd-transitions.h"

/* 2024-03-04 10:00 Asia/Shanghai, a Monday. */
#define T0 ((gint64) 1709517600)

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
  char *uuid;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  g_autofree char *path = NULL;
  gint64 response_due, resolution_due;

  f->dir = g_dir_make_tmp ("hd-test-commands-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tickets.db", NULL);
  f->store = hd_store_open (path, &error);
  g_assert_no_error (error);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);

  hd_ticket_set_customer_label (ticket, "客户A-2023");
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_description (ticket, "无法登录，提示 E1002，已重装应用");
  hd_ticket_set_priority (ticket, "p1");
  hd_ticket_set_group (ticket, "technical");
  hd_ticket_set_created_at (ticket, T0);
  hd_sla_compute_deadlines (f->config, "p1", T0, &response_due, &resolution_due);
  hd_ticket_set_response_due (ticket, response_due);
  hd_ticket_set_resolution_due (ticket, resolution_due);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  f->uuid = g_strdup (hd_ticket_get_uuid (ticket));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->uuid);
}

static HdTicket *
get (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HdTicket *ticket = hd_store_get_ticket (f->store, f->uuid, &error);

  g_assert_no_error (error);
  return ticket;
}

static HdEvent *
last_event (Fixture *f)
{
  g_autoptr(GPtrArray) events = hd_store_list_events (f->store, f->uuid, NULL);

  g_assert_nonnull (events);
  g_assert_cmpuint (events->len, >, 0);
  return g_object_ref (g_ptr_array_index (events, events->len - 1));
}

static void
test_status_refused_then_allowed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdEvent) event = NULL;
  guint outbox = hd_store_outbox_count (f->store);
  HdStatus previous;

  /* No handler yet: refused with the rule's reason, nothing written. */
  g_assert_false (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_IN_PROGRESS,
                                                    "张伟", T0 + 60, &previous, &error));
  g_assert_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_NO_HANDLER);
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox);
  g_clear_error (&error);

  g_assert_true (hd_ticket_commands_reassign (f->store, f->uuid, NULL, "王芳", NULL, "张伟", T0 + 90, &error));
  g_assert_no_error (error);
  event = last_event (f);
  g_assert_cmpint (hd_event_get_kind (event), ==, HD_EVENT_ASSIGNMENT);
  g_clear_object (&event);

  g_assert_true (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_IN_PROGRESS,
                                                   "王芳", T0 + 120, &previous, &error));
  g_assert_no_error (error);
  g_assert_cmpint (previous, ==, HD_STATUS_PENDING);
  ticket = get (f);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_IN_PROGRESS);
  g_assert_cmpint (hd_ticket_get_first_response_at (ticket), ==, T0 + 120);
  g_assert_cmpint (hd_ticket_get_sync_state (ticket), ==, HD_SYNC_STATE_PENDING);
  event = last_event (f);
  g_assert_cmpint (hd_event_get_kind (event), ==, HD_EVENT_STATUS_CHANGE);
  g_assert_cmpstr (hd_event_get_author (event), ==, "王芳");
  g_assert_cmpint (hd_event_get_created_at (event), ==, T0 + 120);
  g_assert_nonnull (strstr (hd_event_get_data (event), "\"to\":\"in_progress\""));
  /* Reassign and the move: one outbox operation each. */
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox + 2);
  g_clear_object (&event);
  g_clear_object (&ticket);

  /* Pending close needs a result. */
  g_assert_false (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_PENDING_CLOSE,
                                                    "王芳", T0 + 180, NULL, &error));
  g_assert_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_NO_RESULT);
  g_assert_nonnull (strstr (error->message, "result"));
  g_clear_error (&error);

  g_assert_true (hd_ticket_commands_set_result (f->store, f->uuid, "重置密码后恢复", "王芳", T0 + 200, &error));
  g_assert_no_error (error);
  g_assert_true (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_PENDING_CLOSE,
                                                   "王芳", T0 + 240, NULL, &error));
  g_assert_no_error (error);

  /* Undo goes back even where the graph has no edge (pending close → in progress is one,
   * but the undo is recorded as such). */
  g_assert_true (hd_ticket_commands_revert_status (f->store, f->uuid, HD_STATUS_IN_PROGRESS,
                                                   "王芳", T0 + 250, &error));
  g_assert_no_error (error);
  ticket = get (f);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_IN_PROGRESS);
  event = last_event (f);
  g_assert_nonnull (strstr (hd_event_get_data (event), "\"undo\":true"));
}

static void
test_note_and_progress (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdEvent) event = NULL;
  g_autoptr(HdTicket) ticket = NULL;

  g_assert_false (hd_ticket_commands_add_note (f->store, f->uuid, "  ", FALSE, "张伟", T0 + 60, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (hd_ticket_commands_add_note (f->store, f->uuid, "查询客户后台数据", FALSE,
                                              "张伟", T0 + 600, &error));
  g_assert_no_error (error);
  event = last_event (f);
  g_assert_cmpint (hd_event_get_kind (event), ==, HD_EVENT_NOTE);
  g_assert_cmpstr (hd_event_get_text (event), ==, "查询客户后台数据");
  ticket = get (f);
  g_assert_cmpint (hd_ticket_get_first_response_at (ticket), ==, T0 + 600);
}

static void
test_priority_recomputes_deadlines (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdEvent) event = NULL;
  gint64 response_due, resolution_due;

  g_assert_false (hd_ticket_commands_change_priority (f->store, f->config, f->uuid, "p0", "",
                                                      "张伟", T0 + 60, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hd_ticket_commands_change_priority (f->store, f->config, f->uuid, "nope", "x",
                                                      "张伟", T0 + 60, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (hd_ticket_commands_change_priority (f->store, f->config, f->uuid, "p0",
                                                     "影响多个客户支付", "张伟", T0 + 60, &error));
  g_assert_no_error (error);
  hd_sla_compute_deadlines (f->config, "p0", T0, &response_due, &resolution_due);
  ticket = get (f);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==, "p0");
  g_assert_cmpint (hd_ticket_get_response_due (ticket), ==, response_due);
  g_assert_cmpint (hd_ticket_get_resolution_due (ticket), ==, resolution_due);
  g_assert_cmpint (response_due, ==, T0 + 3600);
  event = last_event (f);
  g_assert_cmpint (hd_event_get_kind (event), ==, HD_EVENT_PRIORITY_CHANGE);
  g_assert_cmpstr (hd_event_get_text (event), ==, "影响多个客户支付");
}

static void
test_escalation_request_and_decision (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  const char *none[] = { NULL };
  const char *departments[] = { "技术部", "财务部", NULL };

  g_assert_cmpint (hd_ticket_commands_get_escalation_state (f->store, f->uuid), ==, HD_ESCALATION_STATE_NONE);
  g_assert_false (hd_ticket_commands_decide_escalation (f->store, f->uuid, TRUE, NULL, "王磊", T0, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_NO_REQUEST);
  g_clear_error (&error);

  g_assert_false (hd_ticket_commands_request_escalation (f->store, f->uuid, none, "日志", "张伟", T0, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (hd_ticket_commands_request_escalation (f->store, f->uuid, departments,
                                                        "需要支付网关日志", "张伟", T0 + 60, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hd_ticket_commands_get_escalation_state (f->store, f->uuid), ==, HD_ESCALATION_STATE_REQUESTED);

  g_assert_true (hd_ticket_commands_decide_escalation (f->store, f->uuid, TRUE, "已协调技术部", "王磊",
                                                       T0 + 120, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hd_ticket_commands_get_escalation_state (f->store, f->uuid), ==, HD_ESCALATION_STATE_APPROVED);
  ticket = get (f);
  g_assert_true (hd_ticket_get_escalated (ticket));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ticket-commands/status", test_status_refused_then_allowed);
  ADD ("/ticket-commands/note", test_note_and_progress);
  ADD ("/ticket-commands/priority", test_priority_recomputes_deadlines);
  ADD ("/ticket-commands/escalation", test_escalation_request_and_decision);
#undef ADD

  return g_test_run ();
}
