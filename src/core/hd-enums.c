/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-enums.h"

typedef struct {
  const char *id;
  const char *label; /* untranslated; passed through gettext on use */
} HdEnumEntry;

static const HdEnumEntry status_entries[] = {
  { "pending",           N_("Pending") },
  { "in_progress",       N_("In Progress") },
  { "awaiting_feedback", N_("Awaiting Feedback") },
  { "pending_close",     N_("Pending Close") },
  { "closed",            N_("Closed") },
};

static const HdEnumEntry channel_entries[] = {
  { "phone",  N_("Phone") },
  { "chat",   N_("Online Chat") },
  { "email",  N_("Email") },
  { "social", N_("Social Media") },
  { "sms",    N_("SMS") },
  { "other",  N_("Other") },
};

static const HdEnumEntry emotion_entries[] = {
  { "calm",         N_("Calm") },
  { "anxious",      N_("Anxious") },
  { "dissatisfied", N_("Dissatisfied") },
  { "angry",        N_("Angry") },
};

static const HdEnumEntry satisfaction_entries[] = {
  { "none",           N_("Not Rated") },
  { "very_satisfied", N_("Very Satisfied") },
  { "satisfied",      N_("Satisfied") },
  { "neutral",        N_("Neutral") },
  /* Translators: a satisfaction survey answer */
  { "dissatisfied",   N_("Not Satisfied") },
};

static const HdEnumEntry sync_state_entries[] = {
  { "pending",  N_("Waiting to Sync") },
  { "synced",   N_("Synced") },
  { "conflict", N_("Changed on Server") },
};

static const HdEnumEntry event_kind_entries[] = {
  { "created",             N_("Created") },
  { "note",                N_("Progress Note") },
  { "status_change",       N_("Status Changed") },
  { "assignment",          N_("Assigned") },
  { "priority_change",     N_("Priority Changed") },
  { "escalation_request",  N_("Escalation Requested") },
  { "escalation_decision", N_("Escalation Decided") },
  { "escalated",           N_("Escalated") },
  { "survey_answer",       N_("Survey Answered") },
  { "field_change",        N_("Edited") },
  { "link",                N_("Ticket Linked") },
  { "unlink",              N_("Ticket Unlinked") },
};

static const HdEnumEntry impact_entries[] = {
  { "single",   N_("One customer") },
  { "many",     N_("Many customers") },
  { "core_all", N_("Core function for all customers") },
};

static const HdEnumEntry urgency_entries[] = {
  { "blocking", N_("Cannot use the service or losing money") },
  { "degraded", N_("Service degraded") },
  { "inquiry",  N_("Inquiry") },
};

static const char *
entry_id (const HdEnumEntry *entries, guint n, guint value)
{
  return value < n ? entries[value].id : NULL;
}

static const char *
entry_label (const HdEnumEntry *entries, guint n, guint value)
{
  return value < n ? g_dgettext (GETTEXT_PACKAGE, entries[value].label) : NULL;
}

static gboolean
entry_from_id (const HdEnumEntry *entries, guint n, const char *id, guint *out)
{
  if (id == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (entries[i].id, id))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

#define HD_DEFINE_ENUM_IDS(prefix, Type, table)                                   \
  const char *prefix##_to_id (Type v)                                             \
  { return entry_id (table, G_N_ELEMENTS (table), (guint) v); }                   \
  const char *prefix##_get_label (Type v)                                         \
  { return entry_label (table, G_N_ELEMENTS (table), (guint) v); }                \
  gboolean prefix##_from_id (const char *id, Type *out)                           \
  {                                                                               \
    guint v;                                                                      \
    if (!entry_from_id (table, G_N_ELEMENTS (table), id, &v))                     \
      return FALSE;                                                               \
    if (out != NULL)                                                              \
      *out = (Type) v;                                                            \
    return TRUE;                                                                  \
  }

HD_DEFINE_ENUM_IDS (hd_status, HdStatus, status_entries)
HD_DEFINE_ENUM_IDS (hd_channel, HdChannel, channel_entries)
HD_DEFINE_ENUM_IDS (hd_emotion, HdEmotion, emotion_entries)
HD_DEFINE_ENUM_IDS (hd_satisfaction, HdSatisfaction, satisfaction_entries)
HD_DEFINE_ENUM_IDS (hd_sync_state, HdSyncState, sync_state_entries)
HD_DEFINE_ENUM_IDS (hd_event_kind, HdEventKind, event_kind_entries)
HD_DEFINE_ENUM_IDS (hd_impact, HdImpact, impact_entries)
HD_DEFINE_ENUM_IDS (hd_urgency, HdUrgency, urgency_entries)
