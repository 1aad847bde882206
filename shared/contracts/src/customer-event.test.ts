import { describe, expect, it } from "vitest";
import { events } from "./events";

const schema = events["store.customer.upserted"].schema;
const before = { id: "c1", email: "dana@example.com", name: "Dana" };

describe("store.customer.upserted", () => {
  it("carries the account's roles and the instant before which its sessions are revoked", () => {
    const data = { ...before, roles: ["customer"], sessionsValidAfter: "2026-11-30T01:02:03.456Z" };
    expect(schema.parse(data)).toEqual(data);
  });

  it("still accepts the events published before these fields existed (backward compatible)", () => {
    expect(schema.parse(before)).toEqual(before);
  });

  it("refuses an instant that is not an ISO 8601 date-time, and unknown roles", () => {
    expect(schema.safeParse({ ...before, sessionsValidAfter: "yesterday" }).success).toBe(false);
    expect(schema.safeParse({ ...before, roles: ["owner"] }).success).toBe(false);
  });
});
