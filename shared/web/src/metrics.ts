/**
 * Prometheus text exposition for a system's /api/metrics. HTTP request durations are kept in a
 * process-wide histogram (on globalThis, because Next.js bundles route modules separately).
 */
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
