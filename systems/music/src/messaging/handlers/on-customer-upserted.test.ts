import { describe, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { incoming, testDb } from "@/test/fixtures";
import { onCustomerUpserted } from "./on-customer-upserted";

const apply = (db: ReturnType<typeof testDb>, version: number | undefined, name: string) =>
  db.transaction((tx) =>
    onCustomerUpserted(
      incoming("store.customer.upserted", { id: "c-1", email: "dana@example.com", name }, version),
      tx,
    ),
  );

describe("onCustomerUpserted", () => {
  it("copies a new customer and applies newer versions only", () => {
    const db = testDb();
    apply(db, 2, "Dana");
    apply(db, 1, "Dana (old)");
    apply(db, 2, "Dana (replayed)");
    expect(db.select().from(customers).all()).toEqual([
      expect.objectContaining({ id: "c-1", email: "dana@example.com", name: "Dana", version: 2 }),
    ]);
    apply(db, 3, "Dana Demo");
    expect(db.select().from(customers).get()).toMatchObject({ name: "Dana Demo", version: 3 });
  });

  it("refuses an event without a version (the consumer dead-letters it)", () => {
    const db = testDb();
    expect(() => apply(db, undefined, "Dana")).toThrow(/aggregateversion/);
    expect(db.select().from(customers).all()).toEqual([]);
  });
});
