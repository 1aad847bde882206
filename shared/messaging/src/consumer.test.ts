import { describe, expect, it } from "vitest";
import { admit } from "./consumer";

const event = (overrides: Record<string, unknown> = {}) => ({
  specversion: "1.0",
  id: "0190b6a4-8a4e-7c3d-9e2f-1a2b3c4d5e6f",
  source: "/catalog",
  type: "catalog.product.removed",
  subject: "p1",
  time: new Date().toISOString(),
  aggregateversion: 2,
  data: { id: "p1" },
  ...overrides,
});

const message = (body: unknown, exchange = "catalog.events", userId: string | null = "catalog") => ({
  content: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
  fields: {
    exchange,
    routingKey: "catalog.product.removed",
    deliveryTag: 1,
    redelivered: false,
    consumerTag: "t",
  },
  properties: { userId: userId ?? undefined, headers: {} },
});

const subscriptions = { "catalog.product.removed": () => {} };

describe("admit", () => {
  it("admits a valid event from its owner", () => {
    const result = admit(message(event()) as never, subscriptions);
    expect(result.ok).toBe(true);
  });

  it.each([
    ["bytes that are not JSON", message("{oops"), /^not JSON/],
    ["a missing envelope field", message(event({ specversion: undefined })), /^invalid envelope/],
    ["an unknown type", message(event({ type: "catalog.thing.happened" })), /^unknown event type/],
    ["data that breaks the schema", message(event({ data: { id: 5 } })), /^invalid data/],
    ["another user on the owner's exchange", message(event(), "catalog.events", "music"), /may not publish/],
    ["a message without user-id", message(event(), "catalog.events", null), /may not publish/],
    ["a foreign exchange", message(event(), "amq.topic", "catalog"), /may not publish/],
    [
      "a source that does not own the type",
      message(event({ source: "/music" })),
      /source \/music may not emit|does not match/,
    ],
  ])("rejects %s with a reason", (_label, msg, reason) => {
    const result = admit(msg as never, subscriptions);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("rejects a valid event the system has no handler for", () => {
    const result = admit(message(event()) as never, {});
    expect(result).toEqual({ ok: false, reason: "no handler for catalog.product.removed" });
  });
});
