/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-config-item.h"
#include "hd-test-ui.h"

char *
hd_test_make_dir (const char *template)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
hd_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        hd_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (dir);
}

HdStore *
hd_test_open_store (const char  *dir,
                    char       **path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (dir, "tickets.db", NULL);
  HdStore *store = hd_store_open (file, &error);

  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (store, TRUE);
  if (path != NULL)
    *path = g_steal_pointer (&file);
  return store;
}

void
hd_test_drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
hd_test_select_config_item (AdwComboRow *row,
                            const char  *id)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HdConfigItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (hd_config_item_get_id (item), id) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_assert_not_reached ();
}
