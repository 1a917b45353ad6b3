/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "hd-credentials.h"
#include "hd-secret-box.h"

/*
 * The keyring path of HdCredentials and HdSecretBox against a real Secret
 * Service: gnome-keyring-daemon on a private session bus, started by
 * tests/run-with-keyring.sh (which sets HD_TEST_KEYRING=1). Without the
 * wrapper the test is skipped; under it, a keyring that does not answer is
 * a failure.
 */

#define SERVER "https://helpdesk.example.org:8443"

static const SecretSchema account_schema = {
  "org.helpdesk.HelpDesk.Account", SECRET_SCHEMA_NONE,
  { { "server-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 } },
};

static const SecretSchema field_key_schema = {
  "org.helpdesk.HelpDesk.FieldKey", SECRET_SCHEMA_NONE,
  { { "purpose", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 } },
};

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
save (HdCredentials *creds,
      const char    *user,
      const char    *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hd_credentials_save_async (creds, SERVER, user, token, NULL, store_result, &result);
  g_assert_true (hd_credentials_save_finish (creds, wait_for (&result), &error));
  g_assert_no_error (error);
}

static char *
lookup (HdCredentials *creds,
        const char    *user)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  hd_credentials_lookup_async (creds, SERVER, user, NULL, store_result, &result);
  token = hd_credentials_lookup_finish (creds, wait_for (&result), &error);
  g_assert_no_error (error);
  return token;
}

static void
clear (HdCredentials *creds,
       const char    *user)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hd_credentials_clear_async (creds, SERVER, user, NULL, store_result, &result);
  g_assert_true (hd_credentials_clear_finish (creds, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* What the keyring itself holds, read with libsecret directly. */
static char *
keyring_token (const char *user)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (&account_schema, NULL, &error,
                                              "server-url", SERVER, "username", user, NULL);
  char *copy;

  g_assert_no_error (error);
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

static void
test_credentials (void)
{
  g_autoptr(HdCredentials) creds = hd_credentials_new_keyring ();
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  g_autofree char *raw = NULL;

  g_assert_true (hd_credentials_is_keyring (creds));
  g_assert_null (lookup (creds, "alice"));

  save (creds, "alice", "tok-alice-1");
  save (creds, "bob", "tok-bob");
  token = lookup (creds, "alice");
  g_assert_cmpstr (token, ==, "tok-alice-1");
  /* It is in the Secret Service under the documented schema and attributes
   * (docs/sync-protocol.md §12.5), not in memory. */
  raw = keyring_token ("alice");
  g_assert_cmpstr (raw, ==, "tok-alice-1");
  g_clear_pointer (&token, g_free);

  /* A new sign-in replaces the item; a new object reads the same keyring. */
  save (creds, "alice", "tok-alice-2");
  {
    g_autoptr(HdCredentials) again = hd_credentials_new_keyring ();
    token = lookup (again, "alice");
    g_assert_cmpstr (token, ==, "tok-alice-2");
  }

  /* Sign-out forgets one account only; clearing twice is harmless. */
  clear (creds, "alice");
  g_assert_null (lookup (creds, "alice"));
  g_assert_null (keyring_token ("alice"));
  clear (creds, "alice");
  other = lookup (creds, "bob");
  g_assert_cmpstr (other, ==, "tok-bob");
  clear (creds, "bob");
  g_assert_null (lookup (creds, "bob"));
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hd-test-keyring-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_secret_box_key (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *key_dir = g_build_filename (dir, "keys", NULL);
  g_autofree char *key_file = g_build_filename (key_dir, "field-key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdSecretBox) box = NULL;
  g_autoptr(HdSecretBox) reloaded = NULL;
  g_autoptr(HdSecretBox) from_thread = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *stored = NULL;
  char *plain;

  /* First use: a new key, stored in the keyring; no key file. */
  box = hd_secret_box_open_default (key_file, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (box);
  g_assert_cmpint (hd_secret_box_get_key_source (box), ==, HD_SECRET_BOX_KEY_KEYRING);
  g_assert_null (hd_secret_box_get_warning (box));
  g_assert_false (g_file_test (key_file, G_FILE_TEST_EXISTS));
  stored = secret_password_lookup_sync (&field_key_schema, NULL, &error,
                                        "purpose", "field-encryption", NULL);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  secret_password_free (g_steal_pointer (&stored));

  sealed = hd_secret_box_seal (box, "6222 0000 1111 2345", &error);
  g_assert_no_error (error);

  /* Reopened (a new start of the app): the same key from the keyring. */
  reloaded = hd_secret_box_open_default (key_file, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hd_secret_box_get_key_source (reloaded), ==, HD_SECRET_BOX_KEY_KEYRING);
  plain = hd_secret_box_unseal (reloaded, sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "6222 0000 1111 2345");
  hd_secret_free (plain);

  /* The worker-thread variant the app uses finds the same key. */
  hd_secret_box_open_default_async (key_file, TRUE, NULL, store_result, &result);
  from_thread = hd_secret_box_open_default_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (hd_secret_box_get_key_source (from_thread), ==, HD_SECRET_BOX_KEY_KEYRING);
  plain = hd_secret_box_unseal (from_thread, sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "6222 0000 1111 2345");
  hd_secret_free (plain);

  /* With the keyring available nothing is written to disk. */
  g_assert_false (g_file_test (key_file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (key_dir, G_FILE_TEST_EXISTS) &&
                  g_file_test (key_file, G_FILE_TEST_IS_REGULAR));

  /* Told not to use the keyring, the same call falls back to the 0600 file. */
  {
    g_autoptr(HdSecretBox) file_box = hd_secret_box_open_default (key_file, FALSE, &error);
    GStatBuf st;

    g_assert_no_error (error);
    g_assert_cmpint (hd_secret_box_get_key_source (file_box), ==, HD_SECRET_BOX_KEY_FILE);
    g_assert_nonnull (hd_secret_box_get_warning (file_box));
    g_assert_cmpint (g_stat (key_file, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    /* A different key: what the keyring's key sealed stays closed to it. */
    g_assert_null (hd_secret_box_unseal (file_box, sealed, &error));
    g_assert_error (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_remove (key_file);
  g_rmdir (key_dir);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (g_getenv ("HD_TEST_KEYRING"), "1") != 0)
    {
      g_printerr ("SKIP: run through tests/run-with-keyring.sh (a private bus with gnome-keyring)\n");
      return 77;
    }
  /* The wrapper started the daemon: from here on a failure is a failure. */
  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION | SECRET_SERVICE_LOAD_COLLECTIONS,
                                     NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/keyring/credentials", test_credentials);
  g_test_add_func ("/keyring/secret-box-key", test_secret_box_key);
  return g_test_run ();
}
