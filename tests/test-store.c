/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>

#include "test-store-common.h"
#include "hd-ticket-index-private.h"

static char *
query_text (HdStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (hd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

static void
assert_tickets_equal (HdTicket *a, HdTicket *b)
{
  guint n_props;
  g_autofree GParamSpec **props = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_props);
  GListModel *la = G_LIST_MODEL (hd_ticket_get_attachments (a));
  GListModel *lb = G_LIST_MODEL (hd_ticket_get_attachments (b));

  for (guint i = 0; i < n_props; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      if (props[i]->value_type == G_TYPE_LIST_STORE || !(props[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&va, props[i]->value_type);
      g_value_init (&vb, props[i]->value_type);
      g_object_get_property (G_OBJECT (a), props[i]->name, &va);
      g_object_get_property (G_OBJECT (b), props[i]->name, &vb);
      if (props[i]->value_type == G_TYPE_STRV)
        {
          const char * const *sa = g_value_get_boxed (&va);
          const char * const *sb = g_value_get_boxed (&vb);
          const char * const empty[] = { NULL };
          g_assert_true (g_strv_equal (sa ? sa : empty, sb ? sb : empty));
        }
      else if (g_param_values_cmp (props[i], &va, &vb) != 0)
        {
          g_autofree char *sa = g_strdup_value_contents (&va);
          g_autofree char *sb = g_strdup_value_contents (&vb);
          g_error ("property %s differs: %s vs %s", props[i]->name, sa, sb);
        }
    }

  g_assert_cmpuint (g_list_model_get_n_items (la), ==, g_list_model_get_n_items (lb));
  for (guint i = 0; i < g_list_model_get_n_items (la); i++)
    {
      g_autoptr(HdAttachment) x = g_list_model_get_item (la, i);
      g_autoptr(HdAttachment) y = g_list_model_get_item (lb, i);
      g_assert_cmpint (hd_attachment_get_kind (x), ==, hd_attachment_get_kind (y));
      g_assert_cmpstr (hd_attachment_get_name (x), ==, hd_attachment_get_name (y));
      g_assert_cmpstr (hd_attachment_get_mime_type (x), ==, hd_attachment_get_mime_type (y));
      g_assert_cmpint (hd_attachment_get_size (x), ==, hd_attachment_get_size (y));
      g_assert_cmpstr (hd_attachment_get_sha256 (x), ==, hd_attachment_get_sha256 (y));
      g_assert_cmpstr (hd_attachment_get_text (x), ==, hd_attachment_get_text (y));
    }
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static void
test_open_new (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = open_store (fx);
  g_autofree char *mode = query_text (store, "PRAGMA journal_mode");
  g_autofree char *sync = query_text (store, "PRAGMA synchronous");
  g_autofree char *fk = query_text (store, "PRAGMA foreign_keys");

  g_assert_cmpint (hd_store_get_schema_version (store), ==, HD_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (hd_store_get_path (store), ==, fx->path);
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (sync, ==, "2"); /* FULL */
  g_assert_cmpstr (fk, ==, "1");
  g_assert_cmpuint (hd_store_count_tickets (store), ==, 0);
  g_assert_true (hd_store_check_integrity (store, TRUE, NULL));
}

static void
test_round_trip (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = make_ticket (1);
  g_autoptr(HdTicket) by_uuid = NULL;
  g_autoptr(HdTicket) by_number = NULL;
  g_autoptr(HdTicket) reopened = NULL;
  g_autofree char *uuid = NULL;

  {
    g_autoptr(HdStore) store = open_store (fx);
    guint changed = 0;

    g_signal_connect_swapped (store, "tickets-changed", G_CALLBACK (count_signal), &changed);

    g_assert_true (hd_store_create_ticket (store, ticket, "李四", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (changed, ==, 1);
    g_assert_true (g_uuid_string_is_valid (hd_ticket_get_uuid (ticket)));
    g_assert_nonnull (hd_ticket_get_number (ticket));
    g_assert_cmpint (hd_ticket_get_updated_at (ticket), >, 0);
    g_assert_cmpint (hd_ticket_get_sync_state (ticket), ==, HD_SYNC_STATE_PENDING);
    uuid = g_strdup (hd_ticket_get_uuid (ticket));

    by_uuid = hd_store_get_ticket (store, uuid, &error);
    g_assert_no_error (error);
    assert_tickets_equal (ticket, by_uuid);

    by_number = hd_store_get_ticket_by_number (store, hd_ticket_get_number (ticket), &error);
    g_assert_no_error (error);
    assert_tickets_equal (ticket, by_number);

    g_assert_null (hd_store_get_ticket (store, "00000000-0000-4000-8000-000000000000", &error));
    g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  {
    g_autoptr(HdStore) store = open_store (fx);
    reopened = hd_store_get_ticket (store, uuid, &error);
    g_assert_no_error (error);
    assert_tickets_equal (ticket, reopened);
    g_assert_cmpstr (hd_ticket_get_description (reopened), ==, hd_ticket_get_description (ticket));
  }
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_events_and_outbox (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = open_store (fx);
  g_autoptr(HdTicket) ticket = make_ticket (1);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(HdEvent) note = NULL;
  g_autoptr(JsonNode) create = NULL;
  g_autoptr(JsonNode) update = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *note_uuid = g_uuid_string_random ();
  JsonObject *changes;
  gint64 ids[2];

  g_assert_true (hd_store_create_ticket (store, ticket, "李四", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_outbox_count (store), ==, 1);

  /* Saving an unchanged ticket writes nothing. */
  g_assert_true (hd_store_update_ticket (store, ticket, "李四", &error));
  g_assert_cmpuint (hd_store_outbox_count (store), ==, 1);

  note = hd_event_new (note_uuid, hd_ticket_get_uuid (ticket), HD_EVENT_NOTE, "王五",
                       hd_ticket_get_created_at (ticket) + 60, "查询客户后台数据", NULL);
  g_assert_true (hd_store_add_event (store, note, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_outbox_count (store), ==, 2);

  hd_ticket_set_priority (ticket, "P0");
  hd_ticket_set_handler (ticket, "值班组长");
  hd_ticket_set_status (ticket, HD_STATUS_AWAITING_FEEDBACK);
  g_assert_true (hd_store_update_ticket (store, ticket, "王五", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_outbox_count (store), ==, 3);

  events = hd_store_list_events (store, hd_ticket_get_uuid (ticket), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpint (hd_event_get_kind (events->pdata[0]), ==, HD_EVENT_CREATED);
  g_assert_cmpstr (hd_event_get_author (events->pdata[0]), ==, "李四");
  g_assert_cmpint (hd_event_get_kind (events->pdata[1]), ==, HD_EVENT_NOTE);
  g_assert_cmpstr (hd_event_get_text (events->pdata[1]), ==, "查询客户后台数据");
  g_assert_cmpint (hd_event_get_kind (events->pdata[2]), ==, HD_EVENT_STATUS_CHANGE);
  status = parse_json (hd_event_get_data (events->pdata[2]));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "from"), ==, "in_progress");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "to"), ==, "awaiting_feedback");
  g_assert_cmpint (hd_event_get_kind (events->pdata[3]), ==, HD_EVENT_FIELD_CHANGE);
  {
    g_autoptr(JsonNode) fc = parse_json (hd_event_get_data (events->pdata[3]));
    JsonObject *fields = json_object_get_object_member (json_node_get_object (fc), "fields");
    JsonObject *prio = json_object_get_object_member (fields, "priority");
    g_assert_cmpuint (json_object_get_size (fields), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (prio, "from"), ==, "P1");
    g_assert_cmpstr (json_object_get_string_member (prio, "to"), ==, "P0");
    g_assert_true (json_object_has_member (fields, "handler"));
  }

  ops = hd_store_outbox_peek (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 3);
  {
    HdOutboxOp *op0 = ops->pdata[0], *op1 = ops->pdata[1], *op2 = ops->pdata[2];
    JsonObject *t;

    g_assert_cmpstr (op0->kind, ==, "ticket.create");
    g_assert_cmpstr (op0->entity_uuid, ==, hd_ticket_get_uuid (ticket));
    g_assert_true (g_uuid_string_is_valid (op0->op_uuid));
    g_assert_cmpstr (op0->op_uuid, !=, op1->op_uuid);
    g_assert_cmpint (op0->id, <, op1->id);
    create = parse_json (op0->payload);
    t = json_object_get_object_member (json_node_get_object (create), "ticket");
    g_assert_cmpstr (json_object_get_string_member (t, "uuid"), ==, hd_ticket_get_uuid (ticket));
    g_assert_cmpstr (json_object_get_string_member (t, "description"), ==, hd_ticket_get_description (ticket));
    g_assert_cmpstr (json_object_get_string_member (t, "group"), ==, "技术咨询组");
    g_assert_cmpstr (json_object_get_string_member (t, "status"), ==, "in_progress");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "cc_departments")), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "attachments")), ==, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (create), "events")), ==, 1);

    g_assert_cmpstr (op1->kind, ==, "event.add");
    g_assert_cmpstr (op1->entity_uuid, ==, note_uuid);

    g_assert_cmpstr (op2->kind, ==, "ticket.update");
    update = parse_json (op2->payload);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (update), "base_revision"), ==, 0);
    changes = json_object_get_object_member (json_node_get_object (update), "changes");
    g_assert_cmpuint (json_object_get_size (changes), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (changes, "priority"), ==, "P0");
    g_assert_cmpstr (json_object_get_string_member (changes, "status"), ==, "awaiting_feedback");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (update), "events")), ==, 2);

    ids[0] = op0->id;
    ids[1] = op1->id;
  }

  g_assert_true (hd_store_outbox_remove (store, ids, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_outbox_count (store), ==, 1);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = hd_store_outbox_peek (store, 10, &error);
  g_assert_cmpstr (((HdOutboxOp *) ops->pdata[0])->kind, ==, "ticket.update");

  /* An event for a ticket that does not exist is refused, and nothing is queued. */
  {
    g_autofree char *u1 = g_uuid_string_random ();
    g_autofree char *u2 = g_uuid_string_random ();
    g_autoptr(HdEvent) orphan = hd_event_new (u1, u2, HD_EVENT_NOTE, "x", 1, "x", NULL);
    g_assert_false (hd_store_add_event (store, orphan, &error));
    g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpuint (hd_store_outbox_count (store), ==, 1);
  }
}

