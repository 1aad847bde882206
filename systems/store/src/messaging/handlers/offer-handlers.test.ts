/**
 * The version rule of the offer handlers: a replica applies an event only if it is newer than
 * what it holds, so redelivery, reordering and replays all converge to the owner's latest state.
 */
import { randomUUID } from "node:crypto";
import type { CloudEvent } from "@scs/contracts/envelope";
import type { EventData, EventType } from "@scs/contracts/events";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type StoreDb } from "@/db/database";
import { findOffer, listOffers } from "@/db/queries/offers";
import { subscriptions } from "../subscriptions";

let db: StoreDb;
beforeEach(() => {
  db = openDatabase(":memory:");
});

function event<T extends EventType>(type: T, version: number, data: EventData<T>): CloudEvent<T> {
  return {
    specversion: "1.0",
    id: randomUUID(),
    source: `/${type.split(".")[0]}` as CloudEvent["source"],
    type,
    subject: (data as { id: string }).id,
    time: new Date().toISOString(),
    aggregateversion: version,
    data,
  };
}

/** Delivers an event the way the runtime does: its handler inside one transaction. */
function deliver<T extends EventType>(e: CloudEvent<T>) {
  const handler = subscriptions[e.type] as ((event: CloudEvent<T>, tx: unknown) => void) | undefined;
  if (!handler) throw new Error(`store does not subscribe to ${e.type}`);
  db.transaction((tx) => handler(e, tx));
}

const product = (version: number, changes: Partial<EventData<"catalog.product.upserted">> = {}) =>
  event("catalog.product.upserted", version, {
    id: "p-1",
    sku: "BK-001",
    title: "Field Notes",
    description: "A pocket notebook",
    priceCents: 1200,
    currency: "EUR",
    category: "Stationery",
    stock: 4,
    image: "/api/products/p-1/image.svg",
    ...changes,
  });

const album = (version: number, changes: Partial<EventData<"music.album.upserted">> = {}) =>
  event("music.album.upserted", version, {
    id: "a-1",
    title: "Night Drive",
    artist: "The Modulators",
    priceCents: 999,
    currency: "EUR",
    trackCount: 9,
    cover: "/api/albums/a-1/cover.svg",
    ...changes,
  });

describe("catalog product handlers", () => {
  it("copies a new product as an offer, available while in stock", () => {
    deliver(product(1));
    expect(findOffer(db, "catalog", "p-1")).toMatchObject({
      title: "Field Notes",
      priceCents: 1200,
      category: "Stationery",
      stock: 4,
      available: true,
      removed: false,
      version: 1,
    });
  });

  it("applies a newer version and ignores an older or equal one delivered later", () => {
    deliver(product(1));
    deliver(product(3, { priceCents: 1500 }));
    deliver(product(2, { priceCents: 1300 }));
    deliver(product(3, { priceCents: 9999 }));
    expect(findOffer(db, "catalog", "p-1")).toMatchObject({ priceCents: 1500, version: 3 });
  });

  it("marks a product without stock unavailable", () => {
    deliver(product(1));
    deliver(product(2, { stock: 0 }));
    expect(findOffer(db, "catalog", "p-1")).toMatchObject({ stock: 0, available: false });
  });

  it("keeps a removed product as a tombstone that an older upsert cannot resurrect", () => {
    deliver(product(1));
    deliver(event("catalog.product.removed", 2, { id: "p-1" }));
    deliver(product(1, { priceCents: 100 }));
    expect(findOffer(db, "catalog", "p-1")).toMatchObject({ removed: true, available: false, version: 2 });
    expect(listOffers(db, { limit: 10 })).toEqual([]);
  });

  it("holds a removal that arrives before the product ever did", () => {
    deliver(event("catalog.product.removed", 5, { id: "p-1" }));
    deliver(product(4));
    expect(findOffer(db, "catalog", "p-1")).toMatchObject({ removed: true, version: 5 });
    deliver(product(6, { title: "Field Notes, 2nd edition" }));
    expect(findOffer(db, "catalog", "p-1")).toMatchObject({
      removed: false,
      title: "Field Notes, 2nd edition",
      version: 6,
    });
  });

  it("ignores an older removal after a newer upsert", () => {
    deliver(product(3));
    deliver(event("catalog.product.removed", 2, { id: "p-1" }));
    expect(findOffer(db, "catalog", "p-1")).toMatchObject({ removed: false, version: 3 });
  });

  it("converges to the same state whatever the delivery order", () => {
    const history = [
      product(1),
      product(2, { priceCents: 1100 }),
      event("catalog.product.removed", 3, { id: "p-1" }),
      product(4, { priceCents: 1400, stock: 0 }),
    ];
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
      [1, 3, 3, 0, 2, 2],
    ];
    const states = orders.map((order) => {
      db = openDatabase(":memory:");
      for (const i of order) deliver(history[i] as CloudEvent);
      const { updatedAt, changedAt, ...state } = findOffer(db, "catalog", "p-1") ?? {};
      return state;
    });
    for (const state of states) expect(state).toEqual(states[0]);
    expect(states[0]).toMatchObject({ priceCents: 1400, available: false, removed: false, version: 4 });
  });
});

describe("music album handlers", () => {
  it("copies a published album as an always-available offer filed under Music", () => {
    deliver(album(1));
    expect(findOffer(db, "music", "a-1")).toMatchObject({
      title: "Night Drive",
      artist: "The Modulators",
      trackCount: 9,
      category: "Music",
      stock: null,
      available: true,
      version: 1,
    });
  });

  it("applies only newer versions, and tombstones removals", () => {
    deliver(album(2, { priceCents: 1299 }));
    deliver(album(1, { priceCents: 1 }));
    expect(findOffer(db, "music", "a-1")).toMatchObject({ priceCents: 1299, version: 2 });
    deliver(event("music.album.removed", 3, { id: "a-1" }));
    deliver(album(2, { priceCents: 1299 }));
    expect(findOffer(db, "music", "a-1")).toMatchObject({ removed: true, version: 3 });
  });

  it("keeps catalog and music items with the same id apart", () => {
    deliver(product(1, { id: "same" }));
    deliver(album(1, { id: "same" }));
    expect(listOffers(db, { limit: 10, sort: "title" }).map((o) => o.source)).toEqual(["catalog", "music"]);
  });
});
