/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-store-common.h"

/*
 * Durability under a crash: a child process creates tickets in a loop and
 * reports each one on a pipe only after hd_store_create_ticket() returned.
 * The parent kills it with SIGKILL at a random moment (GTest's seed, several
 * rounds on the same file), reopens the file, and checks that every reported
 * ticket is there, that the outbox holds exactly one create per ticket and
 * that SQLite's integrity_check passes.
 */

#define ROUNDS 6

G_GNUC_NORETURN static void
child_main (const char *path,
            int         fd)
{
  g_autoptr(GError) error = NULL;
  HdStore *store = hd_store_open (path, &error);

  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      _exit (2);
    }

  for (guint i = 0; ; i++)
    {
      g_autoptr(HdTicket) t = make_ticket (i);
      g_autofree char *line = NULL;
      gsize len;

      if (!hd_store_create_ticket (store, t, "crash-test", &error))
        {
          g_printerr ("child: %s\n", error->message);
          _exit (3);
        }
      /* Short lines: a pipe write below PIPE_BUF is atomic. */
      line = g_strdup_printf ("%s %s\n", hd_ticket_get_uuid (t), hd_ticket_get_number (t));
      len = strlen (line);
      if (write (fd, line, len) != (gssize) len)
        _exit (4);
    }
}

static void
read_available (int      fd,
                GString *out,
                int      timeout_ms)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };
  char buf[4096];

  if (poll (&pfd, 1, timeout_ms) > 0)
    {
      gssize n = read (fd, buf, sizeof buf);
      if (n > 0)
        g_string_append_len (out, buf, n);
    }
}

static void
check_store (const char *path,
             GHashTable *reported)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = hd_store_open (path, &error);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GHashTable) created = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  guint n_tickets;

  g_assert_no_error (error);
  g_assert_true (hd_store_check_integrity (store, TRUE, &error));
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, reported);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(HdTicket) t = hd_store_get_ticket (store, key, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (hd_ticket_get_number (t), ==, value);
    }

  /* At most one ticket more than reported per round: the one committed
   * just before the kill, whose report never got written. */
  n_tickets = hd_store_count_tickets (store);
  g_assert_cmpuint (n_tickets, >=, g_hash_table_size (reported));
  g_assert_cmpuint (n_tickets, <=, g_hash_table_size (reported) + ROUNDS);

  /* The outbox matches the table: one ticket.create per ticket. */
  ops = hd_store_outbox_peek (store, G_MAXUINT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, n_tickets);
  for (guint i = 0; i < ops->len; i++)
    {
      HdOutboxOp *op = ops->pdata[i];
      g_autoptr(HdTicket) t = NULL;

      g_assert_cmpstr (op->kind, ==, "ticket.create");
      g_assert_true (g_hash_table_add (created, op->entity_uuid));
      t = hd_store_get_ticket (store, op->entity_uuid, &error);
      g_assert_no_error (error);
    }
  g_hash_table_iter_init (&iter, reported);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (created, key));
}

static void
test_crash (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Create the file first, so a kill during the first open is not the test. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HdStore) store = hd_store_open (fx->path, &error);
    g_assert_no_error (error);
  }

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      int delay_ms = g_test_rand_int_range (30, 400);
      gint64 deadline;
      int fds[2];
      int status;
      pid_t pid;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          child_main (fx->path, fds[1]);
        }
      close (fds[1]);

      deadline = g_get_monotonic_time () + delay_ms * G_TIME_SPAN_MILLISECOND;
      while (g_get_monotonic_time () < deadline)
        read_available (fds[0], out, 5);

      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));

      /* Whatever was written before the kill is still in the pipe. */
      for (;;)
        {
          char buf[4096];
          gssize n = read (fds[0], buf, sizeof buf);
          if (n <= 0)
            break;
          g_string_append_len (out, buf, n);
        }
      close (fds[0]);

      lines = g_strsplit (out->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *space = strchr (lines[i], ' ');
          if (space == NULL)
            continue;
          *space = '\0';
          g_hash_table_insert (reported, g_strdup (lines[i]), g_strdup (space + 1));
        }
      g_test_message ("round %u: killed after %d ms, %u tickets reported so far",
                      round, delay_ms, g_hash_table_size (reported));

      check_store (fx->path, reported);
    }

  g_assert_cmpuint (g_hash_table_size (reported), >, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/crash/sigkill", StoreFixture, NULL,
              store_fixture_setup, test_crash, store_fixture_teardown);

  return g_test_run ();
}
