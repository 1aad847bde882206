import { describe, expect, it } from "vitest";
import { parseEvent, parseEventBytes, validateData } from "./envelope";

const base = {
  specversion: "1.0",
  id: "0190b6a4-8a4e-7c3d-9e2f-1a2b3c4d5e6f",
  source: "/music",
  type: "music.album.upserted",
  subject: "a1",
  time: "2026-11-23T10:00:00.000Z",
  aggregateversion: 3,
  data: {
    id: "a1",
    title: "Blue",
    artist: "Nova",
    priceCents: 999,
    currency: "EUR",
    trackCount: 9,
    cover: "/c.svg",
  },
};

describe("parseEvent", () => {
  it("accepts a CloudEvent whose data matches its type's schema", () => {
    const result = parseEvent(base);
    expect(result.ok && result.event.data).toMatchObject({ title: "Blue" });
  });

  it("names the failing field", () => {
    const result = parseEvent({ ...base, data: { ...base.data, priceCents: -1 } });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toContain("priceCents");
  });

  it("refuses a type emitted by a system that does not own it", () => {
    const result = parseEvent({ ...base, source: "/store" });
    expect(result.ok).toBe(false);
  });

  it("returns exactly the envelope's and the data's fields, nothing the schemas do not know", () => {
    const result = parseEvent({ ...base, extra: 1, data: { ...base.data, extra: 2 } });
    expect(result.ok && result.event).toEqual(base);
  });

  it.each([
    ["a bad envelope before bad data", { ...base, id: "x", data: {} }, /^invalid envelope: id: /],
    [
      "a foreign source before bad data",
      { ...base, source: "/store", data: {} },
      /^source \/store may not emit/,
    ],
    [
      "a data field by its path inside data",
      { ...base, data: { ...base.data, title: "" } },
      /^invalid data for music\.album\.upserted: title: /,
    ],
    ["missing data", { ...base, data: undefined }, /^invalid data for music\.album\.upserted: \(root\): /],
    [
      "an unknown type",
      { ...base, type: "music.thing.happened" },
      /^unknown event type: music\.thing\.happened$/,
    ],
    ["an unknown type with a bad envelope", { ...base, type: "x.y", id: "x" }, /^invalid envelope: id: /],
    ["no object at all", 5, /^invalid envelope: \(root\): /],
  ])("names %s", (_label, input, reason) => {
    const result = parseEvent(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe("validateData", () => {
  it("throws on data a publisher must never write", () => {
    expect(() => validateData("store.order.rejected", { orderId: "o1", reason: "" })).toThrow();
  });
});

describe("parseEventBytes", () => {
  it("reads only the bytes of a view into a larger buffer", () => {
    const json = Buffer.from(JSON.stringify(base));
    const larger = new Uint8Array(json.length + 20);
    larger.fill(0x20);
    larger.set(json, 7);
    larger[6] = 0x5b; // "[" just before the view: parsing the whole buffer would not give the event
    const result = parseEventBytes(larger.subarray(7, 7 + json.length));
    expect(result.ok && result.event.subject).toBe("a1");
  });

  it("refuses bytes that are not JSON", () => {
    expect(parseEventBytes(Buffer.from("{not json"))).toMatchObject({ ok: false });
  });
});
