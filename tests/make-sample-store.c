/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fills a ticket cache with sample tickets: for screenshots and trying the app.
 * Usage: make-sample-store FILE [N] [SEED] */
#include "config.h"

#include <stdlib.h>

#include "hd-config.h"
#include "hd-sample-data.h"
#include "hd-store.h"

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = NULL;
  g_autoptr(HdStore) store = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  guint n = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 40;
  guint32 seed = argc > 3 ? (guint32) strtoul (argv[3], NULL, 10) : 1;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE [N] [SEED]\n", argv[0]);
      return 2;
    }

  config = hd_config_load_default (&error);
  if (config != NULL)
    store = hd_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  hd_store_set_assigns_final_numbers (store, TRUE);
  tickets = hd_sample_data_generate (config, n, seed, g_get_real_time () / G_USEC_PER_SEC);
  if (!hd_store_create_tickets (store, tickets, "张伟", &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%u tickets in %s\n", tickets->len, argv[1]);
  return 0;
}
