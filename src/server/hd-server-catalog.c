/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-server-catalog.h"

/* The .mo format (GNU gettext manual, "The Format of GNU MO Files"): a
 * header of 32-bit words — magic, revision, count N, offset of the original
 * strings' table, offset of the translations' table — and two tables of N
 * (length, offset) pairs. Every length and offset is checked against the
 * file size before use. */
#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
#define MO_MAX_SIZE      (16 * 1024 * 1024)

struct _HdServerCatalog
{
  GHashTable *messages; /* msgid → translation */
};

typedef struct {
  const guint8 *data;
  gsize size;
  gboolean swapped;
} MoFile;

static gboolean
read_word (const MoFile *mo,
           gsize         offset,
           guint32      *out)
{
  guint32 word;

  if (offset > mo->size || mo->size - offset < 4)
    return FALSE;
  memcpy (&word, mo->data + offset, 4);
  *out = mo->swapped ? GUINT32_SWAP_LE_BE (word) : word;
  return TRUE;
}

/* The string of entry @index of the table at @table: its first
 * NUL-terminated part (the singular form). */
static const char *
read_string (const MoFile *mo,
             guint32       table,
             guint32       index,
             gsize        *length)
{
  guint32 len, offset;

  if (!read_word (mo, (gsize) table + (gsize) index * 8, &len) ||
      !read_word (mo, (gsize) table + (gsize) index * 8 + 4, &offset))
    return NULL;
  /* The string and its terminating NUL lie inside the file. */
  if (offset > mo->size || mo->size - offset <= len || mo->data[offset + len] != '\0')
    return NULL;
  *length = strlen ((const char *) mo->data + offset);
  return (const char *) mo->data + offset;
}

HdServerCatalog *
hd_server_catalog_load (const char *localedir,
                        const char *language,
                        const char *domain)
{
  g_autoptr(HdServerCatalog) self = NULL;
  g_autofree char *name = g_strconcat (domain, ".mo", NULL);
  g_autofree char *path = g_build_filename (localedir, language, "LC_MESSAGES", name, NULL);
  g_autoptr(GMappedFile) file = NULL;
  guint32 magic, revision, count, originals, translations;
  MoFile mo;

  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    return NULL;
  mo.data = (const guint8 *) g_mapped_file_get_contents (file);
  mo.size = g_mapped_file_get_length (file);
  mo.swapped = FALSE;
  if (mo.size < 20 || mo.size > MO_MAX_SIZE)
    return NULL;
  memcpy (&magic, mo.data, 4);
  if (magic == MO_MAGIC_SWAPPED)
    mo.swapped = TRUE;
  else if (magic != MO_MAGIC)
    return NULL;
  if (!read_word (&mo, 4, &revision) || (revision >> 16) != 0 ||
      !read_word (&mo, 8, &count) || !read_word (&mo, 12, &originals) ||
      !read_word (&mo, 16, &translations) || count > mo.size / 8)
    {
      g_message ("%s is not a catalogue this server can read", path);
      return NULL;
    }

  self = g_new0 (HdServerCatalog, 1);
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint32 i = 0; i < count; i++)
    {
      gsize msgid_len = 0, msgstr_len = 0;
      const char *msgid = read_string (&mo, originals, i, &msgid_len);
      const char *msgstr = read_string (&mo, translations, i, &msgstr_len);

      if (msgid == NULL || msgstr == NULL)
        {
          g_message ("%s is truncated or malformed", path);
          return NULL;
        }
      /* The header (empty msgid), context entries and empty translations
       * are of no use here. */
      if (msgid_len == 0 || msgstr_len == 0 || memchr (msgid, '\004', msgid_len) != NULL ||
          !g_utf8_validate (msgstr, msgstr_len, NULL))
        continue;
      g_hash_table_insert (self->messages, g_strndup (msgid, msgid_len),
                           g_strndup (msgstr, msgstr_len));
    }
  return g_steal_pointer (&self);
}

const char *
hd_server_catalog_lookup (HdServerCatalog *self,
                          const char      *msgid)
{
  const char *translation;

  if (self == NULL)
    return msgid;
  translation = g_hash_table_lookup (self->messages, msgid);
  return translation != NULL ? translation : msgid;
}

guint
hd_server_catalog_get_size (HdServerCatalog *self)
{
  return self != NULL ? g_hash_table_size (self->messages) : 0;
}

void
hd_server_catalog_free (HdServerCatalog *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_free (self);
}
