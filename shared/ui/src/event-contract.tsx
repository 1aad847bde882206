/**
 * /ops/events: the suite's event contract (the committed AsyncAPI document of @scs/asyncapi) as a
 * page an operator can read — every event type with its publisher, exchange, routing key and
 * consumers, the fields of its message as a table, an example, and each system's queues.
 * Server-rendered from the document; no client code.
 */
import document from "@scs/asyncapi/asyncapi.json";
import type { AsyncApiDocument, Channel, JsonSchema, Message, Operation } from "@scs/asyncapi/document";
import type { ReactNode } from "react";
import { OpsSurface } from "./ops-surface";

const contract = document as unknown as AsyncApiDocument;

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  constraints: string[];
  description?: string;
}

const asSchema = (value: unknown): JsonSchema | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;

function constraintsOf(schema: JsonSchema): string[] {
  const out: string[] = [];
  if ("const" in schema) out.push(`= ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum)) out.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  const range = (low: string, lowX: string, high: string, highX: string, unit = "") => {
    const lo = schema[low] ?? schema[lowX];
    const hi = schema[high] ?? schema[highX];
    const safe = (n: unknown) => (n === Number.MAX_SAFE_INTEGER ? undefined : n);
    const loText = lo === undefined ? "" : `${schema[low] === undefined ? ">" : "≥"} ${lo}`;
    const hiText = safe(hi) === undefined ? "" : `${schema[high] === undefined ? "<" : "≤"} ${hi}`;
    if (loText || hiText) out.push([loText, hiText].filter(Boolean).join(", ") + unit);
  };
  range("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum");
  range("minLength", "minLength", "maxLength", "maxLength", " chars");
  range("minItems", "minItems", "maxItems", "maxItems", " items");
  if (typeof schema.format === "string") out.push(`format ${schema.format}`);
  else if (typeof schema.pattern === "string" && schema.pattern.length <= 60)
    out.push(`pattern ${schema.pattern}`);
  return out;
}

const typeOf = (schema: JsonSchema): string => {
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : String(schema.type ?? "any");
  const items = asSchema(schema.items);
  return type === "array" && items ? `array of ${typeOf(items)}` : type;
};

/** The fields of a schema, flattened: objects by property, arrays by their items (`lines[]`). */
export function fieldRows(schema: JsonSchema, prefix = "", required = true): FieldRow[] {
  const rows: FieldRow[] = [];
  if (prefix) {
    rows.push({
      path: prefix,
      type: typeOf(schema),
      required,
      constraints: constraintsOf(schema),
      ...(typeof schema.description === "string" ? { description: schema.description } : {}),
    });
  }
  const items = asSchema(schema.items);
  const target = items && asSchema(items.properties) ? items : schema;
  const properties = asSchema(target.properties);
  if (!properties) return rows;
  const mandatory = Array.isArray(target.required) ? target.required : [];
  const base = target === items ? `${prefix}[]` : prefix;
  for (const [name, child] of Object.entries(properties)) {
    const childSchema = asSchema(child);
    if (childSchema)
      rows.push(...fieldRows(childSchema, base ? `${base}.${name}` : name, mandatory.includes(name)));
  }
  return rows;
}

interface EventView {
  type: string;
  message: Message;
  channel: Channel;
  publisher?: Operation;
  consumers: Operation[];
}

function eventViews(doc: AsyncApiDocument): EventView[] {
  const operations = Object.values(doc.operations);
  return Object.values(doc.components.messages)
    .map((message) => {
      const type = message["x-event-type"];
      const on = (op: Operation) => op.channel.$ref === `#/channels/${type}`;
      return {
        type,
        message,
        channel: doc.channels[type] as Channel,
        publisher: operations.find((op) => op.action === "send" && on(op)),
        consumers: operations.filter((op) => op.action === "receive" && on(op)),
      };
    })
    .sort(
      (a, b) => a.type.localeCompare(b.type) || a.message["x-event-version"] - b.message["x-event-version"],
    );
}

