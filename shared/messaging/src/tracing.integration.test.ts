/**
 * One trace across two asynchronous hops, against the real broker: a traced request in catalog
 * records `catalog.stock.reserved`; store applies it and its handler records
 * `store.order.confirmed`; music applies that. Spans are collected in memory by an OpenTelemetry
 * SDK registered in this process (the systems register @vercel/otel the same way).
 */

import { context, propagation, type Span, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { deadLetterOf, inboxQueueOf } from "@scs/contracts/topology";
import { createTestDb, eventually, testBroker } from "@scs/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./db";
import { recordEvent, transact } from "./outbox";
import { createMessaging } from "./runtime";
import * as messagingTables from "./tables";
import type { Messaging } from "./types";

const exporter = new InMemorySpanExporter();
const broker = testBroker();
let runtimes: Messaging[] = [];
let catalogDb: Db;
const musicApplied = new Set<string>();

beforeAll(async () => {
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  catalogDb = await createTestDb(messagingTables);
  const catalog = createMessaging({
    system: "catalog",
    amqpUrl: broker.catalog,
    db: catalogDb,
    subscriptions: {},
    log: () => {},
  });
  const store = createMessaging({
    system: "store",
    amqpUrl: broker.store,
    db: await createTestDb(messagingTables),
    log: () => {},
    subscriptions: {
      "catalog.stock.reserved": (event, tx) => {
        const line = { source: "catalog" as const, itemId: "mug", quantity: 1, unitPriceCents: 1800 };
        recordEvent(tx, "store.order.confirmed", event.data.orderId, {
          orderId: event.data.orderId,
          customerId: "c1",
          lines: [line],
        });
      },
    },
  });
  const music = createMessaging({
    system: "music",
    amqpUrl: broker.music,
    db: await createTestDb(messagingTables),
    log: () => {},
    subscriptions: { "store.order.confirmed": (event) => void musicApplied.add(event.data.orderId) },
  });
  runtimes = [catalog, store, music];
  await eventually(
    () =>
      runtimes.every(
        (r) =>
          r.status().broker === "up" &&
          r.status().consumer === "consuming" &&
          r.status().pendingBindings.length === 0,
      ),
    30_000,
    "three runtimes connected (relays too), consuming, bound",
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.stop()));
  const connection = await amqp.connect(broker.admin);
  const channel = await connection.createChannel();
  for (const system of ["catalog", "store", "music"] as const) {
    await channel.deleteQueue(inboxQueueOf(system));
    await channel.deleteQueue(deadLetterOf(system));
  }
  await connection.close();
  trace.disable();
  context.disable();
  propagation.disable();
});

describe("traces across the outbox, the broker and the inbox", () => {
  it("puts a request, both events' publishes and both handlers in one trace, each the child of the one before", async () => {
    const orderId = `order-${Date.now()}`;
    let request!: Span;
    trace.getTracer("test").startActiveSpan("POST /checkout", (span) => {
      request = span;
      transact(catalogDb, (tx) => recordEvent(tx, "catalog.stock.reserved", orderId, { orderId }));
      span.end();
    });
    runtimes[0]?.wake();
    await eventually(() => musicApplied.has(orderId), 20_000, "music to apply the confirmation");
    const spans = await eventually(
      () => {
        const found = exporter
          .getFinishedSpans()
          .filter((s) => s.spanContext().traceId === request.spanContext().traceId);
        return found.length >= 5 ? found : undefined;
      },
      10_000,
      "the spans of the trace",
    );
    const named = (name: string) => {
      const span = spans.find((s) => s.name === name);
      if (!span) throw new Error(`no span ${name} in ${spans.map((s) => s.name).join(", ")}`);
      return span;
    };
    const parentOf = (name: string) => named(name).parentSpanContext?.spanId;
    expect(parentOf("catalog.stock.reserved publish")).toBe(request.spanContext().spanId);
    expect(parentOf("catalog.stock.reserved process")).toBe(
      named("catalog.stock.reserved publish").spanContext().spanId,
    );
    expect(parentOf("store.order.confirmed publish")).toBe(
      named("catalog.stock.reserved process").spanContext().spanId,
    );
    expect(parentOf("store.order.confirmed process")).toBe(
      named("store.order.confirmed publish").spanContext().spanId,
    );
    expect(named("store.order.confirmed process").attributes).toMatchObject({
      "cloudevents.event_type": "store.order.confirmed",
      "cloudevents.event_subject": orderId,
      "messaging.destination.name": "music.inbox",
      "messaging.rabbitmq.delivery_count": 0,
    });
  });
});
