/**
 * Generates the suite's AsyncAPI 3.0 document from the code: the event types, versions and schemas
 * of @scs/contracts (JSON Schema draft-07 through zod's `z.toJSONSchema`), who publishes each (its
 * owner) and who consumes it (the consumers table of @scs/contracts, which every system's
 * subscriptions.ts is tested against), and the broker topology `declareOwnTopology` declares.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { consumedEvents } from "@scs/contracts/consumers";
import { CLOUDEVENTS_CONTENT_TYPE, envelopeSchema } from "@scs/contracts/envelope";
import { type EventType, events, ownerOf, type SystemName } from "@scs/contracts/events";
import { deadLetterOf, exchangeOf, inboxQueueOf, systems, VHOST } from "@scs/contracts/topology";
import { declareOwnTopology } from "@scs/messaging/topology";
import { z } from "zod";
import {
  type AmqpExchange,
  type AsyncApiDocument,
  type Channel,
  type JsonSchema,
  type Message,
  messageKey,
  type Operation,
} from "./document";
import { examples } from "./examples";

/**
 * The delivery limit the systems run with: the runtime's default (no system passes its own; the
 * k8s topology check asserts that too). Read from the source, since the default is not exported.
 */
export function runtimeDeliveryLimit(): number {
  const file = createRequire(import.meta.url).resolve("@scs/messaging/runtime");
  const match = /config\.deliveryLimit \?\? (\d+)/.exec(readFileSync(file, "utf8"));
  if (!match?.[1])
    throw new Error(`${file}: the default delivery limit moved; update runtimeDeliveryLimit()`);
  return Number(match[1]);
}

interface Declared {
  exchanges: Map<string, { type: string; durable: boolean }>;
  queues: Map<string, { durable: boolean; arguments: Record<string, string | number> }>;
  bindings: { queue: string; exchange: string; routingKey: string }[];
}

/** What a system declares on every connect, recorded from `declareOwnTopology` on a fake channel. */
export async function declaredTopology(system: SystemName, deliveryLimit: number): Promise<Declared> {
  const declared: Declared = { exchanges: new Map(), queues: new Map(), bindings: [] };
  const channel = {
    async assertExchange(name: string, type: string, options: { durable?: boolean } = {}) {
      declared.exchanges.set(name, { type, durable: options.durable ?? true });
    },
    async assertQueue(
      name: string,
      options: { durable?: boolean; arguments?: Record<string, string | number> } = {},
    ) {
      declared.queues.set(name, { durable: options.durable ?? true, arguments: options.arguments ?? {} });
    },
    async bindQueue(queue: string, exchange: string, routingKey: string) {
      declared.bindings.push({ queue, exchange, routingKey });
    },
  };
  await declareOwnTopology(
    channel as unknown as Parameters<typeof declareOwnTopology>[0],
    system,
    deliveryLimit,
  );
  return declared;
}

const ASYNCAPI_DRAFT_07 = "application/schema+json;version=draft-07" as const;

/** A schema as consumers validate it (zod's input side: unknown keys are accepted and stripped). */
const jsonSchemaOf = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as JsonSchema;

/** The message of one event type: the CloudEvents envelope with this type's data. */
function payloadSchema(type: EventType): z.ZodType {
  const { version, copiesState, schema } = events[type];
  const aggregateversion = envelopeSchema.shape.aggregateversion.unwrap();
  return envelopeSchema.extend({
    source: z.literal(`/${ownerOf(type)}`),
    type: z.literal(type),
    datacontenttype: z.literal("application/json"),
    dataschemaversion: z.literal(version),
    aggregateversion: copiesState ? aggregateversion : aggregateversion.optional(),
    data: schema,
  });
}

/** The AMQP application headers the relay sends (the envelope itself is the body). */
const amqpHeaders = z
  .object({
    traceparent: envelopeSchema.shape.traceparent.describe(
      "W3C trace context of the relay's publish span, when the event was recorded inside a trace (the consumer continues it)",
    ),
  })
  .describe("AMQP message headers; the CloudEvents envelope is the body (structured mode)");

const describeType = (type: EventType) => {
  const [owner, aggregate, verb] = type.split(".");
  return `${owner} ${verb === "requested" ? "asks for" : "announces"}: ${aggregate} ${verb}`;
};

