import { describe, expect, it } from "vitest";
import { customerAccountState } from "@/db/queries/customers";
import { customers } from "@/db/schema";
import { incoming, testDb } from "@/testing/fixtures";
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

  it("keeps the account's roles and 'sessions valid after', to check sessions without store", () => {
    const db = testDb();
    db.transaction((tx) =>
      onCustomerUpserted(
        incoming(
          "store.customer.upserted",
          {
            id: "c-1",
            email: "dana@example.com",
            name: "Dana",
            roles: ["customer"],
            sessionsValidAfter: "2026-11-30T01:00:00.250Z",
          },
          4,
        ),
        tx,
      ),
    );
    expect(customerAccountState(db, "c-1")).toEqual({
      roles: ["customer"],
      sessionsValidAfter: Date.parse("2026-11-30T01:00:00.250Z"),
    });
    expect(customerAccountState(db, "nobody")).toBeUndefined();
  });

  it("refuses an event without a version (the consumer dead-letters it)", () => {
    const db = testDb();
    expect(() => apply(db, undefined, "Dana")).toThrow(/aggregateversion/);
    expect(db.select().from(customers).all()).toEqual([]);
  });
});
