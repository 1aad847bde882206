/**
 * The shape of the suite's AsyncAPI 3.0 document as the generator writes it (asyncapi.json):
 * the part of AsyncAPI 3.0 it uses, typed for the generator, the checks and the /ops/events page.
 */

/** A JSON Schema (draft-07), as zod's `z.toJSONSchema` writes it. */
export type JsonSchema = { [keyword: string]: unknown };

export interface Ref {
  $ref: string;
}

export interface AmqpExchange {
  name: string;
  type: "topic" | "direct" | "fanout" | "default" | "headers";
  durable: boolean;
  autoDelete: boolean;
  vhost: string;
}

export interface AmqpQueue {
  name: string;
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  vhost: string;
}

export interface Channel {
  address: string;
  title: string;
  summary: string;
  description?: string;
  messages: Record<string, Ref>;
  bindings: {
    amqp:
      | { is: "routingKey"; exchange: AmqpExchange; bindingVersion: "0.3.0" }
      | { is: "queue"; queue: AmqpQueue; bindingVersion: "0.3.0" };
  };
  /** Queue arguments (`x-queue-type`, `x-delivery-limit`, `x-dead-letter-exchange`), as declared. */
  "x-queue-arguments"?: Record<string, string | number>;
  /** For a queue: the exchange and routing key of each of its bindings. */
  "x-bindings"?: { exchange: string; routingKey: string }[];
}

export interface Operation {
  action: "send" | "receive";
  channel: Ref;
  title: string;
  summary: string;
  description: string;
  messages: Ref[];
  bindings: {
    amqp:
      | {
          deliveryMode: 2;
          mandatory: true;
          userId: string;
          timestamp: true;
          bindingVersion: "0.3.0";
        }
      | { ack: true; bindingVersion: "0.3.0" };
  };
  /** The system that sends or receives. */
  "x-system": string;
  /** For a receive operation: the queue it is consumed from. */
  "x-queue"?: string;
}

export interface Message {
  name: string;
  title: string;
  summary: string;
  description?: string;
  contentType: string;
  headers: { schemaFormat: "application/schema+json;version=draft-07"; schema: JsonSchema };
  payload: { schemaFormat: "application/schema+json;version=draft-07"; schema: JsonSchema };
  bindings: { amqp: { messageType: string; bindingVersion: "0.3.0" } };
  examples: { name: string; summary: string; payload: Record<string, unknown> }[];
  /** The event type and its schema version (CloudEvents `type`, `dataschemaversion`). */
  "x-event-type": string;
  "x-event-version": number;
  /** Whether the event copies an aggregate's state (then `aggregateversion` is required). */
  "x-copies-state": boolean;
}

export interface AsyncApiDocument {
  asyncapi: "3.0.0";
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<
    string,
    {
      host: string;
      protocol: "amqp";
      protocolVersion: "0.9.1";
      pathname: string;
      title: string;
      description: string;
    }
  >;
  channels: Record<string, Channel>;
  operations: Record<string, Operation>;
  components: { messages: Record<string, Message> };
}

/** The name of a message in `components.messages`: the event type and its schema version. */
export const messageKey = (type: string, version: number) => `${type}.v${version}`;
