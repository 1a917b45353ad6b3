/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-attachment"

#include "config.h"

#include "hd-attachment.h"

struct _HdAttachment
{
  GObject parent_instance;

  HdAttachmentKind kind;
  char *name;
  char *mime_type;
  gint64 size;
  char *sha256;
  char *text;
};

G_DEFINE_FINAL_TYPE (HdAttachment, hd_attachment, G_TYPE_OBJECT)

static const char * const kind_ids[] = { "file", "order_number", "error_code" };

const char *
hd_attachment_kind_to_id (HdAttachmentKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_ids) ? kind_ids[kind] : NULL;
}

gboolean
hd_attachment_kind_from_id (const char       *id,
                            HdAttachmentKind *out)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (kind_ids); i++)
    if (g_str_equal (id, kind_ids[i]))
      {
        if (out != NULL)
          *out = (HdAttachmentKind) i;
        return TRUE;
      }
  return FALSE;
}

HdAttachment *
hd_attachment_new_file (const char *name,
                        const char *mime_type,
                        gint64      size,
                        const char *sha256)
{
  HdAttachment *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (size >= 0, NULL);

  self = g_object_new (HD_TYPE_ATTACHMENT, NULL);
  self->kind = HD_ATTACHMENT_FILE;
  self->name = g_strdup (name);
  self->mime_type = g_strdup (mime_type ? mime_type : "application/octet-stream");
  self->size = size;
  self->sha256 = g_strdup (sha256);
  return self;
}

HdAttachment *
hd_attachment_new_text (HdAttachmentKind  kind,
                        const char       *text)
{
  HdAttachment *self;

  g_return_val_if_fail (kind != HD_ATTACHMENT_FILE, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (HD_TYPE_ATTACHMENT, NULL);
  self->kind = kind;
  self->text = g_strdup (text);
  self->name = g_strdup (text);
  self->size = (gint64) strlen (text);
  return self;
}

HdAttachmentKind hd_attachment_get_kind (HdAttachment *self) { g_return_val_if_fail (HD_IS_ATTACHMENT (self), 0); return self->kind; }
const char *hd_attachment_get_name (HdAttachment *self) { g_return_val_if_fail (HD_IS_ATTACHMENT (self), NULL); return self->name; }
const char *hd_attachment_get_mime_type (HdAttachment *self) { g_return_val_if_fail (HD_IS_ATTACHMENT (self), NULL); return self->mime_type; }
gint64 hd_attachment_get_size (HdAttachment *self) { g_return_val_if_fail (HD_IS_ATTACHMENT (self), 0); return self->size; }
const char *hd_attachment_get_sha256 (HdAttachment *self) { g_return_val_if_fail (HD_IS_ATTACHMENT (self), NULL); return self->sha256; }
const char *hd_attachment_get_text (HdAttachment *self) { g_return_val_if_fail (HD_IS_ATTACHMENT (self), NULL); return self->text; }

gboolean
hd_attachment_equal (HdAttachment *a,
                     HdAttachment *b)
{
  g_return_val_if_fail (HD_IS_ATTACHMENT (a), FALSE);
  g_return_val_if_fail (HD_IS_ATTACHMENT (b), FALSE);

  return a->kind == b->kind && a->size == b->size &&
         g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->mime_type, b->mime_type) == 0 &&
         g_strcmp0 (a->sha256, b->sha256) == 0 && g_strcmp0 (a->text, b->text) == 0;
}

gboolean
hd_attachment_list_find (GListModel   *list,
                         HdAttachment *attachment,
                         guint        *position)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (list), FALSE);
  g_return_val_if_fail (HD_IS_ATTACHMENT (attachment), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(HdAttachment) item = g_list_model_get_item (list, i);

      if (hd_attachment_equal (item, attachment))
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
hd_attachment_lists_equal (GListModel *a,
                           GListModel *b)
{
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (a), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (b), FALSE);

  n = g_list_model_get_n_items (a);
  if (n != g_list_model_get_n_items (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HdAttachment) x = g_list_model_get_item (a, i);
      g_autoptr(HdAttachment) y = g_list_model_get_item (b, i);

      if (!hd_attachment_equal (x, y))
        return FALSE;
    }
  return TRUE;
}

static void
hd_attachment_finalize (GObject *object)
{
  HdAttachment *self = (HdAttachment *) object;

  g_free (self->name);
  g_free (self->mime_type);
  g_free (self->sha256);
  g_free (self->text);

  G_OBJECT_CLASS (hd_attachment_parent_class)->finalize (object);
}

static void
hd_attachment_class_init (HdAttachmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_attachment_finalize;
}

static void
hd_attachment_init (HdAttachment *self)
{
}