static void
test_numbers (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = open_store (fx);
  g_autoptr(GDateTime) day1 = g_date_time_new_local (2023, 10, 1, 9, 30, 0);
  g_autoptr(GDateTime) day2 = g_date_time_new_local (2023, 10, 2, 23, 59, 0);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HdTicket) prov = make_ticket (0);
  g_autoptr(HdTicket) prov2 = make_ticket (0);
  g_autoptr(HdTicket) d2 = make_ticket (0);
  g_autoptr(HdTicket) back = NULL;

  /* Default: the server numbers tickets; ours are provisional. */
  g_assert_false (hd_store_get_assigns_final_numbers (store));
  hd_ticket_set_created_at (prov, g_date_time_to_unix (day1));
  hd_ticket_set_created_at (prov2, g_date_time_to_unix (day1));
  g_assert_true (hd_store_create_ticket (store, prov, NULL, &error));
  g_assert_true (hd_store_create_ticket (store, prov2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hd_ticket_get_number (prov), ==, "CS20231001-T0001");
  g_assert_cmpstr (hd_ticket_get_number (prov2), ==, "CS20231001-T0002");
  g_assert_true (hd_ticket_get_number_provisional (prov));

  hd_store_set_assigns_final_numbers (store, TRUE);
  for (guint i = 0; i < 12; i++)
    {
      HdTicket *t = make_ticket (i);
      hd_ticket_set_created_at (t, g_date_time_to_unix (day1) + i);
      g_ptr_array_add (batch, t);
    }
  g_assert_true (hd_store_create_tickets (store, batch, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < batch->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("CS20231001-%04u", i + 1);
      g_assert_cmpstr (hd_ticket_get_number (batch->pdata[i]), ==, expected);
      g_assert_false (hd_ticket_get_number_provisional (batch->pdata[i]));
    }
  hd_ticket_set_created_at (d2, g_date_time_to_unix (day2));
  g_assert_true (hd_store_create_ticket (store, d2, NULL, &error));
  g_assert_cmpstr (hd_ticket_get_number (d2), ==, "CS20231002-0001");

  /* The server's number replaces the provisional one. */
  g_assert_true (hd_store_assign_final_number (store, hd_ticket_get_uuid (prov), "CS20231001-0100", &error));
  g_assert_no_error (error);
  back = hd_store_get_ticket_by_number (store, "CS20231001-0100", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hd_ticket_get_uuid (back), ==, hd_ticket_get_uuid (prov));
  g_assert_false (hd_ticket_get_number_provisional (back));

  /* Numbers are unique. */
  g_assert_false (hd_store_assign_final_number (store, hd_ticket_get_uuid (prov2), "CS20231001-0001", &error));
  g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hd_store_assign_final_number (store, "00000000-0000-4000-8000-000000000000", "CS1", &error));
  g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A number already present (from sync) is skipped, not reused. */
  g_assert_true (hd_store_assign_final_number (store, hd_ticket_get_uuid (prov2), "CS20231001-0013", &error));
  {
    g_autoptr(HdTicket) t = make_ticket (99);
    hd_ticket_set_created_at (t, g_date_time_to_unix (day1));
    g_assert_true (hd_store_create_ticket (store, t, NULL, &error));
    g_assert_cmpstr (hd_ticket_get_number (t), ==, "CS20231001-0014");
  }
}

