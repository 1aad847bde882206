/**
 * The broker link against a real RabbitMQ (started by `npm test`): stopped while it connects, it
 * stops at once and leaves no connection open. (It used to wait for the connection it was still
 * opening to close, which nothing did: the relay's thread, stopped before its link was up, took
 * until the main thread's 6 s limit, past the lease's time to live.)
 */
import net from "node:net";
import { testBroker } from "@scs/testing";
import { describe, expect, it, vi } from "vitest";
import { sleep } from "./backoff";
import { BrokerLink, type BrokerSession } from "./connection";
import { startTcpProxy } from "./faults/tcp-proxy";

const broker = testBroker();

/** A loopback port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

function link(onUp: (session: BrokerSession) => Promise<void>) {
  return new BrokerLink({ url: broker.catalog, name: "link test", onUp, onDown: () => {}, log: () => {} });
}

describe("the broker link", () => {
  it("stops at once when stopped while it opens its connection, without setting it up", async () => {
    let setUp = 0;
    const subject = link(async () => {
      setUp++;
    });
    subject.start();
    const started = Date.now();
    await subject.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(setUp).toBe(0);
    expect(subject.session).toBeNull();
  }, 10_000);

  it("stops at once when stopped while it sets its connection up, and closes that connection", async () => {
    let release = () => {};
    let reached: (session: BrokerSession) => void = () => {};
    const settingUp = new Promise<BrokerSession>((resolve) => {
      reached = resolve;
    });
    const subject = link(async (session) => {
      reached(session);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    subject.start();
    const session = await settingUp;
    const closed = new Promise<void>((resolve) => session.connection.once("close", () => resolve()));
    const started = Date.now();
    const stopped = subject.stop();
    release();
    await stopped;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(subject.session).toBeNull();
    await closed;
  }, 10_000);

  it("connects within a second of its broker's start when it started before the broker", async () => {
    // The jitter at its longest: each wait is the whole of its cap.
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    try {
      const port = await freePort();
      const url = new URL(broker.catalog);
      url.port = String(port);
      let upAt = 0;
      const subject = new BrokerLink({
        url: url.toString(),
        name: "link test",
        onUp: async () => {
          upAt ||= Date.now();
        },
        onDown: () => {},
        log: () => {},
      });
      subject.start();
      // The broker "boots" for 3.5 s: refused until a proxy to the real one listens on its port.
      await sleep(3_500);
      const proxy = await startTcpProxy(Number(new URL(broker.catalog).port || 5672), port);
      const listening = Date.now();
      try {
        while (!upAt && Date.now() - listening < 8_000) await sleep(20);
        expect(upAt, "never connected").toBeGreaterThan(0);
        expect(upAt - listening).toBeLessThan(1_500);
      } finally {
        await subject.stop();
        await proxy.close();
      }
    } finally {
      vi.restoreAllMocks();
    }
  }, 20_000);
});
