/**
 * The broker link against a real RabbitMQ (started by `npm test`): stopped while it connects, it
 * stops at once and leaves no connection open. (It used to wait for the connection it was still
 * opening to close, which nothing did: the relay's thread, stopped before its link was up, took
 * until the main thread's 6 s limit, past the lease's time to live.)
 */
import { testBroker } from "@scs/testing";
import { describe, expect, it } from "vitest";
import { BrokerLink, type BrokerSession } from "./connection";

const broker = testBroker();

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
});
