/**
 * The /ops page body every system renders (ARCHITECTURE journey 6): the messaging runtime's state,
 * the last event applied per source, and the dead letters with replay and discard buttons.
 */
import type { DeadLetter } from "@scs/messaging/dead-letters";
import { traceparentOfBody } from "@scs/messaging/traceparent";
import type { MessagingStatus } from "@scs/messaging/types";
import { OpsSurface } from "./ops-surface";

export interface OpsDashboardProps {
  system: string;
  status: MessagingStatus | undefined;
  deadLetters: DeadLetter[];
  managementUrl: string;
  /** The Prometheus scraping this system (PROMETHEUS_URL, set by `npm start -- --monitoring`). */
  prometheusUrl?: string;
  /** "ok:<text>" or "error:<text>" from the last replay/discard. */
  notice?: string;
  replayAction: (form: FormData) => Promise<void>;
  discardAction: (form: FormData) => Promise<void>;
  now: number;
}

/** The trace id in a stored event's `traceparent`, if it carries one. */
const traceIdOf = (body: string) => traceparentOfBody(body)?.split("-")[1];

const age = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
};

function Stat({ label, value, tone }: { label: string; value: string | number; tone?: "ok" | "bad" }) {
  const color = tone === "bad" ? "text-danger-600" : tone === "ok" ? "text-ok-600" : "text-ink-900";
  return (
    <div className="rounded-card border border-ink-200 bg-white p-4">
      <dt className="text-xs font-semibold uppercase tracking-wider text-ink-500">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums ${color}`}>{value}</dd>
    </div>
  );
}

/** The cluster's nodes, up or down, and the node each of the system's queues is led from. */
function BrokerPlacement({ status }: { status: MessagingStatus | undefined }) {
  const view = status?.brokerView;
  const connectedTo = view?.nodes.filter((node) => node.connected).map((node) => node.name) ?? [];
  return (
    <section aria-labelledby="cluster" className="space-y-3">
      <h2 id="cluster" className="text-lg font-semibold">
        Broker nodes and queues
      </h2>
      <p className="text-sm text-ink-600">
        Connected to {status?.brokerNode ?? "no node"}
        {status?.brokerNode && connectedTo.length > 0 ? ` (${connectedTo.join(", ")})` : ""}
        {view?.error ? ` · management API: ${view.error}` : ""}
      </p>
      {view && view.nodes.length > 0 ? (
        <div className="grid gap-3 md:grid-cols-2">
          <ul className="rounded-card border border-ink-200 bg-white p-4 text-sm" aria-label="Nodes">
            {view.nodes.map((node) => (
              <li key={node.name} className="flex justify-between gap-4 py-1" data-testid="broker-node">
                <span className="font-mono text-xs">
                  {node.name}
                  {node.connected ? (
                    <span className="font-sans text-ink-500"> · this system's connection</span>
                  ) : null}
                </span>
                <span className={node.up ? "text-ok-600" : "font-semibold text-danger-600"}>
                  {node.up ? "up" : "down"}
                </span>
              </li>
            ))}
          </ul>
          <ul className="rounded-card border border-ink-200 bg-white p-4 text-sm" aria-label="Queues">
            {view.queues.map((queue) => (
              <li key={queue.queue} className="py-1" data-testid="queue-leader">
                <span className="font-mono text-xs">{queue.queue}</span> led from{" "}
                <span className="font-mono text-xs">{queue.leader ?? "no node (no quorum)"}</span>
                <span className="text-ink-500">
                  {" "}
                  · {queue.online.length} of {queue.members.length} members online
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** Prometheus's graph page with this system's panels (PromQL of monitoring/prometheus/rules). */
export function prometheusGraphUrl(prometheusUrl: string, system: string): string {
  const on = `{system="${system}"}`;
  const panels = [
    `scs_outbox_pending${on}`,
    `scs:replication_lag_seconds:p99_5m${on}`,
    `scs:events_published:rate1m${on}`,
    `scs:events_consumed:rate1m${on}`,
    `nodejs_eventloop_lag_p99_seconds${on}`,
    `ALERTS${on}`,
  ];
  const params = new URLSearchParams();
  panels.forEach((expr, i) => {
    params.set(`g${i}.expr`, expr);
    params.set(`g${i}.tab`, "0");
    params.set(`g${i}.range_input`, "1h");
  });
  return `${prometheusUrl.replace(/\/+$/, "")}/graph?${params}`;
}

export function OpsDashboard(props: OpsDashboardProps) {
  const { system, status, deadLetters, managementUrl, prometheusUrl, notice, now } = props;
  const [noticeKind, ...noticeText] = (notice ?? "").split(":");
  return (
    <OpsSurface>
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-xs font-semibold uppercase tracking-widest text-ink-500">
            Operations · {system}
          </p>
          <h1 className="mt-1 text-3xl font-semibold tracking-tight">Messaging</h1>
          <a
            href="/ops/events"
            className="mt-1 inline-block text-sm font-medium text-accent-700 hover:underline"
          >
            Event contract (AsyncAPI): every event, its publisher, consumers and schema →
          </a>
        </div>
        <div className="flex flex-wrap gap-2">
          {prometheusUrl ? (
            <a
              href={prometheusGraphUrl(prometheusUrl, system)}
              className="rounded-full border border-ink-300 bg-white px-4 py-2 text-sm font-medium hover:bg-ink-100"
            >
              Graphs and alerts in Prometheus ↗
            </a>
          ) : null}
          <a
            href={`${managementUrl.split(",")[0]}/#/queues/scs`}
            className="rounded-full border border-ink-300 bg-white px-4 py-2 text-sm font-medium hover:bg-ink-100"
          >
            Open the RabbitMQ management console ↗
          </a>
        </div>
      </header>

      {notice ? (
        <p
          role="status"
          className={`rounded-card border px-4 py-3 text-sm ${
            noticeKind === "ok"
              ? "border-ok-600/30 bg-ok-600/5 text-ok-600"
              : "border-danger-600/30 bg-danger-600/5 text-danger-600"
          }`}
        >
          {noticeText.join(":")}
        </p>
      ) : null}

      <section aria-labelledby="state">
        <h2 id="state" className="sr-only">
          State
        </h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <Stat
            label="Broker"
            value={
              status?.broker === "up" && status.brokerBlocked
                ? `blocked: ${status.brokerBlocked}`
                : (status?.broker ?? "down")
            }
            tone={status?.broker === "up" && !status.brokerBlocked ? "ok" : "bad"}
          />
          <Stat
            label="Consumer"
            value={status?.consumer ?? "stopped"}
            tone={status?.consumer === "consuming" ? "ok" : "bad"}
          />
          <Stat
            label="Outbox pending"
            value={status?.outboxPending ?? "–"}
            tone={(status?.outboxPending ?? 0) > 0 ? "bad" : undefined}
          />
          <Stat
            label="Oldest pending"
            value={status?.oldestPendingAgeSeconds == null ? "–" : age(status.oldestPendingAgeSeconds * 1000)}
          />
          <Stat label="Published" value={status?.published ?? 0} />
          <Stat label="Applied" value={status?.consumed ?? 0} />
          <Stat label="Duplicates ignored" value={status?.duplicates ?? 0} />
          <Stat
            label="Dead letters"
            value={deadLetters.length}
            tone={deadLetters.length > 0 ? "bad" : undefined}
          />
        </dl>
        {status && status.pendingBindings.length > 0 ? (
          <p className="mt-3 text-sm text-warn-600">
            Waiting for exchanges to bind: {status.pendingBindings.join(", ")}
          </p>
        ) : null}
      </section>

      <BrokerPlacement status={status} />

      <section aria-labelledby="sources" className="space-y-3">
        <h2 id="sources" className="text-lg font-semibold">
          Last event applied, per source
        </h2>
        {status && status.lastApplied.length > 0 ? (
          <div className="overflow-x-auto rounded-card border border-ink-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-ink-50 text-xs uppercase tracking-wider text-ink-500">
                <tr>
                  <th className="px-4 py-2">Source</th>
                  <th className="px-4 py-2">Event</th>
                  <th className="px-4 py-2">Applied</th>
                  <th className="px-4 py-2">Replication lag</th>
                  <th className="px-4 py-2">Trace</th>
                </tr>
              </thead>
              <tbody>
                {status.lastApplied.map((a) => (
                  <tr key={a.source} className="border-t border-ink-100" data-testid="last-applied">
                    <td className="px-4 py-2 font-medium">{a.source}</td>
                    <td className="px-4 py-2 font-mono text-xs">{a.eventType}</td>
                    <td className="px-4 py-2">{age(now - a.appliedAt)} ago</td>
                    <td className="px-4 py-2 tabular-nums">{Math.max(0, a.appliedAt - a.eventTime)} ms</td>
                    <td className="px-4 py-2 font-mono text-xs">{a.traceId ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-ink-500">No event applied yet.</p>
        )}
      </section>

      <section aria-labelledby="dead" className="space-y-3">
        <h2 id="dead" className="text-lg font-semibold">
          Dead letters
        </h2>
        {deadLetters.length === 0 ? (
          <p className="text-sm text-ink-500">None: every message received was applied.</p>
        ) : (
          <ul className="space-y-3">
            {deadLetters.map((letter) => (
              <li
                key={letter.id}
                data-testid="dead-letter"
                className="rounded-card border border-ink-200 bg-white p-4 text-sm"
              >
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 space-y-1">
                    <p className="font-medium">
                      #{letter.id} · <span className="font-mono text-xs">{letter.type ?? "(no type)"}</span>
                    </p>
                    <p className="text-danger-600">{letter.reason}</p>
                    <p className="text-xs text-ink-500">
                      from {letter.exchange} ({letter.userId ?? "no user-id"}) · event{" "}
                      {letter.eventId ?? "(no id)"} · {age(now - letter.deadAt)} ago
                    </p>
                    {traceIdOf(letter.body) ? (
                      <p className="text-xs text-ink-500">
                        trace <span className="font-mono">{traceIdOf(letter.body)}</span>
                      </p>
                    ) : null}
                  </div>
                  <div className="flex gap-2">
                    <form action={props.replayAction}>
                      <input type="hidden" name="id" value={letter.id} />
                      <button
                        type="submit"
                        className="rounded-full bg-accent-600 px-4 py-1.5 font-medium text-white hover:bg-accent-700"
                      >
                        Replay
                      </button>
                    </form>
                    <form action={props.discardAction}>
                      <input type="hidden" name="id" value={letter.id} />
                      <button
                        type="submit"
                        className="rounded-full border border-ink-300 px-4 py-1.5 font-medium hover:bg-ink-100"
                      >
                        Discard
                      </button>
                    </form>
                  </div>
                </div>
                <details className="mt-2">
                  <summary className="cursor-pointer text-xs text-ink-500">Payload</summary>
                  <pre className="mt-2 max-h-64 overflow-auto rounded-lg bg-ink-900 p-3 text-xs text-ink-100">
                    {letter.body}
                  </pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </OpsSurface>
  );
}
