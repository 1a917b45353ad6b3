/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "hd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HdApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* HELPDESK_LOCALEDIR lets an uninstalled build (build-aux/run.sh) find the
   * catalogues meson compiled into <builddir>/po. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("HELPDESK_LOCALEDIR") ? g_getenv ("HELPDESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = hd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
