import { getMessaging } from "@scs/messaging/runtime";
import { apiRoute } from "@scs/web/api";
import { type Metric, renderMetrics } from "@scs/web/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/metrics", () => {
  const status = getMessaging()?.status();
  const now = Date.now();
  const metrics: Metric[] = [
    {
      name: "scs_broker_up",
      help: "1 while the broker connection is up.",
      type: "gauge",
      samples: [{ value: status?.broker === "up" ? 1 : 0 }],
    },
    {
      name: "scs_outbox_pending",
      help: "Events recorded but not yet confirmed by the broker.",
      type: "gauge",
      samples: [{ value: status?.outboxPending ?? 0 }],
    },
    {
      name: "scs_outbox_oldest_pending_age_seconds",
      help: "Age of the oldest unpublished event.",
      type: "gauge",
      samples: [{ value: status?.oldestPendingAgeSeconds ?? 0 }],
    },
    {
      name: "scs_events_published_total",
      help: "Events published with a broker confirm.",
      type: "counter",
      samples: [{ value: status?.published ?? 0 }],
    },
    {
      name: "scs_events_consumed_total",
      help: "Events applied from the inbox queue.",
      type: "counter",
      samples: [{ value: status?.consumed ?? 0 }],
    },
    {
      name: "scs_events_duplicates_total",
      help: "Redelivered events acknowledged without effect.",
      type: "counter",
      samples: [{ value: status?.duplicates ?? 0 }],
    },
    {
      name: "scs_events_dead_lettered_total",
      help: "Events sent to the dead-letter queue.",
      type: "counter",
      samples: [{ value: status?.deadLettered ?? 0 }],
    },
    {
      name: "scs_replication_lag_seconds",
      help: "Now minus the event time of the last event applied, per source.",
      type: "gauge",
      samples: (status?.lastApplied ?? []).map((a) => ({
        labels: { source: a.source },
        value: Math.max(0, (now - a.eventTime) / 1000),
      })),
    },
  ];
  return new Response(renderMetrics("catalog", metrics), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
});
