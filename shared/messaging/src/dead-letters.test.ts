import { createTestDb } from "@scs/testing";
import type { ConsumeMessage } from "amqplib";
import { describe, expect, it } from "vitest";
import { deadLetterOrigin, listDeadLetters, storeDeadLetter } from "./dead-letters";
import * as messagingTables from "./tables";

const message = (
  userId: string | undefined,
  headers: Record<string, unknown>,
  exchange = "store.dead-letters",
) =>
  ({
    content: Buffer.from("{}"),
    fields: {
      exchange,
      routingKey: "music.album.upserted",
      deliveryTag: 1,
      redelivered: false,
      consumerTag: "c",
    },
    properties: { userId, headers },
  }) as unknown as ConsumeMessage;

const forged = {
  "x-scs-reason": "nothing to see",
  "x-scs-original-exchange": "catalog.events",
  "x-scs-original-routing-key": "catalog.product.upserted",
  "x-scs-original-user-id": "catalog",
};

describe("where a dead letter came from", () => {
  it("ignores x-scs-* and x-death headers a publisher wrote on a message the broker dead-lettered", () => {
    const origin = deadLetterOrigin(
      message("music", {
        ...forged,
        "x-death": [
          {
            exchange: "catalog.events",
            "routing-keys": ["music.album.upserted"],
            reason: "delivery_limit",
            count: 1,
          },
        ],
      }),
      "store",
    );
    expect(origin).toMatchObject({ exchange: "music.events", userId: "music" });
    expect(origin.reason).toMatch(/^broker dead-lettered it: delivery_limit/);
  });

  it("stores a forged dead letter under its verified publisher, so that /ops cannot replay it as the owner's", async () => {
    const db = await createTestDb(messagingTables);
    storeDeadLetter(
      db,
      message("music", { ...forged, "x-death": [{ exchange: "catalog.events", reason: "delivery_limit" }] }),
      "store",
    );
    expect(listDeadLetters(db)[0]).toMatchObject({ exchange: "music.events", userId: "music" });
  });

  it("trusts the x-scs-* headers on a dead letter its own consumer published (broker-verified user-id)", () => {
    expect(
      deadLetterOrigin(message("store", { ...forged, "x-scs-original-user-id": "catalog" }), "store"),
    ).toEqual({
      exchange: "catalog.events",
      routingKey: "catalog.product.upserted",
      userId: "catalog",
      reason: "nothing to see",
    });
  });

  it("keeps an unknown publisher unknown: a replay of it fails the publisher check", () => {
    const origin = deadLetterOrigin(message(undefined, forged), "store");
    expect(origin.userId).toBeNull();
    expect(origin.exchange).not.toBe("catalog.events");
  });
});