/** Text with `code` spans (the document's descriptions are CommonMark; only inline code is used). */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
          <code key={i} className="rounded bg-ink-100 px-1 font-mono text-[0.85em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

const card = "rounded-card border border-ink-200 bg-white p-5 shadow-sm";
const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-ink-500";
const td = "px-3 py-2 align-top";

function Pill({ children, tone = "ink" }: { children: ReactNode; tone?: "ink" | "accent" | "ok" }) {
  const tones = {
    ink: "border-ink-200 bg-ink-50 text-ink-700",
    accent: "border-accent-100 bg-accent-50 text-accent-700",
    ok: "border-ink-200 bg-white text-ok-600",
  };
  return (
    <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

function FieldTable({ rows }: { rows: FieldRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-ink-200">
      <table className="w-full text-sm">
        <thead className="bg-ink-50">
          <tr>
            <th className={th}>Field</th>
            <th className={th}>Type</th>
            <th className={th}>Required</th>
            <th className={th}>Constraints</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-ink-100">
          {rows.map((row) => (
            <tr key={row.path}>
              <td className={`${td} font-mono text-xs text-ink-900`}>{row.path}</td>
              <td className={`${td} text-ink-700`}>{row.type}</td>
              <td className={td}>{row.required ? "yes" : <span className="text-ink-500">optional</span>}</td>
              <td className={`${td} text-ink-700`}>
                {row.constraints.join(" · ")}
                {row.description ? <div className="text-xs text-ink-500">{row.description}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EventSection({ view, system }: { view: EventView; system: string }) {
  const { type, message, channel, publisher, consumers } = view;
  const exchange = channel.bindings.amqp.is === "routingKey" ? channel.bindings.amqp.exchange : undefined;
  const publish = publisher?.bindings.amqp;
  const payload = message.payload.schema;
  const envelope = fieldRows({
    ...payload,
    properties: { ...asSchema(payload.properties), data: undefined },
  });
  const data = fieldRows(asSchema(asSchema(payload.properties)?.data) ?? {}, "data").filter(
    (row) => row.path !== "data",
  );
  const example = message.examples[0]?.payload;
  return (
    <section id={type} className={`${card} scroll-mt-6 space-y-4`}>
      <header className="flex flex-wrap items-baseline justify-between gap-3">
        <div>
          <h3 className="font-mono text-lg font-semibold">{type}</h3>
          <p className="text-sm text-ink-500">
            {message.summary} · <Prose text={message.description ?? ""} />
          </p>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <Pill tone="accent">schema v{message["x-event-version"]}</Pill>
          {message["x-copies-state"] ? <Pill>copies state</Pill> : <Pill>process event</Pill>}
          {publisher?.["x-system"] === system ? <Pill tone="ok">{system} publishes</Pill> : null}
          {consumers.some((c) => c["x-system"] === system) ? <Pill tone="ok">{system} consumes</Pill> : null}
        </div>
      </header>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-xs uppercase tracking-wide text-ink-500">Published by</dt>
          <dd className="font-medium">{publisher?.["x-system"] ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-ink-500">Exchange · routing key</dt>
          <dd className="font-mono text-xs">
            {exchange ? `${exchange.name} (${exchange.type}${exchange.durable ? ", durable" : ""})` : "—"} ·{" "}
            {channel.address}
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-ink-500">Delivery</dt>
          <dd>
            {publish && "deliveryMode" in publish
              ? `persistent (mode ${publish.deliveryMode})${publish.mandatory ? ", mandatory" : ""}, user-id ${publish.userId}`
              : "—"}
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-ink-500">Consumed by</dt>
          <dd>
            {consumers.length === 0
              ? "no system"
              : consumers.map((c) => (
                  <span key={c["x-system"]} className="mr-2 inline-block">
                    {c["x-system"]} <span className="font-mono text-xs text-ink-500">({c["x-queue"]})</span>
                  </span>
                ))}
          </dd>
        </div>
      </dl>
      <div className="space-y-2">
        <h4 className="text-sm font-semibold">data</h4>
        <FieldTable rows={data} />
      </div>
      <details className="group">
        <summary className="cursor-pointer text-sm font-medium text-accent-700">
          CloudEvents envelope and an example
        </summary>
        <div className="mt-3 grid gap-4 lg:grid-cols-2">
          <FieldTable rows={envelope.filter((row) => row.path !== "data")} />
          <pre className="overflow-x-auto rounded-lg bg-ink-900 p-4 text-xs leading-relaxed text-ink-50">
            {JSON.stringify(example, null, 2)}
          </pre>
        </div>
      </details>
    </section>
  );
}

function QueueTable({ doc }: { doc: AsyncApiDocument }) {
  const queues = Object.values(doc.channels).filter((channel) => channel.bindings.amqp.is === "queue");
  return (
    <div className="overflow-x-auto rounded-lg border border-ink-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-ink-50">
          <tr>
            <th className={th}>Queue</th>
            <th className={th}>Arguments</th>
            <th className={th}>Bound to</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-ink-100">
          {queues.map((queue) => (
            <tr key={queue.address}>
              <td className={td}>
                <div className="font-mono text-xs font-medium">{queue.address}</div>
                <div className="text-xs text-ink-500">{queue.summary}</div>
              </td>
              <td className={`${td} font-mono text-xs`}>
                {Object.entries(queue["x-queue-arguments"] ?? {}).map(([key, value]) => (
                  <div key={key}>
                    {key} = {String(value)}
                  </div>
                ))}
              </td>
              <td className={`${td} font-mono text-xs`}>
                {(queue["x-bindings"] ?? []).map((b) => (
                  <div key={`${b.exchange} ${b.routingKey}`}>
                    {b.exchange} → {b.routingKey || "(fanout)"}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EventContract({ system, doc = contract }: { system: string; doc?: AsyncApiDocument }) {
  const views = eventViews(doc);
  const server = Object.values(doc.servers)[0];
  return (
    <OpsSurface>
      <header className="space-y-3">
        <p className="text-xs font-semibold uppercase tracking-widest text-ink-500">
          Operations · {system} ·{" "}
          <a href="/ops" className="text-accent-700 hover:underline">
            back to messaging
          </a>
        </p>
        <h1 className="text-3xl font-semibold tracking-tight">Event contract</h1>
        <p className="max-w-3xl text-sm text-ink-700">
          <Prose text={doc.info.description} />
        </p>
        <p className="text-sm text-ink-500">
          AsyncAPI {doc.asyncapi} · {server?.title} {server?.protocol} {server?.protocolVersion}, vhost{" "}
          <span className="font-mono">{server?.pathname.replace(/^\//, "")}</span> · content type{" "}
          <span className="font-mono">{doc.defaultContentType}</span> · source:{" "}
          <span className="font-mono">shared/asyncapi/asyncapi.json</span>
        </p>
      </header>

      <section className="space-y-3">
        <h2 className="text-xl font-semibold">Events</h2>
        <div className="overflow-x-auto rounded-lg border border-ink-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-ink-50">
              <tr>
                <th className={th}>Event type</th>
                <th className={th}>Version</th>
                <th className={th}>Publisher</th>
                <th className={th}>Consumers</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-ink-100">
              {views.map(({ type, message, publisher, consumers }) => (
                <tr key={`${type} ${message["x-event-version"]}`}>
                  <td className={td}>
                    <a
                      href={`#${type}`}
                      className="font-mono text-xs font-medium text-accent-700 hover:underline"
                    >
                      {type}
                    </a>
                  </td>
                  <td className={td}>v{message["x-event-version"]}</td>
                  <td className={td}>{publisher?.["x-system"]}</td>
                  <td className={td}>{consumers.map((c) => c["x-system"]).join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="space-y-3">
        <h2 className="text-xl font-semibold">Queues</h2>
        <QueueTable doc={doc} />
      </section>

      <section className="space-y-4">
        <h2 className="text-xl font-semibold">Messages</h2>
        {views.map((view) => (
          <EventSection key={`${view.type} ${view.message["x-event-version"]}`} view={view} system={system} />
        ))}
      </section>
    </OpsSurface>
  );
}