/* Builds a file at schema 1, as an older Help Desk left it, with one ticket
 * inserted by hand. */
static void
write_v1_file (const char *path)
{
  sqlite3 *db = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (hd_store_schema_migrate (db, 0, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
      "INSERT INTO tickets (uuid, number, channel, emotion, impact, urgency, satisfaction,"
      " status, sync_state, created_at, updated_at, description, customer_label)"
      " VALUES ('6c1f2d5e-8c3a-4e1b-9a53-3f0a4bb2c001', 'CS20230901-0001', 'phone', 'angry',"
      " 'single', 'blocking', 'none', 'pending', 'synced', 1693526400, 1693526400,"
      " '退款申请一直没有到账', '客户B-2023');"
      "INSERT INTO events (uuid, ticket_uuid, kind, created_at, sync_state) VALUES"
      " ('6c1f2d5e-8c3a-4e1b-9a53-3f0a4bb2c002', '6c1f2d5e-8c3a-4e1b-9a53-3f0a4bb2c001',"
      "  'created', 1693526400, 'synced');"
      "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migration (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = NULL;
  g_autoptr(HdTicket) old = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *v0 = g_build_filename (fx->dir, "v0.db", NULL);

  /* Version 0: an SQLite file with nothing in it yet. */
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (v0, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE unrelated (x); DROP TABLE unrelated;", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    store = hd_store_open (v0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (hd_store_get_schema_version (store), ==, HD_STORE_SCHEMA_VERSION);
    g_clear_object (&store);
  }

  write_v1_file (fx->path);
  store = open_store (fx);
  g_assert_cmpint (hd_store_get_schema_version (store), ==, HD_STORE_SCHEMA_VERSION);

  old = hd_store_get_ticket_by_number (store, "CS20230901-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hd_ticket_get_description (old), ==, "退款申请一直没有到账");
  g_assert_cmpint (hd_ticket_get_emotion (old), ==, HD_EMOTION_ANGRY);

  /* Migration 2 indexed the rows that were already there. */
  hits = hd_store_search (store, "没有到账", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = hd_store_search (store, "退款", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = hd_store_search (store, "款", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);

  /* Migration 9 replaced the one-character index of migration 8. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat (name, ' ') FROM sqlite_master"
                                         " WHERE name LIKE 'tickets_chars%' OR name = 'tickets_short'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "tickets_short");
    sqlite3_finalize (stmt);

    /* Migration 10 gave the rows already there their search_chars. */
    g_assert_true (hd_store_register_tokenizers (db));
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), sum (search_chars = hd_search_chars (number,"
                                         " customer_label, customer_name, customer_number, contact, description)"
                                         " AND search_chars != 0) FROM tickets", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), >, 0);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, sqlite3_column_int (stmt, 0));
    sqlite3_finalize (stmt);

    /* Migration 11: the index's keys come from a covering index. */
    {
      g_autofree char *plan = g_strconcat ("EXPLAIN QUERY PLAN ", HD_TICKET_INDEX_KEYS_SQL, NULL);

      g_assert_cmpint (sqlite3_prepare_v2 (db, plan, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 3), "COVERING INDEX tickets_board_keys"));
      sqlite3_finalize (stmt);
    }
    sqlite3_close (db);
  }

  /* And the upgraded file works as a new one. */
  {
    g_autoptr(HdTicket) t = make_ticket (1);
    g_assert_true (hd_store_create_ticket (store, t, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (hd_store_count_tickets (store), ==, 2);
  }
}

static void
assert_open_fails_untouched (StoreFixture *fx, int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = file_sha256 (fx->path);
  g_autofree char *after = NULL;
  HdStore *store;

  g_assert_nonnull (before);
  store = hd_store_open (fx->path, &error);
  g_assert_null (store);
  g_assert_error (error, HD_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fx->path));
  after = file_sha256 (fx->path);
  g_assert_cmpstr (before, ==, after);

  /* And a second attempt says the same: nothing was "repaired" over it. */
  g_clear_error (&error);
  g_assert_null (hd_store_open (fx->path, &error));
  g_assert_error (error, HD_STORE_ERROR, code);
}

static void
test_corrupt_random (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree guint8 *bytes = g_malloc (65536);

  for (guint i = 0; i < 65536; i++)
    bytes[i] = g_rand_int (rand);
  g_assert_true (g_file_set_contents (fx->path, (char *) bytes, 65536, NULL));
  assert_open_fails_untouched (fx, HD_STORE_ERROR_CORRUPT);

  /* A short text file, too. */
  g_assert_true (g_file_set_contents (fx->path, "hello\n", -1, NULL));
  assert_open_fails_untouched (fx, HD_STORE_ERROR_CORRUPT);
}

static void
fill_store (StoreFixture *fx, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = open_store (fx);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (batch, make_ticket (i));
  g_assert_true (hd_store_create_tickets (store, batch, NULL, &error));
  g_assert_no_error (error);
}

static void
test_corrupt_pages (StoreFixture *fx, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize len;
  guint page = 4096;

  fill_store (fx, 300);
  g_assert_true (g_file_get_contents (fx->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 40 * page);

  /* Garbled pages in the middle of the file. */
  {
    g_autofree char *garbled = g_memdup2 (contents, len);
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);
    for (gsize i = 10 * page; i < 30 * page; i++)
      garbled[i] = g_rand_int (rand);
    g_assert_true (g_file_set_contents (fx->path, garbled, len, NULL));
    assert_open_fails_untouched (fx, HD_STORE_ERROR_CORRUPT);
  }

  /* Truncated: the last pages are gone. */
  g_assert_true (g_file_set_contents (fx->path, contents, len / 2, NULL));
  assert_open_fails_untouched (fx, HD_STORE_ERROR_CORRUPT);

  /* The intact file still opens. */
  g_assert_true (g_file_set_contents (fx->path, contents, len, NULL));
  {
    g_autoptr(HdStore) store = open_store (fx);
    g_assert_cmpuint (hd_store_count_tickets (store), ==, 300);
  }
}

static void
test_newer_schema (StoreFixture *fx, gconstpointer data)
{
  sqlite3 *db = NULL;

  fill_store (fx, 3);
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_open_fails_untouched (fx, HD_STORE_ERROR_NEWER_SCHEMA);
}

static void
test_disk_full (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = open_store (fx);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) big = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *pages = NULL;
  g_autofree char *sql = NULL;

  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (first, make_ticket (i));
  g_assert_true (hd_store_create_tickets (store, first, NULL, &error));

  pages = query_text (store, "PRAGMA page_count");
  sql = g_strdup_printf ("PRAGMA max_page_count = %s", pages);
  g_free (query_text (store, sql));

  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (big, make_ticket (100 + i));
  g_assert_false (hd_store_create_tickets (store, big, NULL, &error));
  g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, fx->path));
  g_clear_error (&error);

  g_assert_cmpuint (hd_store_count_tickets (store), ==, 5);
  g_assert_cmpuint (hd_store_outbox_count (store), ==, 5);
  g_assert_true (hd_store_check_integrity (store, TRUE, &error));

  /* Space again: the store carries on, numbering where it was. */
  g_free (query_text (store, "PRAGMA max_page_count = 1000000"));
  hd_store_set_assigns_final_numbers (store, TRUE);
  g_assert_true (hd_store_create_ticket (store, big->pdata[0], NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_count_tickets (store), ==, 6);
}

