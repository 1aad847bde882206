import { describe, expect, it } from "vitest";
import { listGrants } from "@/db/queries/library";
import { createAlbum } from "@/domain/albums";
import { incoming, sampleAlbum, testDb } from "@/testing/fixtures";
import { onOrderConfirmed } from "./on-order-confirmed";

describe("onOrderConfirmed", () => {
  it("adds the order's albums to the customer's library, once", () => {
    const db = testDb();
    const album = createAlbum(db, sampleAlbum);
    const event = incoming("store.order.confirmed", {
      orderId: "o-1",
      customerId: "cust-1",
      lines: [
        { source: "music", itemId: album.id, quantity: 1, unitPriceCents: 999 },
        { source: "catalog", itemId: "p-1", quantity: 1, unitPriceCents: 1500 },
      ],
    });
    db.transaction((tx) => onOrderConfirmed(event, tx));
    db.transaction((tx) => onOrderConfirmed(event, tx));
    expect(listGrants(db, "cust-1")).toEqual([
      expect.objectContaining({ albumId: album.id, orderId: "o-1" }),
    ]);
  });

  it("does not throw for an order without albums or with an unknown album (nothing to retry)", () => {
    const db = testDb();
    const event = incoming("store.order.confirmed", {
      orderId: "o-2",
      customerId: "cust-1",
      lines: [
        { source: "catalog", itemId: "p-1", quantity: 1, unitPriceCents: 1500 },
        { source: "music", itemId: "no-such-album", quantity: 1, unitPriceCents: 999 },
      ],
    });
    expect(() => db.transaction((tx) => onOrderConfirmed(event, tx))).not.toThrow();
    expect(listGrants(db, "cust-1")).toEqual([]);
  });
});
