/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-uuid"

#include "config.h"

#include <sodium.h>

#include "hd-uuid.h"

/*
 * Not g_uuid_string_random(): that draws from g_random, a Mersenne Twister
 * whose state a fork() copies, so two processes forked from one parent hand
 * out the same UUIDs (the crash test does exactly that). Record and outbox
 * UUIDs are the server's idempotency keys: a collision would make it drop an
 * operation as a replay. libsodium reads the kernel's CSPRNG (getrandom),
 * which is fork-safe and thread-safe.
 */
char *
hd_uuid_new (void)
{
  static gsize initialized;
  guint8 b[16];

  if (g_once_init_enter (&initialized))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&initialized, 1);
    }

  randombytes_buf (b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40; /* version 4 */
  b[8] = (b[8] & 0x3f) | 0x80; /* RFC 4122 variant */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}
