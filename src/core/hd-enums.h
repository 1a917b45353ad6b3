/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Ticket statuses (SPEC R5.1, 工单状态). Stored by their stable id string. */
typedef enum {
  HD_STATUS_PENDING,           /* 待处理 */
  HD_STATUS_IN_PROGRESS,       /* 处理中 */
  HD_STATUS_AWAITING_FEEDBACK, /* 待反馈 */
  HD_STATUS_PENDING_CLOSE,     /* 待关闭 */
  HD_STATUS_CLOSED,            /* 已关闭 */
} HdStatus;
#define HD_N_STATUSES (HD_STATUS_CLOSED + 1)

/* First-contact channel (SPEC R1.1, 渠道). */
typedef enum {
  HD_CHANNEL_PHONE,
  HD_CHANNEL_CHAT,
  HD_CHANNEL_EMAIL,
  HD_CHANNEL_SOCIAL,
  HD_CHANNEL_SMS,
  HD_CHANNEL_OTHER,
} HdChannel;

/* Customer emotion (SPEC R1.3, 客户情绪). */
typedef enum {
  HD_EMOTION_CALM,
  HD_EMOTION_ANXIOUS,
  HD_EMOTION_DISSATISFIED,
  HD_EMOTION_ANGRY,
} HdEmotion;

/* Satisfaction survey answer (SPEC R6.2, 客户满意度). NONE = not answered. */
typedef enum {
  HD_SATISFACTION_NONE,
  HD_SATISFACTION_VERY_SATISFIED,
  HD_SATISFACTION_SATISFIED,
  HD_SATISFACTION_NEUTRAL,
  HD_SATISFACTION_DISSATISFIED,
} HdSatisfaction;

/* Where a record stands with the server (SPEC R9). */
typedef enum {
  HD_SYNC_STATE_PENDING,  /* local changes waiting in the outbox */
  HD_SYNC_STATE_SYNCED,
  HD_SYNC_STATE_CONFLICT, /* a change of ours was replaced; shown to the user */
} HdSyncState;

/* Timeline event kinds (SPEC R4.2, 处理进度记录). */
typedef enum {
  HD_EVENT_CREATED,
  HD_EVENT_NOTE,
  HD_EVENT_STATUS_CHANGE,
  HD_EVENT_ASSIGNMENT,
  HD_EVENT_PRIORITY_CHANGE,
  HD_EVENT_ESCALATION_REQUEST,
  HD_EVENT_ESCALATION_DECISION,
  HD_EVENT_ESCALATED,
  HD_EVENT_SURVEY_ANSWER,
  HD_EVENT_FIELD_CHANGE,
  HD_EVENT_LINK,               /* data: {"ticket_uuid", "relation"} (hd-ticket-links.h) */
  HD_EVENT_UNLINK,             /* data: {"ticket_uuid"} */
} HdEventKind;

/* Impact scope (SPEC R2.2, 影响范围). */
typedef enum {
  HD_IMPACT_SINGLE,   /* one customer */
  HD_IMPACT_MANY,     /* many customers */
  HD_IMPACT_CORE_ALL, /* core function, all customers */
} HdImpact;

/* Urgency (SPEC R2.2, 紧急程度). */
typedef enum {
  HD_URGENCY_BLOCKING, /* cannot use the service or losing money */
  HD_URGENCY_DEGRADED,
  HD_URGENCY_INQUIRY,
} HdUrgency;

/* Stable ids (for storage, JSON and configuration) and translated labels. */
const char *hd_status_to_id          (HdStatus status);
gboolean    hd_status_from_id        (const char *id, HdStatus *out);
const char *hd_status_get_label      (HdStatus status);

const char *hd_channel_to_id         (HdChannel channel);
gboolean    hd_channel_from_id       (const char *id, HdChannel *out);
const char *hd_channel_get_label     (HdChannel channel);

const char *hd_emotion_to_id         (HdEmotion emotion);
gboolean    hd_emotion_from_id       (const char *id, HdEmotion *out);
const char *hd_emotion_get_label     (HdEmotion emotion);

const char *hd_satisfaction_to_id    (HdSatisfaction satisfaction);
gboolean    hd_satisfaction_from_id  (const char *id, HdSatisfaction *out);
const char *hd_satisfaction_get_label (HdSatisfaction satisfaction);

const char *hd_sync_state_to_id      (HdSyncState state);
gboolean    hd_sync_state_from_id    (const char *id, HdSyncState *out);
const char *hd_sync_state_get_label  (HdSyncState state);

const char *hd_event_kind_to_id      (HdEventKind kind);
gboolean    hd_event_kind_from_id    (const char *id, HdEventKind *out);
const char *hd_event_kind_get_label  (HdEventKind kind);

const char *hd_impact_to_id          (HdImpact impact);
gboolean    hd_impact_from_id        (const char *id, HdImpact *out);
const char *hd_impact_get_label      (HdImpact impact);

const char *hd_urgency_to_id         (HdUrgency urgency);
gboolean    hd_urgency_from_id       (const char *id, HdUrgency *out);
const char *hd_urgency_get_label     (HdUrgency urgency);

G_END_DECLS