static void
test_read_only (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fill_store (fx, 2);

  /* A write refused by SQLite maps to READ_ONLY (works even as root). */
  {
    g_autoptr(HdStore) store = open_store (fx);
    g_autoptr(HdTicket) t = make_ticket (5);
    g_assert_cmpint (sqlite3_exec (hd_store_get_db (store), "PRAGMA query_only = 1", NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_false (hd_store_create_ticket (store, t, NULL, &error));
    g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_cmpuint (hd_store_count_tickets (store), ==, 2);
  }

  if (getuid () == 0)
    {
      g_test_message ("running as root: file permissions do not apply");
      return;
    }
  g_chmod (fx->path, 0444);
  g_assert_null (hd_store_open (fx->path, &error));
  g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_READ_ONLY);
}

static void
test_count_by_status (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = open_store (fx);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  guint counts[HD_N_STATUSES];

  for (guint i = 0; i < 20; i++)
    {
      HdTicket *t = make_ticket (i);
      hd_ticket_set_status (t, i % 3 == 0 ? HD_STATUS_PENDING : i % 3 == 1 ? HD_STATUS_CLOSED : HD_STATUS_IN_PROGRESS);
      g_ptr_array_add (batch, t);
    }
  g_assert_true (hd_store_create_tickets (store, batch, NULL, &error));
  g_assert_true (hd_store_count_by_status (store, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[HD_STATUS_PENDING], ==, 7);
  g_assert_cmpuint (counts[HD_STATUS_CLOSED], ==, 7);
  g_assert_cmpuint (counts[HD_STATUS_IN_PROGRESS], ==, 6);
  g_assert_cmpuint (counts[HD_STATUS_AWAITING_FEEDBACK], ==, 0);
  g_assert_cmpuint (hd_store_count_tickets (store), ==, 20);
}

static gint64
pragma_value (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = G_MININT64;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* A pooled reader goes back to small defaults when released: a report's
 * 1 GiB map and 64 MiB cache do not stay in an idle connection. */
static void
test_reader_defaults (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = open_store (fx);
  sqlite3 *reader = hd_store_acquire_reader (store, NULL);
  sqlite3 *again;

  g_assert_nonnull (reader);
  g_assert_cmpint (pragma_value (reader, "PRAGMA cache_size"), ==, -1024);
  g_assert_cmpint (pragma_value (reader, "PRAGMA mmap_size"), ==, 0);
  g_assert_cmpint (sqlite3_exec (reader, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (pragma_value (reader, "PRAGMA cache_size"), ==, -65536);
  hd_store_release_reader (store, reader);

  again = hd_store_acquire_reader (store, NULL);
  g_assert_true (again == reader);
  g_assert_cmpint (pragma_value (again, "PRAGMA cache_size"), ==, -1024);
  g_assert_cmpint (pragma_value (again, "PRAGMA mmap_size"), ==, 0);
  hd_store_release_reader (store, again);
}

/* A statement kept on a reader is found again on the next use, holds no
 * read transaction once finished (the WAL can be checkpointed past a
 * write made meanwhile), and the connection closes with it. */
static void
test_reader_statements (StoreFixture *fx, gconstpointer data)
{
  static const char sql[] = "SELECT count(*) FROM tickets WHERE id > ?1";
  g_autoptr(HdStore) store = open_store (fx);
  sqlite3 *reader = hd_store_acquire_reader (store, NULL);
  sqlite3_stmt *stmt, *second, *again;
  int log_frames = -1, checkpointed = -1;

  g_assert_nonnull (reader);
  stmt = hd_store_reader_prepare (reader, sql);
  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, 0);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (sqlite3_stmt_busy (stmt));
  /* In use (stepped, not finished): another is prepared beside it. */
  second = hd_store_reader_prepare (reader, sql);
  g_assert_nonnull (second);
  g_assert_true (second != stmt);
  hd_store_reader_finish (second);
  hd_store_reader_finish (stmt);
  g_assert_false (sqlite3_stmt_busy (stmt));
  hd_store_release_reader (store, reader);

  /* The pool gives the same connection back, with both statements. */
  g_assert_true (hd_store_acquire_reader (store, NULL) == reader);
  again = hd_store_reader_prepare (reader, sql);
  g_assert_true (again == stmt || again == second);
  g_assert_cmpint (sqlite3_bind_parameter_count (again), ==, 1);
  /* Its bindings were cleared: unbound is NULL, and id > NULL is nothing. */
  g_assert_cmpint (sqlite3_step (again), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (again, 0), ==, 0);
  hd_store_reader_finish (again);

  /* No read transaction left open by the kept statements. */
  g_assert_cmpint (sqlite3_exec (hd_store_get_db (store), "CREATE TABLE scratch (x); DROP TABLE scratch",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (hd_store_get_db (store), NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                              &log_frames, &checkpointed), ==, SQLITE_OK);
  g_assert_cmpint (log_frames, ==, 0);
  hd_store_release_reader (store, reader);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/store/" path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)
  ADD ("open-new", test_open_new);
  ADD ("round-trip", test_round_trip);
  ADD ("events-and-outbox", test_events_and_outbox);
  ADD ("numbers", test_numbers);
  ADD ("migration", test_migration);
  ADD ("corrupt/random-bytes", test_corrupt_random);
  ADD ("corrupt/damaged-pages", test_corrupt_pages);
  ADD ("newer-schema", test_newer_schema);
  ADD ("disk-full", test_disk_full);
  ADD ("read-only", test_read_only);
  ADD ("count-by-status", test_count_by_status);
  ADD ("reader-defaults", test_reader_defaults);
  ADD ("reader-statements", test_reader_statements);
#undef ADD

  return g_test_run ();
}
