import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/database";
import { offers, outbox } from "@/db/schema";
import { requestResyncIfEmpty } from "./resync";

const requests = (db: ReturnType<typeof openDatabase>) =>
  db
    .select()
    .from(outbox)
    .all()
    .map((row) => JSON.parse(row.body) as { type: string; data: unknown });

describe("resync at start", () => {
  it("asks both owners to re-publish when store holds nothing", () => {
    const db = openDatabase(":memory:");
    expect(requestResyncIfEmpty(db)).toEqual(["catalog", "music"]);
    expect(requests(db)).toEqual([
      expect.objectContaining({ type: "store.resync.requested", data: { from: ["catalog", "music"] } }),
    ]);
  });

  it("asks only the owners it has never heard from (tombstones count as heard)", () => {
    const db = openDatabase(":memory:");
    db.insert(offers)
      .values({
        source: "catalog",
        itemId: "p-1",
        title: "",
        priceCents: 0,
        currency: "EUR",
        category: "",
        image: "",
        available: false,
        removed: true,
        version: 2,
        changedAt: 0,
        updatedAt: 0,
      })
      .run();
    expect(requestResyncIfEmpty(db)).toEqual(["music"]);
  });

  it("records nothing when store has offers from both", () => {
    const db = openDatabase(":memory:");
    for (const source of ["catalog", "music"] as const) {
      db.insert(offers)
        .values({
          source,
          itemId: "x",
          title: "X",
          priceCents: 1,
          currency: "EUR",
          category: "Music",
          image: "",
          available: true,
          version: 1,
          changedAt: 0,
          updatedAt: 0,
        })
        .run();
    }
    expect(requestResyncIfEmpty(db)).toEqual([]);
    expect(requests(db)).toEqual([]);
  });
});
