/**
 * The compatibility check: the code's contract against the committed (last published) one, and
 * deliberate changes of real event schemas, through zod's JSON Schema, that must be refused or let
 * through.
 */
import { readFileSync } from "node:fs";
import { events } from "@scs/contracts/events";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { breakingChanges, incompatibilities, narrowings } from "./compatibility";
import { type AsyncApiDocument, type JsonSchema, messageKey } from "./document";
import { generateDocument } from "./generate";

const published = JSON.parse(
  readFileSync(new URL("../asyncapi.json", import.meta.url), "utf8"),
) as AsyncApiDocument;

const dataSchema = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as JsonSchema;
  return rest;
};

/** The published document with one event's data schema replaced, at the same or another version. */
function withData(type: keyof typeof events, schema: z.ZodType, version = 1, keepOld = false) {
  const next = structuredClone(published);
  const oldKey = messageKey(type, 1);
  const message = structuredClone(next.components.messages[oldKey]);
  if (!message) throw new Error(`no ${oldKey}`);
  (message.payload.schema.properties as Record<string, JsonSchema>).data = dataSchema(schema);
  message["x-event-version"] = version;
  if (!keepOld) delete next.components.messages[oldKey];
  next.components.messages[messageKey(type, version)] = message;
  return next;
}

const product = events["catalog.product.upserted"].schema;
const placed = events["store.order.placed"].schema;
const line = placed.shape.lines.element;

describe("the code's contract", () => {
  it("keeps every consumer of the committed document working", async () => {
    expect(breakingChanges(published, await generateDocument())).toEqual([]);
  });
});

const OLD_EVENTS = "events already published would be refused";
const OLD_CONSUMERS = "consumers still on the published schema would refuse new events";

describe("breaking changes fail the check", () => {
  it("a removed field (consumers still on the published schema require it)", () => {
    expect(
      breakingChanges(published, withData("catalog.product.upserted", product.omit({ sku: true }))),
    ).toEqual([
      `catalog.product.upserted v1: ${OLD_EVENTS}: data: property "sku" (published present, now removed)`,
      `catalog.product.upserted v1: ${OLD_CONSUMERS}: data: property "sku" (now absent, published required)`,
    ]);
  });

  it("a retyped field", () => {
    const retyped = product.extend({ priceCents: z.string() });
    const found = breakingChanges(published, withData("catalog.product.upserted", retyped));
    expect(found).toContain(
      `catalog.product.upserted v1: ${OLD_EVENTS}: data.priceCents: type (published integer, now string)`,
    );
    expect(found).toContain(
      `catalog.product.upserted v1: ${OLD_CONSUMERS}: data.priceCents: type (now string, published integer)`,
    );
  });

  it("a new required field (events already published lack it)", () => {
    const required = product.extend({ weightGrams: z.number().int() });
    expect(breakingChanges(published, withData("catalog.product.upserted", required))).toEqual([
      `catalog.product.upserted v1: ${OLD_EVENTS}: data: property "weightGrams" (published absent, now required)`,
    ]);
  });

  it("an optional field made required", () => {
    const schema = events["store.customer.upserted"].schema;
    const required = schema.extend({ roles: z.array(z.enum(["customer", "admin"])).max(2) });
    expect(breakingChanges(published, withData("store.customer.upserted", required))).toEqual([
      `store.customer.upserted v1: ${OLD_EVENTS}: data: property "roles" (published optional, now required)`,
    ]);
  });

  it("a narrowed enum, deep in an array", () => {
    const narrowed = placed.extend({
      lines: z
        .array(line.extend({ source: z.enum(["catalog"]) }))
        .min(1)
        .max(100),
    });
    expect(breakingChanges(published, withData("store.order.placed", narrowed))).toEqual([
      `store.order.placed v1: ${OLD_EVENTS}: data.lines[].source: "music" refused (published ["catalog","music"], now ["catalog"])`,
    ]);
  });

  it("a widened enum (a consumer not yet deployed would dead-letter the new value)", () => {
    const widened = placed.extend({
      lines: z
        .array(line.extend({ source: z.enum(["catalog", "music", "gift"]) }))
        .min(1)
        .max(100),
    });
    expect(breakingChanges(published, withData("store.order.placed", widened))).toEqual([
      `store.order.placed v1: ${OLD_CONSUMERS}: data.lines[].source: "gift" refused (now ["catalog","music","gift"], published ["catalog","music"])`,
    ]);
  });

  it("narrowed ranges: a lower maximum, a higher minimum length, fewer items", () => {
    const narrowed = placed.extend({
      orderId: z.string().min(5).max(100),
      lines: z
        .array(line.extend({ quantity: z.number().int().positive().max(10) }))
        .min(1)
        .max(20),
    });
    expect(breakingChanges(published, withData("store.order.placed", narrowed))).toEqual([
      `store.order.placed v1: ${OLD_EVENTS}: data.orderId: minLength (published 1, now 5)`,
      `store.order.placed v1: ${OLD_EVENTS}: data.lines: maxItems (published 100, now 20)`,
      `store.order.placed v1: ${OLD_EVENTS}: data.lines[].quantity: upper bound (published ≤ 1000, now ≤ 10)`,
    ]);
  });

  it("a widened range", () => {
    const widened = placed.extend({ lines: z.array(line).min(1).max(500) });
    expect(breakingChanges(published, withData("store.order.placed", widened))).toEqual([
      `store.order.placed v1: ${OLD_CONSUMERS}: data.lines: maxItems (now 500, published 100)`,
    ]);
  });

  it("a new pattern on a field that had none", () => {
    const patterned = product.extend({
      sku: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Z-]+$/),
    });
    expect(breakingChanges(published, withData("catalog.product.upserted", patterned))).toEqual([
      `catalog.product.upserted v1: ${OLD_EVENTS}: data.sku: pattern (published none, now "^[A-Z-]+$")`,
    ]);
  });

  it("a version raised without keeping the old one", () => {
    const v2 = product.omit({ sku: true });
    const [found] = breakingChanges(published, withData("catalog.product.upserted", v2, 2));
    expect(found).toMatch(
      /^catalog\.product\.upserted v1 \(consumed by store\) is no longer in the contract, which now has v2/,
    );
  });

  it("an event type removed", () => {
    const next = structuredClone(published);
    delete next.components.messages[messageKey("catalog.stock.rejected", 1)];
    expect(breakingChanges(published, next)).toEqual([
      "catalog.stock.rejected v1 (consumed by store) was removed from the contract",
    ]);
  });
});

