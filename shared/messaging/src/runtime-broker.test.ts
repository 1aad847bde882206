/**
 * The runtime's broker state covers both of its connections: the consumer's, on the main thread,
 * and the relay's, in its own thread (decision 0024), which comes up later. Readiness, /ops and the
 * tests that wait for a system to be connected all read it; were it "up" with the main connection
 * alone, an event recorded then would wait for a relay that cannot publish yet.
 * The two connections are stand-ins here; the integration tests use real ones.
 */
import { createTestDb } from "@scs/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as messagingTables from "./tables";
import type { Messaging } from "./types";

const state = { mainUp: false, relayUp: false };

let createMessaging: typeof import("./runtime").createMessaging;

// The package's unit tests share one module graph (`vitest --no-isolate`): another file may have
// loaded the runtime with its real connections already, and a hoisted vi.mock would not reach it.
// So the runtime is loaded afresh here with the stand-ins, and the registry reset after.
beforeAll(async () => {
  vi.resetModules();
  vi.doMock("./connection", async (importOriginal) => ({
    ...(await importOriginal<typeof import("./connection")>()),
    BrokerLink: class {
      node = null;
      blocked = null;
      get session() {
        return state.mainUp ? {} : null;
      }
      start() {}
      async stop() {}
    },
  }));
  vi.doMock("./relay-thread", async (importOriginal) => ({
    ...(await importOriginal<typeof import("./relay-thread")>()),
    RelayThread: class {
      blocked = null;
      published = 0;
      get connected() {
        return state.relayUp;
      }
      start() {}
      wake() {}
      async stop() {}
    },
  }));
  ({ createMessaging } = await import("./runtime"));
});

afterAll(() => {
  vi.doUnmock("./connection");
  vi.doUnmock("./relay-thread");
  vi.resetModules();
});

let runtime: Messaging | undefined;

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

describe("the runtime's broker state", () => {
  it("is up only once the relay's thread is connected too", async () => {
    runtime = createMessaging({
      system: "catalog",
      amqpUrl: "amqp://catalog:secret@127.0.0.1:1/scs",
      db: await createTestDb(messagingTables),
      subscriptions: {},
      log: () => {},
    });
    const seen = () => [runtime?.broker(), runtime?.status().broker];

    state.mainUp = true;
    state.relayUp = false;
    expect(seen()).toEqual(["down", "down"]);

    state.relayUp = true;
    expect(seen()).toEqual(["up", "up"]);

    state.mainUp = false;
    expect(seen()).toEqual(["down", "down"]);
  });
});
