/**
 * One example per event type, shown in the AsyncAPI document and on /ops/events. Typed against the
 * contract, and parsed with its schema by the generator: a new event type without an example, or an
 * example its schema refuses, does not compile or does not generate.
 */
import type { EventData, EventType } from "@scs/contracts/events";

export interface Example<T extends EventType> {
  subject: string;
  aggregateVersion?: number;
  data: EventData<T>;
}

const lines = [
  { source: "catalog", itemId: "p_01jd6k3v8r", quantity: 2, unitPriceCents: 2499 },
  { source: "music", itemId: "a_01jd6k4c2m", quantity: 1, unitPriceCents: 999 },
] as const;

export const examples: { [T in EventType]: Example<T> } = {
  "catalog.product.upserted": {
    subject: "p_01jd6k3v8r",
    aggregateVersion: 7,
    data: {
      id: "p_01jd6k3v8r",
      sku: "KIT-MUG-012",
      title: "Stoneware mug, 350 ml",
      description: "Glazed stoneware, dishwasher safe.",
      priceCents: 2499,
      currency: "EUR",
      category: "kitchen",
      stock: 42,
      image: "/images/products/p_01jd6k3v8r.svg",
    },
  },
  "catalog.product.removed": { subject: "p_01jd6k3v8r", aggregateVersion: 8, data: { id: "p_01jd6k3v8r" } },
  "catalog.stock.reserved": { subject: "o_01jd6m0f5x", data: { orderId: "o_01jd6m0f5x" } },
  "catalog.stock.rejected": {
    subject: "o_01jd6m0f5x",
    data: { orderId: "o_01jd6m0f5x", reason: "Stoneware mug, 350 ml: 2 ordered, 1 in stock" },
  },
  "catalog.resync.requested": { subject: "customers", data: { from: ["store"] } },
  "music.album.upserted": {
    subject: "a_01jd6k4c2m",
    aggregateVersion: 3,
    data: {
      id: "a_01jd6k4c2m",
      title: "Low Tide",
      artist: "The Harbour Lights",
      priceCents: 999,
      currency: "EUR",
      trackCount: 9,
      cover: "/covers/a_01jd6k4c2m.svg",
    },
  },
  "music.album.removed": { subject: "a_01jd6k4c2m", aggregateVersion: 4, data: { id: "a_01jd6k4c2m" } },
  "music.resync.requested": { subject: "customers", data: { from: ["store"] } },
  "store.customer.upserted": {
    subject: "c_01jd6kz9qa",
    aggregateVersion: 2,
    data: {
      id: "c_01jd6kz9qa",
      email: "customer@example.com",
      name: "Ada Customer",
      roles: ["customer"],
      sessionsValidAfter: "2026-11-30T01:00:00.000Z",
    },
  },
  "store.order.placed": {
    subject: "o_01jd6m0f5x",
    data: { orderId: "o_01jd6m0f5x", customerId: "c_01jd6kz9qa", lines: [...lines] },
  },
  "store.order.confirmed": {
    subject: "o_01jd6m0f5x",
    data: { orderId: "o_01jd6m0f5x", customerId: "c_01jd6kz9qa", lines: [...lines] },
  },
  "store.order.rejected": {
    subject: "o_01jd6m0f5x",
    data: { orderId: "o_01jd6m0f5x", reason: "Stoneware mug, 350 ml: 2 ordered, 1 in stock" },
  },
  "store.resync.requested": { subject: "offers", data: { from: ["catalog", "music"] } },
};
