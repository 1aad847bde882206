import type { CloudEvent } from "@scs/contracts/envelope";
import type { EventData } from "@scs/contracts/events";
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type CatalogDb, openDatabase } from "@/db/client";
import { customerAccountState } from "@/db/queries/customers";
import { outbox } from "@/db/schema";
import { requestCustomersIfEmpty } from "../resync";
import { onCustomerUpserted } from "./on-customer-upserted";

let counter = 0;
const upserted = (
  data: EventData<"store.customer.upserted">,
  version: number | undefined,
): CloudEvent<"store.customer.upserted"> => ({
  specversion: "1.0",
  id: `0190c8a2-7b7e-7cc0-8001-${String(++counter).padStart(12, "0")}`,
  source: "/store",
  type: "store.customer.upserted",
  subject: data.id,
  time: new Date().toISOString(),
  ...(version === undefined ? {} : { aggregateversion: version }),
  data,
});

const apply = (db: CatalogDb, event: CloudEvent<"store.customer.upserted">) =>
  db.transaction((tx) => onCustomerUpserted(event, tx));

const ada = { id: "c-1", email: "ada@example.com", name: "Ada" };

describe("catalog's copy of store's customers", () => {
  it("keeps each account's roles and 'sessions valid after', newest version only", () => {
    const db = openDatabase(":memory:");
    expect(customerAccountState(db, "c-1")).toBeUndefined();
    apply(db, upserted({ ...ada, roles: ["customer", "admin"] }, 1));
    expect(customerAccountState(db, "c-1")).toEqual({
      roles: ["customer", "admin"],
      sessionsValidAfter: null,
    });
    const demoted = { ...ada, roles: ["customer" as const], sessionsValidAfter: "2026-11-30T01:00:00.250Z" };
    apply(db, upserted(demoted, 3));
    apply(db, upserted({ ...ada, roles: ["customer", "admin"] }, 2)); // late: ignored
    expect(customerAccountState(db, "c-1")).toEqual({
      roles: ["customer"],
      sessionsValidAfter: Date.parse("2026-11-30T01:00:00.250Z"),
    });
  });

  it("takes an event from before roles existed as 'roles not said'", () => {
    const db = openDatabase(":memory:");
    apply(db, upserted(ada, 1));
    expect(customerAccountState(db, "c-1")).toEqual({ roles: null, sessionsValidAfter: null });
  });

  it("refuses an event without a version (the consumer dead-letters it)", () => {
    const db = openDatabase(":memory:");
    expect(() => apply(db, upserted(ada, undefined))).toThrow(/aggregateversion/);
  });

  it("asks store for its customers once while it holds none", () => {
    const db = openDatabase(":memory:");
    expect(requestCustomersIfEmpty(db)).toBe(true);
    expect(requestCustomersIfEmpty(db)).toBe(false); // the first request still waits in the outbox
    const types = db
      .select()
      .from(outbox)
      .orderBy(asc(outbox.seq))
      .all()
      .map((row) => row.type);
    expect(types).toEqual(["catalog.resync.requested"]);
    apply(db, upserted(ada, 1));
    db.update(outbox).set({ publishedAt: Date.now() }).run();
    expect(requestCustomersIfEmpty(db)).toBe(false);
  });
});
