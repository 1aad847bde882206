/**
 * /ops/events renders the committed AsyncAPI document for an operator: every event type with its
 * publisher, exchange, routing key, consumers and queue, the fields of its data with their
 * constraints, an example, and each system's queues; and /ops links to it.
 */
import document from "@scs/asyncapi/asyncapi.json";
import type { AsyncApiDocument } from "@scs/asyncapi/document";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EventContract, fieldRows } from "./event-contract";
import { OpsDashboard } from "./ops-dashboard";

const contract = document as unknown as AsyncApiDocument;
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("the event contract page", () => {
  const page = text(renderToStaticMarkup(<EventContract system="store" />));

  it("lists every event type of the document with its version, publisher and consumers", () => {
    for (const message of Object.values(contract.components.messages)) {
      expect(page).toContain(message["x-event-type"]);
    }
    expect(page).toMatch(/catalog\.product\.upserted v1 catalog store/);
    expect(page).toMatch(/store\.order\.placed v1 store catalog/);
    expect(page).toMatch(/store\.customer\.upserted v1 store catalog, music/);
  });

  it("shows the broker bindings: exchange, routing key, persistent mandatory delivery, consumer queues", () => {
    expect(page).toContain("catalog.events (topic, durable) · catalog.product.upserted");
    expect(page).toContain("persistent (mode 2), mandatory, user-id catalog");
    expect(page).toContain("store (store.inbox)");
    expect(page).toContain("x-delivery-limit = 5");
    expect(page).toContain("x-dead-letter-exchange = store.dead-letters");
  });

  it("tables the fields of each event's data with their constraints, and shows an example", () => {
    expect(page).toMatch(/data\.lines\[\]\.quantity integer yes > 0, ≤ 1000/);
    expect(page).toMatch(/data\.roles array of string optional ≤ 2 items/);
    expect(page).toContain('"sku": "KIT-MUG-012"');
  });

  it("marks what the viewing system publishes and consumes", () => {
    expect(page).toContain("store publishes");
    expect(page).toContain("store consumes");
  });
});

describe("fieldRows", () => {
  it("flattens objects and arrays of objects", () => {
    const rows = fieldRows({
      type: "object",
      properties: {
        a: { type: "string", minLength: 1 },
        b: {
          type: "array",
          items: { type: "object", properties: { c: { type: "integer" } }, required: ["c"] },
        },
      },
      required: ["a"],
    });
    expect(rows.map((r) => [r.path, r.type, r.required])).toEqual([
      ["a", "string", true],
      ["b", "array of object", false],
      ["b[].c", "integer", true],
    ]);
  });
});

describe("/ops", () => {
  it("links to the event contract", () => {
    const html = renderToStaticMarkup(
      <OpsDashboard
        system="catalog"
        status={undefined}
        deadLetters={[]}
        managementUrl="http://localhost:15672"
        replayAction={async () => {}}
        discardAction={async () => {}}
        now={0}
      />,
    );
    expect(html).toContain('href="/ops/events"');
  });
});
