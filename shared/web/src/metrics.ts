/**
 * Prometheus text exposition for a system's /api/metrics, rendered by prom-client. One registry per
 * process (on globalThis, because Next.js bundles route modules and instrumentation separately)
 * holds what accumulates over the process's life: Node's runtime metrics (event-loop lag, heap, GC,
 * CPU, handles; prom-client's `collectDefaultMetrics`), HTTP request durations and replication lag
 * as histograms. Figures read at scrape time (the messaging runtime's status, a system's own counts)
 * are described as `Metric`s by the route and rendered through the same registry, merged with it.
 * Every sample carries the `system` label.
 */
import type { MessagingStatus } from "@scs/messaging/types";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Replication lag: the targets are p50 < 10 ms and p99 < 50 ms; the alert fires at p99 > 1 s. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

interface ProcessMetrics {
  registry: Registry;
  http: Histogram<"route" | "method" | "status">;
  replicationLag: Histogram<"source">;
}

const slot = globalThis as unknown as { __scsProcessMetrics?: ProcessMetrics };

/**
 * The process's registry, created on first use: the launcher's first health check, so runtime
 * metrics are collected from the start.
 */
function processMetrics(): ProcessMetrics {
  if (!slot.__scsProcessMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    slot.__scsProcessMetrics = {
      registry,
      http: new Histogram({
        name: "scs_http_request_duration_seconds",
        help: "Duration of HTTP API requests.",
        labelNames: ["route", "method", "status"],
        buckets: HTTP_BUCKETS,
        registers: [registry],
      }),
      replicationLag: new Histogram({
        name: "scs_replication_lag_seconds",
        help: "Commit in the owner (the event's time) to commit here, per event applied, per source.",
        labelNames: ["source"],
        buckets: LAG_BUCKETS,
        registers: [registry],
      }),
    };
  }
  return slot.__scsProcessMetrics;
}

export function observeHttp(route: string, method: string, status: number, seconds: number) {
  processMetrics().http.observe({ route, method, status: String(status) }, seconds);
}

/**
 * The messaging runtime's `onApplied`: records an applied event's replication lag (its `time`,
 * set when the owner committed it, to now, just after the commit here).
 */
export function observeAppliedEvent(event: { source: string; time: string }, now = Date.now()) {
  const committed = Date.parse(event.time);
  if (Number.isNaN(committed)) return;
  processMetrics().replicationLag.observe({ source: event.source }, Math.max(0, (now - committed) / 1000));
}

export type Metric = {
  name: string;
  help: string;
  type: "gauge" | "counter";
  samples: { labels?: Record<string, string>; value: number }[];
};

export const gauge = (name: string, help: string, samples: Metric["samples"]): Metric => ({
  name,
  help,
  type: "gauge",
  samples,
});

export const counter = (name: string, help: string, value: number): Metric => ({
  name,
  help,
  type: "counter",
  samples: [{ value }],
});

/**
 * The exposition: the process's registry merged with this scrape's figures (a name used twice
 * throws), every sample labelled with `system`.
 */
export async function renderMetrics(system: string, metrics: Metric[]): Promise<string> {
  const scrape = new Registry();
  for (const m of metrics) {
    const labelNames = [...new Set(m.samples.flatMap((s) => Object.keys(s.labels ?? {})))];
    const config = { name: m.name, help: m.help, labelNames, registers: [scrape] };
    if (m.type === "gauge") {
      const g = new Gauge(config);
      for (const s of m.samples) g.set(s.labels ?? {}, s.value);
    } else {
      // A total kept by the messaging runtime, read as it is now.
      const c = new Counter(config);
      for (const s of m.samples) c.inc(s.labels ?? {}, s.value);
    }
  }
  const merged = Registry.merge([processMetrics().registry, scrape]);
  merged.setDefaultLabels({ system });
  return merged.metrics();
}

/** The messaging runtime's figures, named the same in every system. */
export function messagingMetrics(status: MessagingStatus | undefined, now = Date.now()): Metric[] {
  return [
    gauge("scs_broker_up", "1 while the broker connection is up.", [
      { value: status?.broker === "up" ? 1 : 0 },
    ]),
    gauge("scs_broker_blocked", "1 while the broker blocks this system's publishing (resource alarm).", [
      { value: status?.brokerBlocked ? 1 : 0 },
    ]),
    gauge("scs_consumer_consuming", "1 while the consumer is consuming from the system's inbox queue.", [
      { value: status?.consumer === "consuming" ? 1 : 0 },
    ]),
    gauge("scs_outbox_pending", "Outbox events not yet confirmed by the broker.", [
      { value: status?.outboxPending ?? 0 },
    ]),
    gauge("scs_outbox_oldest_pending_age_seconds", "Age of the oldest unpublished outbox event.", [
      { value: status?.oldestPendingAgeSeconds ?? 0 },
    ]),
    gauge("scs_dead_letters", "Dead letters held (stored, neither replayed nor discarded), shown on /ops.", [
      { value: status?.deadLettersHeld ?? 0 },
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
      "scs_replication_last_lag_seconds",
      "Commit in the owner to commit here, for the last event applied per source.",
      (status?.lastApplied ?? []).map((a) => ({
        labels: { source: a.source },
        value: Math.max(0, (a.appliedAt - a.eventTime) / 1000),
      })),
    ),
    gauge(
      "scs_last_event_age_seconds",
      "Time since the last event from each source was applied.",
      (status?.lastApplied ?? []).map((a) => ({
        labels: { source: a.source },
        value: (now - a.appliedAt) / 1000,
      })),
    ),
  ];
}

/** The /api/metrics response. */
export const metricsResponse = async (system: string, metrics: Metric[]) =>
  new Response(await renderMetrics(system, metrics), {
    headers: { "content-type": Registry.PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" },
  });
