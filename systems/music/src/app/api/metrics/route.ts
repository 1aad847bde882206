/** Prometheus metrics: messaging (outbox, events, replication lag), albums on sale, HTTP durations. */
import { getMessaging } from "@scs/messaging/runtime";
import { apiRoute } from "@scs/web/api";
import { type Metric, renderMetrics } from "@scs/web/metrics";
import { getDb } from "@/db/client";
import { countAlbums } from "@/db/queries/albums";
import { countPendingEvents } from "@/db/queries/outbox";

export const dynamic = "force-dynamic";

const gauge = (name: string, help: string, samples: Metric["samples"]): Metric => ({
  name,
  help,
  type: "gauge",
  samples,
});
const counter = (name: string, help: string, value: number): Metric => ({
  name,
  help,
  type: "counter",
  samples: [{ value }],
});

export const GET = apiRoute("/api/metrics", () => {
  const status = getMessaging()?.status();
  const db = getDb();
  const now = Date.now();
  const metrics: Metric[] = [
    gauge("scs_broker_up", "1 while the broker connection is up.", [
      { value: status?.broker === "up" ? 1 : 0 },
    ]),
    gauge("scs_outbox_pending", "Outbox events not yet confirmed by the broker.", [
      { value: status?.outboxPending ?? countPendingEvents(db) },
    ]),
    gauge("scs_outbox_oldest_pending_age_seconds", "Age of the oldest unpublished outbox event.", [
      { value: status?.oldestPendingAgeSeconds ?? 0 },
    ]),
    counter(
      "scs_events_published_total",
      "Events published with broker confirmation.",
      status?.published ?? 0,
    ),
    counter("scs_events_consumed_total", "Events applied from the inbox queue.", status?.consumed ?? 0),
    counter(
      "scs_events_duplicates_total",
      "Redelivered events acknowledged without effect.",
      status?.duplicates ?? 0,
    ),
    counter(
      "scs_events_dead_lettered_total",
      "Events sent to the dead-letter queue.",
      status?.deadLettered ?? 0,
    ),
    gauge(
      "scs_replication_lag_seconds",
      "Now minus the time of the last event applied, per source.",
      (status?.lastApplied ?? []).map((applied) => ({
        labels: { source: applied.source },
        value: Math.max(0, (now - applied.eventTime) / 1000),
      })),
    ),
    gauge("scs_music_albums", "Albums held by music, per state.", [
      { labels: { state: "published" }, value: countAlbums(db, { published: true }) },
      { labels: { state: "draft" }, value: countAlbums(db, { published: false }) },
    ]),
  ];
  return new Response(renderMetrics("music", metrics), {
    headers: { "content-type": "text/plain; version=0.0.4", "cache-control": "no-store" },
  });
});
