/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include "hd-sync-scheduler.h"

struct _HdSyncScheduler
{
  GObject parent_instance;

  HdSyncEngine *engine;
  GNetworkMonitor *monitor;
  GCancellable *cancellable;
  GRand *rand;

  guint period_ms;
  guint change_delay_ms;
  guint backoff_base_ms;
  guint backoff_max_ms;

  gboolean running;
  gboolean in_flight;
  guint failures;
  guint timer_id;
  gint64 due_at;               /* monotonic µs of timer_id */
  gulong network_handler;
  gulong store_handler;
};

G_DEFINE_FINAL_TYPE (HdSyncScheduler, hd_sync_scheduler, G_TYPE_OBJECT)

static void schedule (HdSyncScheduler *self, guint delay_ms);

guint
hd_sync_backoff_delay (guint  attempt,
                       guint  base_ms,
                       guint  max_ms,
                       GRand *rand)
{
  guint64 delay = base_ms;

  g_return_val_if_fail (rand != NULL, base_ms);

  for (guint i = 0; i < attempt && delay < max_ms; i++)
    delay *= 2;
  delay = MIN (delay, (guint64) max_ms);
  if (delay < 2)
    return (guint) delay;
  return (guint) (delay / 2 + g_rand_int_range (rand, 0, (gint32) MIN (delay / 2 + 1, G_MAXINT32)));
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HdSyncScheduler) self = user_data;
  g_autoptr(GError) error = NULL;

  self->in_flight = FALSE;
  if (hd_sync_engine_sync_finish (HD_SYNC_ENGINE (source), result, &error))
    {
      self->failures = 0;
      if (self->running)
        schedule (self, self->period_ms);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    return;

  if (hd_sync_error_is_transient (error))
    {
      guint delay = hd_sync_backoff_delay (self->failures, self->backoff_base_ms,
                                           self->backoff_max_ms, self->rand);
      self->failures++;
      g_debug ("Sync attempt %u failed; next in %u ms", self->failures, delay);
      schedule (self, delay);
    }
  else
    {
      /* Sign-in or refusal: retrying alone changes nothing. */
      self->failures++;
      g_clear_handle_id (&self->timer_id, g_source_remove);
      self->due_at = 0;
    }
}

static void
sync_now_internal (HdSyncScheduler *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->due_at = 0;
  if (self->in_flight)
    return;
  self->in_flight = TRUE;
  hd_sync_engine_sync_async (self->engine, self->cancellable, on_synced, g_object_ref (self));
}

static gboolean
on_timer (gpointer data)
{
  HdSyncScheduler *self = data;

  self->timer_id = 0;
  self->due_at = 0;
  sync_now_internal (self);
  return G_SOURCE_REMOVE;
}

/* Replaces the planned attempt by one @delay_ms from now. */
static void
schedule (HdSyncScheduler *self,
          guint            delay_ms)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->due_at = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  self->timer_id = g_timeout_add (delay_ms, on_timer, self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    HdSyncScheduler *self)
{
  if (!self->running || !available)
    return;
  /* The network is back: the backoff was about the old one. */
  self->failures = 0;
  schedule (self, MIN (self->change_delay_ms, 1000));
}

static void
on_store_changed (HdSyncScheduler *self)
{
  gint64 soon = g_get_monotonic_time () + (gint64) self->change_delay_ms * 1000;

  /* Sooner than planned only; a backoff in progress is kept. Changes that
   * sync itself applied leave nothing to send and plan nothing. */
  if (!self->running || self->failures > 0 ||
      hd_store_outbox_count (hd_sync_engine_get_store (self->engine)) == 0)
    return;
  if (self->timer_id == 0 || self->due_at > soon)
    schedule (self, self->change_delay_ms);
}

void
hd_sync_scheduler_start (HdSyncScheduler *self)
{
  g_return_if_fail (HD_IS_SYNC_SCHEDULER (self));

  if (self->running)
    return;
  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (on_network_changed), self);
  self->store_handler = g_signal_connect_swapped (hd_sync_engine_get_store (self->engine),
                                                  "tickets-changed", G_CALLBACK (on_store_changed), self);
  sync_now_internal (self);
}

void
hd_sync_scheduler_stop (HdSyncScheduler *self)
{
  g_return_if_fail (HD_IS_SYNC_SCHEDULER (self));

  if (!self->running)
    return;
  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->due_at = 0;
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_signal_handler (&self->store_handler, hd_sync_engine_get_store (self->engine));
}

void
hd_sync_scheduler_sync_now (HdSyncScheduler *self)
{
  g_return_if_fail (HD_IS_SYNC_SCHEDULER (self));

  self->failures = 0;
  if (!self->running)
    hd_sync_scheduler_start (self);
  else
    sync_now_internal (self);
}

guint
hd_sync_scheduler_get_failures (HdSyncScheduler *self)
{
  g_return_val_if_fail (HD_IS_SYNC_SCHEDULER (self), 0);
  return self->failures;
}

gint64
hd_sync_scheduler_get_next_delay (HdSyncScheduler *self)
{
  g_return_val_if_fail (HD_IS_SYNC_SCHEDULER (self), -1);

  if (self->timer_id == 0)
    return -1;
  return MAX (0, (self->due_at - g_get_monotonic_time ()) / 1000);
}

void
hd_sync_scheduler_set_timing (HdSyncScheduler *self,
                              guint            period_ms,
                              guint            change_delay_ms,
                              guint            backoff_base_ms,
                              guint            backoff_max_ms)
{
  g_return_if_fail (HD_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (period_ms > 0 && backoff_base_ms > 0 && backoff_max_ms >= backoff_base_ms);

  self->period_ms = period_ms;
  self->change_delay_ms = change_delay_ms;
  self->backoff_base_ms = backoff_base_ms;
  self->backoff_max_ms = backoff_max_ms;
}

void
hd_sync_scheduler_set_seed (HdSyncScheduler *self,
                            guint32          seed)
{
  g_return_if_fail (HD_IS_SYNC_SCHEDULER (self));
  g_rand_set_seed (self->rand, seed);
}

HdSyncEngine *
hd_sync_scheduler_get_engine (HdSyncScheduler *self)
{
  g_return_val_if_fail (HD_IS_SYNC_SCHEDULER (self), NULL);
  return self->engine;
}

HdSyncScheduler *
hd_sync_scheduler_new (HdSyncEngine *engine)
{
  HdSyncScheduler *self;

  g_return_val_if_fail (HD_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (HD_TYPE_SYNC_SCHEDULER, NULL);
  self->engine = g_object_ref (engine);
  return self;
}

static void
hd_sync_scheduler_dispose (GObject *object)
{
  HdSyncScheduler *self = HD_SYNC_SCHEDULER (object);

  if (self->engine != NULL)
    hd_sync_scheduler_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (hd_sync_scheduler_parent_class)->dispose (object);
}

static void
hd_sync_scheduler_finalize (GObject *object)
{
  HdSyncScheduler *self = HD_SYNC_SCHEDULER (object);

  g_rand_free (self->rand);

  G_OBJECT_CLASS (hd_sync_scheduler_parent_class)->finalize (object);
}

static void
hd_sync_scheduler_class_init (HdSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hd_sync_scheduler_dispose;
  object_class->finalize = hd_sync_scheduler_finalize;
}

static void
hd_sync_scheduler_init (HdSyncScheduler *self)
{
  self->period_ms = 5 * 60 * 1000;
  self->change_delay_ms = 2000;
  self->backoff_base_ms = 2000;
  self->backoff_max_ms = 5 * 60 * 1000;
  self->rand = g_rand_new ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
}
