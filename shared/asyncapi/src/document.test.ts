/**
 * The committed asyncapi.json is the code's contract: regenerated from @scs/contracts it must be
 * byte for byte what is committed (run `npm run asyncapi` after changing an event), valid AsyncAPI
 * 3.0, and say what the suite really does on the broker.
 */
import { readFileSync } from "node:fs";
import { consumedEvents } from "@scs/contracts/consumers";
import { parseEvent } from "@scs/contracts/envelope";
import { type EventType, events, ownerOf } from "@scs/contracts/events";
import { systems } from "@scs/contracts/topology";
import { beforeAll, describe, expect, it } from "vitest";
import type { AsyncApiDocument, Channel } from "./document";
import { generateDocument, runtimeDeliveryLimit, serialize } from "./generate";
import { validateDocument } from "./validate";

const committedText = readFileSync(new URL("../asyncapi.json", import.meta.url), "utf8");
const committed = JSON.parse(committedText) as AsyncApiDocument;
const types = Object.keys(events) as EventType[];
let generated: AsyncApiDocument;

beforeAll(async () => {
  generated = await generateDocument();
});

describe("the committed AsyncAPI document (shared/asyncapi/asyncapi.json)", () => {
  it("is exactly what the code generates — run `npm run asyncapi` after changing an event, a subscription or the topology", () => {
    // Compared as JSON: the file is formatted by Biome after it is written.
    expect(committed).toEqual(JSON.parse(serialize(generated)));
  });

  it("is valid AsyncAPI 3.0 for @asyncapi/parser", async () => {
    const { valid, diagnostics } = await validateDocument(committedText);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(valid).toBe(true);
  });

  it("is refused by the parser when it is broken (the validation is real)", async () => {
    const broken = structuredClone(committed) as unknown as {
      operations: Record<string, { channel: unknown }>;
    };
    const first = Object.values(broken.operations)[0];
    if (first) first.channel = { $ref: "#/channels/no.such.channel" };
    expect((await validateDocument(JSON.stringify(broken))).valid).toBe(false);
  });
});

describe("what the document says", () => {
  it("has one channel per event type, routing key = type, on the owner's durable topic exchange in vhost scs", () => {
    for (const type of types) {
      const channel = committed.channels[type] as Channel;
      expect(channel.address).toBe(type);
      expect(channel.bindings.amqp).toEqual({
        is: "routingKey",
        exchange: {
          name: `${ownerOf(type)}.events`,
          type: "topic",
          durable: true,
          autoDelete: false,
          vhost: "scs",
        },
        bindingVersion: "0.3.0",
      });
    }
  });

  it("has the owner send each type persistently (delivery mode 2) and mandatory, as its broker user", () => {
    for (const type of types) {
      const sends = Object.values(committed.operations).filter(
        (op) => op.action === "send" && op.channel.$ref === `#/channels/${type}`,
      );
      expect(sends.map((op) => op["x-system"])).toEqual([ownerOf(type)]);
      expect(sends[0]?.bindings.amqp).toMatchObject({
        deliveryMode: 2,
        mandatory: true,
        userId: ownerOf(type),
      });
    }
  });

  it("has exactly the consumers of the consumers table (which each system's subscriptions.ts is tested against) receive each type", () => {
    for (const type of types) {
      const receivers = Object.values(committed.operations)
        .filter((op) => op.action === "receive" && op.channel.$ref === `#/channels/${type}`)
        .map((op) => op["x-system"])
        .sort();
      expect(receivers, type).toEqual(systems.filter((s) => consumedEvents[s].includes(type)).sort());
    }
  });

  it("describes each consumer's inbox as the quorum queue with the runtime's delivery limit and dead-lettering", () => {
    expect(runtimeDeliveryLimit()).toBeGreaterThan(0);
    for (const system of systems) {
      const inbox = committed.channels[`${system}.inbox`] as Channel;
      expect(inbox.bindings.amqp).toMatchObject({
        is: "queue",
        queue: { name: `${system}.inbox`, durable: true, vhost: "scs" },
      });
      expect(inbox["x-queue-arguments"]).toEqual({
        "x-queue-type": "quorum",
        "x-delivery-limit": runtimeDeliveryLimit(),
        "x-dead-letter-exchange": `${system}.dead-letters`,
      });
      expect(inbox["x-bindings"]?.map((b) => b.routingKey).sort()).toEqual(
        [...consumedEvents[system]].sort(),
      );
    }
  });

  it("has one message per type and version whose example is an event the consumers accept", () => {
    for (const type of types) {
      const message = committed.components.messages[`${type}.v${events[type].version}`];
      expect(message?.["x-event-type"]).toBe(type);
      expect(message?.contentType).toBe("application/cloudevents+json");
      const example = message?.examples[0]?.payload;
      expect(parseEvent(example), type).toMatchObject({ ok: true });
    }
  });
});
