import { readFileSync } from "node:fs";
import type { MessagingStatus } from "@scs/messaging/types";
import { describe, expect, it } from "vitest";
import { gauge, messagingMetrics, observeAppliedEvent, observeHttp, renderMetrics } from "./metrics";

const NOW = Date.parse("2026-01-01T12:00:00Z");

const status: MessagingStatus = {
  system: "store",
  broker: "up",
  brokerBlocked: null,
  brokerNode: "127.0.0.1:5672",
  brokerView: null,
  consumer: "consuming",
  pendingBindings: [],
  outboxPending: 4,
  oldestPendingAgeSeconds: 12.5,
  published: 120,
  consumed: 80,
  duplicates: 2,
  redelivered: 1,
  deadLettered: 3,
  deadLettersHeld: 2,
  lastApplied: [
    { source: "/catalog", eventType: "catalog.product.upserted", eventTime: NOW - 40, appliedAt: NOW - 10 },
  ],
};

/** The value of the sample `name{labels}` in an exposition (labels in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe("/api/metrics exposition", () => {
  it("renders the messaging figures an operator alerts on, each labelled with the system", async () => {
    const text = await renderMetrics("store", messagingMetrics(status, NOW));
    expect(sample(text, "scs_broker_up", { system: "store" })).toBe(1);
    expect(sample(text, "scs_consumer_consuming", { system: "store" })).toBe(1);
    expect(sample(text, "scs_dead_letters", { system: "store" })).toBe(2);
    expect(sample(text, "scs_outbox_pending", { system: "store" })).toBe(4);
    expect(sample(text, "scs_outbox_oldest_pending_age_seconds", { system: "store" })).toBe(12.5);
    expect(sample(text, "scs_events_consumed_total", { system: "store" })).toBe(80);
    expect(sample(text, "scs_replication_last_lag_seconds", { system: "store", source: "/catalog" })).toBe(
      0.03,
    );
    expect(sample(text, "scs_last_event_age_seconds", { system: "store", source: "/catalog" })).toBe(0.01);
    expect(text).toContain("# TYPE scs_events_consumed_total counter");
    expect(text).toContain("# TYPE scs_dead_letters gauge");
  });

  it("reports a stopped consumer, a blocked broker and no messaging at all as 0/1 gauges", async () => {
    const stopped = await renderMetrics(
      "catalog",
      messagingMetrics({ ...status, consumer: "connecting", brokerBlocked: "memory" }, NOW),
    );
    expect(sample(stopped, "scs_consumer_consuming", { system: "catalog" })).toBe(0);
    expect(sample(stopped, "scs_broker_blocked", { system: "catalog" })).toBe(1);
    const none = await renderMetrics("music", messagingMetrics(undefined, NOW));
    expect(sample(none, "scs_broker_up", { system: "music" })).toBe(0);
    expect(sample(none, "scs_consumer_consuming", { system: "music" })).toBe(0);
  });

  it("includes Node's runtime metrics: event-loop lag, heap, GC", async () => {
    const text = await renderMetrics("catalog", []);
    expect(sample(text, "nodejs_eventloop_lag_p99_seconds", { system: "catalog" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "nodejs_heap_size_used_bytes", { system: "catalog" })).toBeGreaterThan(0);
    expect(sample(text, "process_resident_memory_bytes", { system: "catalog" })).toBeGreaterThan(0);
    expect(text).toContain("# TYPE nodejs_gc_duration_seconds histogram");
  });

  it("keeps HTTP durations and replication lag as histograms across scrapes", async () => {
    observeHttp("/api/offers", "GET", 200, 0.02);
    observeHttp("/api/offers", "GET", 200, 0.3);
    observeAppliedEvent({ source: "/music", time: new Date(NOW - 2_000).toISOString() }, NOW);
    observeAppliedEvent({ source: "/music", time: new Date(NOW - 5).toISOString() }, NOW);
    const text = await renderMetrics("store", []);
    const http = { system: "store", route: "/api/offers", method: "GET", status: "200" };
    expect(sample(text, "scs_http_request_duration_seconds_bucket", { ...http, le: "0.025" })).toBe(1);
    expect(sample(text, "scs_http_request_duration_seconds_count", http)).toBe(2);
    const lag = { system: "store", source: "/music" };
    expect(sample(text, "scs_replication_lag_seconds_bucket", { ...lag, le: "0.005" })).toBe(1);
    expect(sample(text, "scs_replication_lag_seconds_bucket", { ...lag, le: "1" })).toBe(1);
    expect(sample(text, "scs_replication_lag_seconds_bucket", { ...lag, le: "2.5" })).toBe(2);
    expect(sample(text, "scs_replication_lag_seconds_count", lag)).toBe(2);
  });

  it("refuses a system metric that reuses a name of the process's registry", async () => {
    await expect(
      renderMetrics("store", [gauge("scs_http_request_duration_seconds", "clash", [])]),
    ).rejects.toThrow(/already been registered/);
  });

  it("exposes every scs_ and nodejs_ metric the alert and recording rules use", async () => {
    observeAppliedEvent({ source: "/catalog", time: new Date(NOW - 5).toISOString() }, NOW);
    const text = await renderMetrics("store", messagingMetrics(status, NOW));
    const rules = readFileSync(
      new URL("../../../monitoring/prometheus/rules/scs.rules.yml", import.meta.url),
      "utf8",
    );
    const expressions = [...rules.matchAll(/^\s*expr: (.*)$/gm)].map((m) => m[1] ?? "");
    const used = new Set(
      expressions.flatMap((e) => [...e.matchAll(/\b((?:scs|nodejs)_[a-z_]+)\b/g)].map((m) => m[1])),
    );
    expect(used.size).toBeGreaterThanOrEqual(8);
    const exposed = new Set(text.split("\n").map((line) => /^([a-zA-Z_:][\w:]*)[{ ]/.exec(line)?.[1]));
    const missing = [...used].filter((name) => !exposed.has(name));
    expect(missing).toEqual([]);
  });
});
