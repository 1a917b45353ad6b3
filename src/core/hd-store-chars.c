/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <string.h>

#include "hd-store-private.h"

/*
 * The "hd_chars" FTS5 tokenizer: every character is a token, spaces
 * included, ASCII letters folded to lower case. The trigram index answers
 * terms of three characters or more; this one answers the shorter terms a
 * user types first ("客", "登录", "E1") as FTS5 phrases of adjacent
 * characters, which match exactly what LIKE '%term%' over the same columns
 * matches (LIKE folds ASCII case only, so does this), without reading
 * every ticket.
 */

static int
chars_create (void          *context,
              const char   **argv,
              int            argc,
              Fts5Tokenizer **out)
{
  /* No state: any non-NULL handle will do. */
  *out = (Fts5Tokenizer *) context;
  return SQLITE_OK;
}

static void
chars_delete (Fts5Tokenizer *tokenizer)
{
}

/* The length of the UTF-8 sequence starting with @lead; 1 for a stray byte,
 * so malformed text still tokenizes byte by byte. */
static int
sequence_length (unsigned char lead)
{
  if (lead < 0xc0)
    return 1;
  if (lead < 0xe0)
    return 2;
  if (lead < 0xf0)
    return 3;
  if (lead < 0xf8)
    return 4;
  return 1;
}

static int
chars_tokenize (Fts5Tokenizer *tokenizer,
                void          *context,
                int            flags,
                const char    *text,
                int            n_bytes,
                int          (*token) (void *, int, const char *, int, int, int))
{
  for (int i = 0; i < n_bytes;)
    {
      unsigned char c = (unsigned char) text[i];
      int len = MIN (sequence_length (c), n_bytes - i);
      int rc;

      if (len == 1 && c >= 'A' && c <= 'Z')
        {
          char folded = (char) (c - 'A' + 'a');
          rc = token (context, 0, &folded, 1, i, i + 1);
        }
      else
        rc = token (context, 0, text + i, len, i, i + len);
      if (rc != SQLITE_OK)
        return rc;
      i += len;
    }
  return SQLITE_OK;
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return api;
}

/* Makes "hd_chars" known to @db: every connection that writes tickets or
 * searches them needs it (the tickets_chars table and its triggers). */
gboolean
hd_store_register_tokenizers (sqlite3 *db)
{
  static fts5_tokenizer chars = { chars_create, chars_delete, chars_tokenize };
  static int handle;
  fts5_api *api = get_fts5_api (db);

  if (api == NULL || api->iVersion < 2)
    {
      g_warning ("SQLite has no FTS5: short search terms cannot be indexed");
      return FALSE;
    }
  return api->xCreateTokenizer (api, "hd_chars", &handle, &chars, NULL) == SQLITE_OK;
}
