import { parseEvent } from "@scs/contracts/envelope";
import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type CatalogDb, openDatabase } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { listStockMovements } from "@/db/queries/stock";
import { outbox } from "@/db/schema";
import { ProductError } from "./errors";
import { createProduct, deleteProduct, updateProduct } from "./products";
import { adjustStock, applyAdjustment, stockAdjustmentSchema } from "./stock";

let db: CatalogDb;
let id: string;
beforeEach(() => {
  db = openDatabase(":memory:");
  id = createProduct(
    db,
    { sku: "HK-MUG", title: "Mug", priceCents: 1800, category: "home-kitchen", stock: 10 },
    { actor: "ada@example.com", now: 1_000 },
  ).id;
});

const events = () =>
  db
    .select()
    .from(outbox)
    .orderBy(asc(outbox.seq))
    .all()
    .map((row) => {
      const parsed = parseEvent(JSON.parse(row.body));
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.event;
    });

const history = () =>
  listStockMovements(db, id, { limit: 50 }).rows.map((m) => [m.reason, m.delta, m.stockAfter, m.actor]);

function failure(fn: () => unknown): ProductError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProductError) return error;
    throw error;
  }
  throw new Error("expected a ProductError");
}

describe("applyAdjustment", () => {
  it("adds deliveries and returns, takes write-offs away, sets counts", () => {
    expect(applyAdjustment(4, { kind: "received", quantity: 6 })).toEqual({
      ok: true,
      stockAfter: 10,
      delta: 6,
    });
    expect(applyAdjustment(4, { kind: "returned", quantity: 1 })).toEqual({
      ok: true,
      stockAfter: 5,
      delta: 1,
    });
    expect(applyAdjustment(4, { kind: "damaged", quantity: 4 })).toEqual({
      ok: true,
      stockAfter: 0,
      delta: -4,
    });
    expect(applyAdjustment(4, { kind: "count", quantity: 0 })).toEqual({
      ok: true,
      stockAfter: 0,
      delta: -4,
    });
    expect(applyAdjustment(4, { kind: "count", quantity: 4 })).toEqual({ ok: true, stockAfter: 4, delta: 0 });
  });

  it("never goes below zero or above the maximum", () => {
    expect(applyAdjustment(2, { kind: "damaged", quantity: 3 })).toEqual({
      ok: false,
      message: "Only 2 in stock: you can't write off 3",
    });
    expect(applyAdjustment(0, { kind: "damaged", quantity: 1 })).toMatchObject({ ok: false });
    expect(applyAdjustment(999_999, { kind: "received", quantity: 2 })).toMatchObject({ ok: false });
  });
});

describe("stockAdjustmentSchema", () => {
  it("needs a known reason and, except for a count, at least one item", () => {
    expect(stockAdjustmentSchema.safeParse({ kind: "stolen", quantity: 1 }).success).toBe(false);
    expect(stockAdjustmentSchema.safeParse({ kind: "received", quantity: 0 }).error?.issues[0]?.path).toEqual(
      ["quantity"],
    );
    expect(stockAdjustmentSchema.parse({ kind: "count", quantity: 0 })).toEqual({
      kind: "count",
      quantity: 0,
      note: "",
    });
    expect(stockAdjustmentSchema.safeParse({ kind: "received", quantity: 1.5 }).success).toBe(false);
    expect(
      stockAdjustmentSchema.safeParse({ kind: "received", quantity: 1, note: "x".repeat(501) }).success,
    ).toBe(false);
  });
});

describe("adjustStock", () => {
  it("changes the stock, bumps the version, publishes it and writes the history", () => {
    const { product, movement } = adjustStock(
      db,
      id,
      { kind: "damaged", quantity: 3, note: "Dropped a box" },
      { actor: "ada@example.com", now: 2_000 },
    );
    expect(product).toMatchObject({ stock: 7, version: 2 });
    expect(movement).toMatchObject({
      reason: "damaged or lost",
      delta: -3,
      stockAfter: 7,
      note: "Dropped a box",
    });
    expect(events().at(-1)).toMatchObject({
      type: "catalog.product.upserted",
      subject: id,
      aggregateversion: 2,
      data: { stock: 7 },
    });
    expect(history()).toEqual([
      ["damaged or lost", -3, 7, "ada@example.com"],
      ["initial stock", 10, 10, "ada@example.com"],
    ]);
  });

  it("keeps a count that confirms the stock, without a new version or event", () => {
    const before = events().length;
    const { product, movement } = adjustStock(
      db,
      id,
      { kind: "count", quantity: 10 },
      { actor: "bo@example.com" },
    );
    expect(product.version).toBe(1);
    expect(movement).toMatchObject({ reason: "stock count", delta: 0, stockAfter: 10 });
    expect(events()).toHaveLength(before);
  });

  it("writes nothing when the adjustment breaks a rule", () => {
    const before = events().length;
    const error = failure(() => adjustStock(db, id, { kind: "damaged", quantity: 11 }, { actor: "a" }));
    expect(error.kind).toBe("invalid");
    expect(error.issues).toEqual([{ path: "quantity", message: "Only 10 in stock: you can't write off 11" }]);
    expect(findProduct(db, id)).toMatchObject({ stock: 10, version: 1 });
    expect(history()).toHaveLength(1);
    expect(events()).toHaveLength(before);
  });

  it("rejects bad input with per-field issues and unknown or removed products", () => {
    expect(
      failure(() => adjustStock(db, id, { kind: "received", quantity: -1 }, { actor: "a" })).issues[0]?.path,
    ).toBe("quantity");
    expect(
      failure(() => adjustStock(db, "nope", { kind: "received", quantity: 1 }, { actor: "a" })).kind,
    ).toBe("not_found");
    deleteProduct(db, id);
    expect(failure(() => adjustStock(db, id, { kind: "received", quantity: 1 }, { actor: "a" })).kind).toBe(
      "not_found",
    );
  });
});

describe("every stock change is in the history", () => {
  it("records a stock set through updateProduct as a count, other edits not at all", () => {
    updateProduct(db, id, { priceCents: 2000 }, { actor: "ada@example.com" });
    updateProduct(db, id, { stock: 4 }, { actor: "api-user@example.com" });
    expect(history()).toEqual([
      ["stock count", -6, 4, "api-user@example.com"],
      ["initial stock", 10, 10, "ada@example.com"],
    ]);
  });
});
