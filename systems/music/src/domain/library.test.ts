import { describe, expect, it } from "vitest";
import { listGrants } from "@/db/queries/library";
import { sampleAlbum, testDb } from "@/testing/fixtures";
import { createAlbum, deleteAlbum, updateAlbum } from "./albums";
import { type ConfirmedOrder, grantOrder, libraryOf, ownsAlbum } from "./library";

const order = (orderId: string, customerId: string, lines: ConfirmedOrder["lines"]): ConfirmedOrder => ({
  orderId,
  customerId,
  lines,
});
const musicLine = (itemId: string) => ({
  source: "music" as const,
  itemId,
  quantity: 1,
  unitPriceCents: 999,
});
const catalogLine = (itemId: string) => ({
  source: "catalog" as const,
  itemId,
  quantity: 2,
  unitPriceCents: 500,
});

describe("grantOrder", () => {
  it("grants the order's albums to its customer, and only the music lines", () => {
    const db = testDb();
    const a = createAlbum(db, sampleAlbum);
    const b = createAlbum(db, { ...sampleAlbum, title: "Second" });
    const outcome = db.transaction((tx) =>
      grantOrder(tx, order("o-1", "cust-1", [musicLine(a.id), catalogLine("p-1"), musicLine(b.id)])),
    );
    expect(outcome).toEqual({ granted: [a.id, b.id], alreadyOwned: [], unknown: [] });
    expect(ownsAlbum(db, "cust-1", a.id)).toBe(true);
    expect(ownsAlbum(db, "cust-1", b.id)).toBe(true);
    expect(ownsAlbum(db, "cust-2", a.id)).toBe(false);
  });

  it("is idempotent per customer and album: a replay or a second purchase grants nothing new", () => {
    const db = testDb();
    const a = createAlbum(db, sampleAlbum);
    const confirmed = order("o-1", "cust-1", [musicLine(a.id), musicLine(a.id)]);
    db.transaction((tx) => grantOrder(tx, confirmed, 1_000));
    const replay = db.transaction((tx) => grantOrder(tx, confirmed, 2_000));
    const again = db.transaction((tx) => grantOrder(tx, order("o-2", "cust-1", [musicLine(a.id)]), 3_000));
    expect(replay).toEqual({ granted: [], alreadyOwned: [a.id], unknown: [] });
    expect(again.alreadyOwned).toEqual([a.id]);
    expect(listGrants(db, "cust-1")).toEqual([
      { customerId: "cust-1", albumId: a.id, orderId: "o-1", grantedAt: 1_000 },
    ]);
  });

  it("skips albums music does not know instead of failing the order", () => {
    const db = testDb();
    const a = createAlbum(db, sampleAlbum);
    const outcome = db.transaction((tx) =>
      grantOrder(tx, order("o-1", "cust-1", [musicLine("nope"), musicLine(a.id)])),
    );
    expect(outcome).toEqual({ granted: [a.id], alreadyOwned: [], unknown: ["nope"] });
  });
});

describe("libraryOf", () => {
  it("lists the customer's albums with tracks, newest grant first, and keeps albums taken off sale", () => {
    const db = testDb();
    const older = createAlbum(db, sampleAlbum);
    const newer = createAlbum(db, { ...sampleAlbum, title: "Newer" });
    const other = createAlbum(db, { ...sampleAlbum, title: "Not mine" });
    db.transaction((tx) => grantOrder(tx, order("o-1", "cust-1", [musicLine(older.id)]), 1_000));
    db.transaction((tx) => grantOrder(tx, order("o-2", "cust-1", [musicLine(newer.id)]), 2_000));
    db.transaction((tx) => grantOrder(tx, order("o-3", "cust-2", [musicLine(other.id)]), 3_000));
    updateAlbum(db, newer.id, { published: false });
    deleteAlbum(db, older.id);

    const library = libraryOf(db, "cust-1");
    expect(library.map((a) => [a.title, a.onSale, a.orderId])).toEqual([
      ["Newer", false, "o-2"],
      ["Harbor Lights", false, "o-1"],
    ]);
    expect(library[1]?.tracks.map((t) => t.title)).toEqual(["Night Shift", "Last Ferry"]);
    expect(library[0]?.grantedAt).toBe(new Date(2_000).toISOString());
    expect(libraryOf(db, "nobody")).toEqual([]);
  });
});
