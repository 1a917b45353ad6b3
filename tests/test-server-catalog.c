/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hd-server-catalog.h"

/*
 * The survey page's catalogue reader against the zh_CN catalogue of this
 * build, and against damaged copies of it: a damaged file is refused (the
 * page stays in English), never read out of bounds.
 */

static char *
built_catalogue (void)
{
  return g_build_filename (HD_TEST_LOCALEDIR, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
}

static void
test_lookup (void)
{
  g_autoptr(HdServerCatalog) catalog = hd_server_catalog_load (HD_TEST_LOCALEDIR, "zh_CN",
                                                               GETTEXT_PACKAGE);

  g_assert_nonnull (catalog);
  g_assert_cmpuint (hd_server_catalog_get_size (catalog), >, 100);
  g_assert_cmpstr (hd_server_catalog_lookup (catalog, "Very Satisfied"), ==, "非常满意");
  g_assert_cmpstr (hd_server_catalog_lookup (catalog, "Not Satisfied"), ==, "不满意");
  g_assert_cmpstr (hd_server_catalog_lookup (catalog, "No such message, surely"), ==,
                   "No such message, surely");
  g_assert_cmpstr (hd_server_catalog_lookup (NULL, "Satisfied"), ==, "Satisfied");
  g_assert_null (hd_server_catalog_load (HD_TEST_LOCALEDIR, "xx_XX", GETTEXT_PACKAGE));
}

/* Writes @data to DIR/zz/LC_MESSAGES/helpdesk.mo and loads it. */
static HdServerCatalog *
load_bytes (const char *dir,
            const char *data,
            gsize       size)
{
  g_autofree char *messages = g_build_filename (dir, "zz", "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
  return hd_server_catalog_load (dir, "zz", GETTEXT_PACKAGE);
}

static void
put_word (char   *data,
          gsize   offset,
          guint32 value)
{
  memcpy (data + offset, &value, 4);
}

static void
test_damaged (void)
{
  g_autofree char *path = built_catalogue ();
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("hd-catalog-XXXXXX", &error);
  g_assert_no_error (error);

  /* Every truncation: refused, or (cut inside unused bytes) complete. */
  for (gsize cut = 0; cut < size; cut += 173)
    {
      g_autoptr(HdServerCatalog) catalog = load_bytes (dir, contents, cut);

      if (catalog != NULL)
        g_assert_cmpstr (hd_server_catalog_lookup (catalog, "Very Satisfied"), ==, "非常满意");
    }

  /* Header words pointing anywhere: refused or read within the file. */
  {
    const guint32 values[] = { 0, 1, 7, (guint32) size - 1, (guint32) size, (guint32) size + 8,
                               G_MAXUINT32 / 8, G_MAXUINT32 - 3, G_MAXUINT32 };

    for (gsize field = 8; field <= 16; field += 4)
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          g_autofree char *copy = g_memdup2 (contents, size);
          g_autoptr(HdServerCatalog) catalog = NULL;

          put_word (copy, field, values[i]);
          catalog = load_bytes (dir, copy, size);
          if (catalog != NULL)
            hd_server_catalog_lookup (catalog, "Very Satisfied");
        }
  }

  /* A string entry whose length or offset runs past the end. */
  {
    guint32 originals;
    g_autofree char *copy = g_memdup2 (contents, size);
    g_autoptr(HdServerCatalog) catalog = NULL;

    memcpy (&originals, contents + 12, 4);
    put_word (copy, originals + 8, (guint32) size);
    catalog = load_bytes (dir, copy, size);
    g_assert_null (catalog);
  }

  /* Not a catalogue at all. */
  g_assert_null (load_bytes (dir, "hello, world, this is no catalogue", 34));

  {
    g_autofree char *file = g_build_filename (dir, "zz", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
    g_autofree char *messages = g_build_filename (dir, "zz", "LC_MESSAGES", NULL);
    g_autofree char *lang = g_build_filename (dir, "zz", NULL);

    g_unlink (file);
    g_rmdir (messages);
    g_rmdir (lang);
    g_rmdir (dir);
  }
}

int
main (int argc, char *argv[])
{
  g_autofree char *path = built_catalogue ();

  g_test_init (&argc, &argv, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("%s is missing: build the helpdesk-gmo target", path);

  g_test_add_func ("/server/catalog/lookup", test_lookup);
  g_test_add_func ("/server/catalog/damaged", test_damaged);
  return g_test_run ();
}
