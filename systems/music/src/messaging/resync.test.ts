import { describe, expect, it } from "vitest";
import { outbox } from "@/db/schema";
import { incoming, recordedEvents, testDb } from "@/testing/fixtures";
import { onCustomerUpserted } from "./handlers/on-customer-upserted";
import { requestCustomersIfEmpty } from "./resync";

describe("requestCustomersIfEmpty", () => {
  it("asks store once for its customers while music has none", () => {
    const db = testDb();
    expect(requestCustomersIfEmpty(db)).toBe(true);
    expect(requestCustomersIfEmpty(db)).toBe(false);
    expect(recordedEvents(db)).toEqual([
      expect.objectContaining({ type: "music.resync.requested", data: { from: ["store"] } }),
    ]);
  });

  it("asks again after a restart once the earlier request was published, but not once customers arrived", () => {
    const db = testDb();
    requestCustomersIfEmpty(db);
    db.update(outbox).set({ publishedAt: Date.now() }).run();
    expect(requestCustomersIfEmpty(db)).toBe(true);
    db.update(outbox).set({ publishedAt: Date.now() }).run();
    db.transaction((tx) =>
      onCustomerUpserted(
        incoming("store.customer.upserted", { id: "c", email: "c@example.com", name: "C" }, 1),
        tx,
      ),
    );
    expect(requestCustomersIfEmpty(db)).toBe(false);
  });
});
