/**
 * Prometheus text exposition for a system's /api/metrics. HTTP request durations are kept in a
 * process-wide histogram (on globalThis, because Next.js bundles route modules separately).
 */
import type { MessagingStatus } from "@scs/messaging/runtime";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const store = globalThis as unknown as { __scsHttpMetrics?: Map<string, Histogram> };
if (!store.__scsHttpMetrics) store.__scsHttpMetrics = new Map();
const histograms = store.__scsHttpMetrics;

export function observeHttp(route: string, method: string, status: number, seconds: number) {
  const key = JSON.stringify([route, method, String(status)]);
  let h = histograms.get(key);
  if (!h) {
    h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    histograms.set(key, h);
  }
  BUCKETS.forEach((b, i) => {
    if (seconds <= b) (h as Histogram).counts[i] = ((h as Histogram).counts[i] ?? 0) + 1;
  });
  h.sum += seconds;
  h.count += 1;
}

export type Metric = {
  name: string;
  help: string;
  type: "gauge" | "counter";
  samples: { labels?: Record<string, string>; value: number }[];
};

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labelText = (labels: Record<string, string> | undefined) => {
  const entries = Object.entries(labels ?? {});
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}` : "";
};

export function renderMetrics(system: string, metrics: Metric[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
    for (const s of m.samples) lines.push(`${m.name}${labelText({ system, ...s.labels })} ${s.value}`);
  }
  lines.push(
    "# HELP scs_http_request_duration_seconds Duration of HTTP API requests.",
    "# TYPE scs_http_request_duration_seconds histogram",
  );
  for (const [key, h] of histograms) {
    const [route, method, status] = JSON.parse(key) as [string, string, string];
    const base = { system, route, method, status };
    BUCKETS.forEach((b, i) => {
      lines.push(
        `scs_http_request_duration_seconds_bucket${labelText({ ...base, le: String(b) })} ${h.counts[i]}`,
      );
    });
    lines.push(`scs_http_request_duration_seconds_bucket${labelText({ ...base, le: "+Inf" })} ${h.count}`);
    lines.push(`scs_http_request_duration_seconds_sum${labelText(base)} ${h.sum}`);
    lines.push(`scs_http_request_duration_seconds_count${labelText(base)} ${h.count}`);
  }
  return `${lines.join("\n")}\n`;
}

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

/** The messaging runtime's figures, named the same in every system. */
export function messagingMetrics(status: MessagingStatus | undefined, now = Date.now()): Metric[] {
  return [
    gauge("scs_broker_up", "1 while the broker connection is up.", [
      { value: status?.broker === "up" ? 1 : 0 },
    ]),
    gauge("scs_broker_blocked", "1 while the broker blocks this system's publishing (resource alarm).", [
      { value: status?.brokerBlocked ? 1 : 0 },
    ]),
    gauge("scs_outbox_pending", "Outbox events not yet confirmed by the broker.", [
      { value: status?.outboxPending ?? 0 },
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
export const metricsResponse = (system: string, metrics: Metric[]) =>
  new Response(renderMetrics(system, metrics), {
    headers: { "content-type": "text/plain; version=0.0.4", "cache-control": "no-store" },
  });