function message(type: EventType): Message {
  const { version, copiesState, schema } = events[type];
  const example = examples[type];
  const payload = {
    specversion: "1.0",
    // A fixed UUID v7 and time keep the document stable between runs.
    id: "019ad2f1-6c2a-7b3e-9f10-2a4b6c8d0e1f",
    source: `/${ownerOf(type)}`,
    type,
    subject: example.subject,
    time: "2026-11-30T01:00:00.000Z",
    datacontenttype: "application/json",
    dataschemaversion: version,
    ...(example.aggregateVersion === undefined ? {} : { aggregateversion: example.aggregateVersion }),
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    data: (schema as z.ZodType).parse(example.data),
  };
  payloadSchema(type).parse(payload);
  return {
    name: type,
    title: `${type} v${version}`,
    summary: describeType(type),
    description: copiesState
      ? "Full state of the aggregate (or its tombstone); `aggregateversion` orders it: a replica applies it only if it is newer than its copy."
      : "A fact of a process; consumers apply it once (by event id).",
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: { schemaFormat: ASYNCAPI_DRAFT_07, schema: jsonSchemaOf(amqpHeaders) },
    payload: { schemaFormat: ASYNCAPI_DRAFT_07, schema: jsonSchemaOf(payloadSchema(type)) },
    bindings: { amqp: { messageType: type, bindingVersion: "0.3.0" } },
    examples: [{ name: "example", summary: `A ${type} event as the relay publishes it`, payload }],
    "x-event-type": type,
    "x-event-version": version,
    "x-copies-state": copiesState,
  };
}

const exchangeBinding = (name: string, declared: Declared): AmqpExchange => {
  const exchange = declared.exchanges.get(name);
  if (!exchange) throw new Error(`declareOwnTopology does not declare the exchange ${name}`);
  return {
    name,
    type: exchange.type as AmqpExchange["type"],
    durable: exchange.durable,
    autoDelete: false,
    vhost: VHOST,
  };
};

