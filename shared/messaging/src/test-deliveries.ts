/**
 * Deliveries for the consumer's unit tests (amqplib's channels are fakes there): what the broker
 * hands the consumer for one of catalog's events, and store's consumer that takes them.
 */
import type { ConsumeMessage } from "amqplib";
import { v7 as uuidv7 } from "uuid";
import { Consumer, type ConsumerOptions } from "./consumer";
import type { Db } from "./db";

/** The body of a `catalog.product.removed` event for product `id`. */
export const productRemoved = (id: string): string =>
  JSON.stringify({
    specversion: "1.0",
    id: uuidv7(),
    source: "/catalog",
    type: "catalog.product.removed",
    subject: id,
    time: new Date().toISOString(),
    aggregateversion: 1,
    data: { id },
  });

/**
 * Deliveries numbered as one channel numbers them (tags from 1, as the broker does): each call of
 * the result is a delivery of `body`, redelivered `redeliveries` times before.
 */
export function channelDeliveries(): (body: string, redeliveries?: number) => ConsumeMessage {
  let tag = 0;
  return (body, redeliveries = 0) =>
    ({
      content: Buffer.from(body),
      fields: {
        deliveryTag: ++tag,
        redelivered: redeliveries > 0,
        exchange: "catalog.events",
        routingKey: "catalog.product.removed",
        consumerTag: "c",
      },
      properties: {
        userId: "catalog",
        messageId: undefined,
        headers: { "x-delivery-count": redeliveries },
      },
    }) as unknown as ConsumeMessage;
}

/** store's consumer on `db` (delivery limit 3, silent), with what a test watches or decides. */
export const storeConsumer = (
  db: Db,
  options: Pick<ConsumerOptions, "durable" | "afterCommit" | "subscriptions">,
): Consumer =>
  new Consumer({ system: "store", db, deliveryLimit: 3, userId: "store", log: () => {}, ...options });