describe("compatible changes pass", () => {
  it("an optional field added", () => {
    const benign = placed.extend({ note: z.string().max(200).optional() });
    expect(breakingChanges(published, withData("store.order.placed", benign))).toEqual([]);
  });

  it("a breaking change under a raised version, with the old version kept next to it", () => {
    const v2 = product.omit({ sku: true }).extend({ weightGrams: z.number().int() });
    expect(breakingChanges(published, withData("catalog.product.upserted", v2, 2, true))).toEqual([]);
  });

  it("an unchanged schema", () => {
    expect(incompatibilities(dataSchema(product), dataSchema(product))).toEqual([]);
  });
});

describe("the rules", () => {
  it("refuse a constraint they do not know when it appears (cannot be proven compatible)", () => {
    expect(narrowings({ type: "string" }, { type: "string", contentEncoding: "base64" })).toEqual([
      '(root): contentEncoding (cannot be proven compatible) (published none, now "base64")',
    ]);
  });

  it("compare exclusive and inclusive bounds", () => {
    expect(narrowings({ type: "integer", minimum: 0 }, { type: "integer", exclusiveMinimum: 0 })).toEqual([
      "(root): lower bound (published ≥ 0, now > 0)",
    ]);
    expect(narrowings({ type: "integer", exclusiveMinimum: 0 }, { type: "integer", minimum: 0 })).toEqual([]);
  });

  it("refuse additional properties closed and a const where any value was accepted", () => {
    expect(narrowings({ type: "object" }, { type: "object", additionalProperties: false })).toEqual([
      "(root): additional properties (published accepted, now refused)",
    ]);
    expect(narrowings({ type: "string" }, { type: "string", const: "EUR" })).toEqual([
      '(root): allowed values (published any, now ["EUR"])',
    ]);
  });
});