export async function generateDocument(): Promise<AsyncApiDocument> {
  const deliveryLimit = runtimeDeliveryLimit();
  const topology = new Map<SystemName, Declared>();
  for (const system of systems) topology.set(system, await declaredTopology(system, deliveryLimit));
  const declaredBy = (system: SystemName) => topology.get(system) as Declared;
  const types = (Object.keys(events) as EventType[]).sort();
  const consumersOf = (type: EventType) => systems.filter((s) => consumedEvents[s].includes(type));

  const messages: Record<string, Message> = {};
  const channels: Record<string, Channel> = {};
  const operations: Record<string, Operation> = {};

  for (const type of types) {
    const owner = ownerOf(type);
    const key = messageKey(type, events[type].version);
    messages[key] = message(type);
    const consumers = consumersOf(type);
    channels[type] = {
      address: type,
      title: type,
      summary: `${describeType(type)}. Published by ${owner}; consumed by ${consumers.join(", ") || "no system yet"}.`,
      messages: { [key]: { $ref: `#/components/messages/${key}` } },
      bindings: {
        amqp: {
          is: "routingKey",
          exchange: exchangeBinding(exchangeOf(owner), declaredBy(owner)),
          bindingVersion: "0.3.0",
        },
      },
    };
    const channelMessage = { $ref: `#/channels/${type}/messages/${key}` };
    operations[`${owner}.sends.${type}`] = {
      action: "send",
      channel: { $ref: `#/channels/${type}` },
      title: `${owner} publishes ${type}`,
      summary: `Through ${owner}'s transactional outbox, with publisher confirms.`,
      description: `Recorded in ${owner}'s outbox in the transaction of the change; the relay publishes it to \`${exchangeOf(owner)}\` with routing key \`${type}\`, persistent (delivery mode 2), \`mandatory\`, \`message-id\` = event id, \`user-id\` = \`${owner}\` (checked by the broker), \`type\` = event type, \`content-type\` = \`${CLOUDEVENTS_CONTENT_TYPE}\`.`,
      messages: [channelMessage],
      bindings: {
        amqp: { deliveryMode: 2, mandatory: true, userId: owner, timestamp: true, bindingVersion: "0.3.0" },
      },
      "x-system": owner,
    };
    for (const consumer of consumers) {
      operations[`${consumer}.receives.${type}`] = {
        action: "receive",
        channel: { $ref: `#/channels/${type}` },
        title: `${consumer} applies ${type}`,
        summary: `From the quorum queue ${inboxQueueOf(consumer)}, exactly once (inbox), acked after commit.`,
        description: `\`${inboxQueueOf(consumer)}\` is bound to \`${exchangeOf(owner)}\` with routing key \`${type}\`. The consumer checks the envelope, the data against this schema and the publisher (\`user-id\` = \`${owner}\`); a message that fails is dead-lettered to \`${deadLetterOf(consumer)}\` with the reason, a handler that throws is retried and dead-lettered at the delivery limit (${deliveryLimit}).`,
        messages: [channelMessage],
        bindings: { amqp: { ack: true, bindingVersion: "0.3.0" } },
        "x-system": consumer,
        "x-queue": inboxQueueOf(consumer),
      };
    }
  }

  for (const system of systems) {
    const declared = declaredBy(system);
    const inbox = inboxQueueOf(system);
    const queue = declared.queues.get(inbox);
    if (!queue) throw new Error(`declareOwnTopology does not declare ${inbox}`);
    const consumed = types.filter((type) => consumedEvents[system].includes(type));
    channels[inbox] = {
      address: inbox,
      title: inbox,
      summary: `${system}'s inbox: every event ${system} consumes, in one ordered stream.`,
      messages: Object.fromEntries(
        consumed.map((type) => {
          const key = messageKey(type, events[type].version);
          return [key, { $ref: `#/components/messages/${key}` }];
        }),
      ),
      bindings: {
        amqp: {
          is: "queue",
          queue: { name: inbox, durable: queue.durable, exclusive: false, autoDelete: false, vhost: VHOST },
          bindingVersion: "0.3.0",
        },
      },
      "x-queue-arguments": queue.arguments,
      "x-bindings": consumed.map((type) => ({ exchange: exchangeOf(ownerOf(type)), routingKey: type })),
    };
    const deadLetters = deadLetterOf(system);
    const dlq = declared.queues.get(deadLetters);
    const dlx = declared.exchanges.get(deadLetters);
    if (!dlq || !dlx) throw new Error(`declareOwnTopology does not declare ${deadLetters}`);
    channels[deadLetters] = {
      address: deadLetters,
      title: deadLetters,
      summary: `${system}'s dead letters: messages ${inbox} could not apply, with the reason; replayed or discarded on ${system}'s /ops.`,
      description: `A ${dlx.type} exchange and a queue of the same name. The consumer publishes a message it refuses (not JSON, unknown type, schema violation, wrong publisher, no handler) here with the reason; the broker dead-letters a message delivered ${deliveryLimit} times (\`x-delivery-limit\`) here too.`,
      messages: {},
      bindings: {
        amqp: {
          is: "queue",
          queue: {
            name: deadLetters,
            durable: dlq.durable,
            exclusive: false,
            autoDelete: false,
            vhost: VHOST,
          },
          bindingVersion: "0.3.0",
        },
      },
      "x-queue-arguments": dlq.arguments,
      "x-bindings": declared.bindings
        .filter((binding) => binding.queue === deadLetters)
        .map(({ exchange, routingKey }) => ({ exchange, routingKey })),
    };
  }

  return {
    asyncapi: "3.0.0",
    info: {
      title: "Suite Shop integration events",
      version: "1.0.0",
      description:
        "The events catalog, music and store exchange over RabbitMQ: one channel per event type (routing key = type) on the owner's topic exchange, who publishes and who consumes it, and each consumer's quorum queue. Every message is a CloudEvents 1.0 event in JSON structured mode. Generated from @scs/contracts by `npm run asyncapi`; `npm test` fails when this document and the code drift, or when a schema changes in a way that breaks its consumers without a new version.",
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      rabbitmq: {
        host: "localhost:5672",
        protocol: "amqp",
        protocolVersion: "0.9.1",
        pathname: `/${VHOST}`,
        title: "RabbitMQ",
        description:
          "The suite's broker, vhost `scs` (`RABBITMQ_URL` elsewhere; a cluster in production). Each system connects as its own user (`catalog`, `music`, `store`): it writes only its own exchange and reads only its own queues.",
      },
    },
    channels,
    operations,
    components: { messages },
  };
}

/** The document as committed: stable key order, two-space indent, final newline. */
export const serialize = (document: AsyncApiDocument) => `${JSON.stringify(document, null, 2)}\n`;
