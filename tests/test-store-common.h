/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the store tests: a temporary folder per test and a
 * ticket with every field filled. */

#include <glib/gstdio.h>

#include "hd-attachment.h"
#include "hd-store-private.h"

typedef struct {
  char *dir;
  char *path;
} StoreFixture;

static inline void
store_fixture_setup (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("hd-store-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "tickets.db", NULL);
}

static inline void
store_fixture_teardown (StoreFixture  *fx,
                        gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fx->dir, name, NULL);
      g_chmod (file, 0600);
      g_unlink (file);
    }
  g_chmod (fx->dir, 0700);
  g_rmdir (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

/* The fixture's store, opened; the test fails if it does not open. */
static inline HdStore *
open_store (StoreFixture *fx)
{
  g_autoptr(GError) error = NULL;
  HdStore *store = hd_store_open (fx->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static inline char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static inline HdTicket *
make_ticket (guint i)
{
  HdTicket *t = hd_ticket_new ();
  const char *cc[] = { "账务组", "tech", NULL };
  g_autofree char *label = g_strdup_printf ("客户A-%04u", i);
  g_autofree char *desc = g_strdup_printf ("第%u号：无法登录，提示密码错误；已尝试重置密码。Cannot log in.", i);
  g_autoptr(HdAttachment) file = hd_attachment_new_file ("截图.png", "image/png", 12345,
                                                         "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  g_autoptr(HdAttachment) order = hd_attachment_new_text (HD_ATTACHMENT_ORDER_NUMBER, "DD20231001-77");
  g_autoptr(HdAttachment) code = hd_attachment_new_text (HD_ATTACHMENT_ERROR_CODE, "E1002");

  hd_ticket_set_customer_label (t, label);
  hd_ticket_set_customer_name (t, "张三");
  hd_ticket_set_customer_number (t, "C20240501001");
  hd_ticket_set_customer_type (t, "电商VIP");
  hd_ticket_set_contact (t, "尾号 1234");
  hd_ticket_set_channel (t, HD_CHANNEL_CHAT);
  hd_ticket_set_emotion (t, HD_EMOTION_ANXIOUS);
  hd_ticket_set_occurred_at (t, 1696118400);
  hd_ticket_set_description (t, desc);
  hd_ticket_set_type_l1 (t, "技术故障");
  hd_ticket_set_type_l2 (t, "登录异常");
  hd_ticket_set_impact (t, HD_IMPACT_MANY);
  hd_ticket_set_urgency (t, HD_URGENCY_DEGRADED);
  hd_ticket_set_priority (t, "P1");
  hd_ticket_set_receiver (t, "李四");
  hd_ticket_set_group (t, "技术咨询组");
  hd_ticket_set_handler (t, "王五");
  hd_ticket_set_transfer_department (t, "技术部");
  hd_ticket_set_transfer_contact (t, "赵六");
  hd_ticket_set_transfer_note (t, "请排查登录服务");
  hd_ticket_set_cc_departments (t, cc);
  hd_ticket_set_created_at (t, 1696125600 + i);
  hd_ticket_set_first_response_at (t, 1696125900);
  hd_ticket_set_response_due (t, 1696140000);
  hd_ticket_set_resolution_due (t, 1696140000 + 3600 * (i % 50));
  hd_ticket_set_result (t, NULL);
  hd_ticket_set_satisfaction (t, HD_SATISFACTION_NONE);
  hd_ticket_set_status (t, HD_STATUS_IN_PROGRESS);
  hd_ticket_set_escalated (t, TRUE);
  g_list_store_append (hd_ticket_get_attachments (t), file);
  g_list_store_append (hd_ticket_get_attachments (t), order);
  g_list_store_append (hd_ticket_get_attachments (t), code);
  return t;
}
