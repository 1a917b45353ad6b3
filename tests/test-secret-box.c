/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <sys/stat.h>

#include "hd-secret-box.h"
#include "hd-store-intake.h"

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hd-test-secret-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (dir);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  guint8 key[crypto_secretbox_KEYBYTES] = { 1, 2, 3 };
  guint8 other_key[crypto_secretbox_KEYBYTES] = { 9 };
  HdSecretBox *box = hd_secret_box_new_for_key (key, sizeof key, &error);
  HdSecretBox *other = hd_secret_box_new_for_key (other_key, sizeof other_key, &error);
  g_autofree char *sealed = NULL;
  g_autofree char *sealed_again = NULL;
  char *plain;

  g_assert_no_error (error);
  sealed = hd_secret_box_seal (box, "110101199003071234", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (sealed, "hdsb1:"));
  g_assert_null (strstr (sealed, "1234"));

  /* A fresh nonce each time: equal values do not look equal at rest. */
  sealed_again = hd_secret_box_seal (box, "110101199003071234", &error);
  g_assert_cmpstr (sealed, !=, sealed_again);

  plain = hd_secret_box_unseal (box, sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "110101199003071234");
  hd_secret_free (plain);

  /* Another key, a flipped byte or garbage: refused, never garbage out. */
  g_assert_null (hd_secret_box_unseal (other, sealed, &error));
  g_assert_error (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_INVALID);
  g_clear_error (&error);
  sealed[10] = sealed[10] == 'A' ? 'B' : 'A';
  g_assert_null (hd_secret_box_unseal (box, sealed, &error));
  g_assert_error (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (hd_secret_box_unseal (box, "hdsb1:!!", &error));
  g_clear_error (&error);

  g_object_unref (box);
  g_object_unref (other);
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  guint8 key[crypto_secretbox_KEYBYTES] = { 0 };
  HdSecretBox *box = hd_secret_box_new_for_key (key, sizeof key, &error);
  g_autofree char *big = g_strnfill (HD_SECRET_BOX_MAX_PLAINTEXT + 1, 'x');

  g_assert_null (hd_secret_box_seal (box, big, &error));
  g_assert_error (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_TOO_LARGE);
  g_object_unref (box);
}

static void
test_mask (void)
{
  g_autofree char *long_value = hd_secret_mask ("110101199003071234");
  g_autofree char *short_value = hd_secret_mask ("pass12");

  g_assert_true (g_str_has_suffix (long_value, "1234"));
  g_assert_true (g_str_has_prefix (long_value, "••••"));
  g_assert_null (strstr (long_value, "1101"));
  g_assert_cmpstr (short_value, ==, "••••••");
}

static void
test_key_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "keys", "field-key", NULL);
  g_autofree char *sealed = NULL;
  HdSecretBox *first, *second;
  GStatBuf st;
  char *plain;

  /* No keyring asked: the key file is made, private to the user. */
  first = hd_secret_box_open_default (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hd_secret_box_get_key_source (first), ==, HD_SECRET_BOX_KEY_FILE);
  g_assert_nonnull (hd_secret_box_get_warning (first));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  sealed = hd_secret_box_seal (first, "account: alice / hunter2", &error);

  /* The next start reads the same key back. */
  second = hd_secret_box_open_default (path, FALSE, &error);
  g_assert_no_error (error);
  plain = hd_secret_box_unseal (second, sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "account: alice / hunter2");
  hd_secret_free (plain);
  g_object_unref (second);

  /* A key others can read is not trusted. */
  g_chmod (path, 0644);
  g_assert_null (hd_secret_box_open_default (path, FALSE, &error));
  g_assert_error (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_KEY);

  g_object_unref (first);
  remove_tree (dir);
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return memmem (contents, len, needle, strlen (needle)) != NULL;
}

/* The plaintext never reaches the SQLite file (nor its WAL). */
static void
test_store_keeps_ciphertext (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "tickets.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *key_path = g_build_filename (dir, "field-key", NULL);
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  const char *secret = "ID-4401-SECRET-99887766";
  g_autofree char *sealed = NULL;
  g_autofree char *loaded = NULL;
  HdSecretBox *box;
  HdStore *store;
  char *plain;

  store = hd_store_open (path, &error);
  g_assert_no_error (error);
  box = hd_secret_box_open_default (key_path, FALSE, &error);
  g_assert_no_error (error);

  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_description (ticket, "Customer cannot log in after the app update");
  g_assert_true (hd_store_create_ticket (store, ticket, "tester", &error));
  sealed = hd_secret_box_seal (box, secret, &error);
  g_assert_true (hd_store_set_sensitive_field (store, hd_ticket_get_uuid (ticket), "id_number",
                                               sealed, &error));
  g_assert_no_error (error);

  loaded = hd_store_get_sensitive_field (store, hd_ticket_get_uuid (ticket), "id_number", &error);
  g_assert_no_error (error);
  plain = hd_secret_box_unseal (box, loaded, &error);
  g_assert_cmpstr (plain, ==, secret);
  hd_secret_free (plain);

  g_assert_false (file_contains (path, secret));
  g_assert_false (file_contains (wal, secret));
  g_object_unref (store); /* checkpoints the WAL into the file */
  g_assert_false (file_contains (path, secret));
  g_assert_true (file_contains (path, "hdsb1:"));

  g_object_unref (box);
  remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret-box/round-trip", test_round_trip);
  g_test_add_func ("/secret-box/too-large", test_too_large);
  g_test_add_func ("/secret-box/mask", test_mask);
  g_test_add_func ("/secret-box/key-file", test_key_file);
  g_test_add_func ("/secret-box/store-keeps-ciphertext", test_store_keeps_ciphertext);

  return g_test_run ();
}
