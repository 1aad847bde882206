/**
 * The broker topology of one system (CONTRACT "Messaging"): its own topic exchange, its inbox
 * quorum queue with an explicit delivery limit that dead-letters into its dead-letter queue, and
 * bindings to the event types it consumes from the other systems' exchanges.
 */
import { type EventType, ownerOf, type SystemName } from "@scs/contracts/events";
import { deadLetterOf, exchangeOf, inboxQueueOf } from "@scs/contracts/topology";
import type { Channel } from "amqplib";

export interface Binding {
  exchange: string;
  routingKey: string;
}

export const bindingsFor = (types: EventType[]): Binding[] =>
  types.map((type) => ({ exchange: exchangeOf(ownerOf(type)), routingKey: type }));

/** Declares what the system owns. Idempotent: runs again after every reconnect. */
export async function declareOwnTopology(channel: Channel, system: SystemName, deliveryLimit: number) {
  await channel.assertExchange(exchangeOf(system), "topic", { durable: true });
  await channel.assertExchange(deadLetterOf(system), "fanout", { durable: true });
  await channel.assertQueue(deadLetterOf(system), { durable: true, arguments: { "x-queue-type": "quorum" } });
  await channel.bindQueue(deadLetterOf(system), deadLetterOf(system), "");
  await channel.assertQueue(inboxQueueOf(system), {
    durable: true,
    arguments: {
      "x-queue-type": "quorum",
      "x-delivery-limit": deliveryLimit,
      "x-dead-letter-exchange": deadLetterOf(system),
    },
  });
}
