/**
 * `GET /api/ready` with a real runtime on a real SQLite file: 200 while the database answers,
 * 503 JSON naming the database when it fails — also when the runtime's own status (which reads
 * the database) is what fails first. No broker: the runtime reports it as down meanwhile.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDb } from "@scs/testing";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { readiness } from "./readiness";
import { startMessaging } from "./runtime";
import * as messagingTables from "./tables";
import type { Messaging } from "./types";

/** A loopback port nobody listens on: the runtime's broker connection is refused there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

let runtime: Messaging | undefined;

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

describe("readiness", () => {
  it("answers 200 with the database up and the broker reported, not required", async () => {
    const db = await createTestDb(messagingTables);
    runtime = startMessaging({
      system: "catalog",
      amqpUrl: `amqp://catalog:secret@127.0.0.1:${await closedPort()}/scs`,
      db,
      subscriptions: {},
      log: () => {},
    });
    expect(readiness(() => db)).toEqual({
      httpStatus: 200,
      body: { database: "up", broker: "down", outboxPending: 0 },
    });
  });

  it("answers 503 naming the database when it fails, even though the runtime's status reads it", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "scs-ready-")), "ready.sqlite");
    await createTestDb(messagingTables, file);
    const sqlite = new Database(file);
    const db = drizzle(sqlite);
    runtime = startMessaging({
      system: "catalog",
      amqpUrl: `amqp://catalog:secret@127.0.0.1:${await closedPort()}/scs`,
      db,
      subscriptions: {},
      log: () => {},
    });
    sqlite.close();
    const result = readiness(() => db);
    expect(result.httpStatus).toBe(503);
    expect(result.body).toEqual({
      database: "down",
      // The connection's state, known without the database (the port is closed: no broker).
      broker: "down",
      outboxPending: null,
      error: expect.stringMatching(/^database: .*not open/),
    });
  });

  it("answers 503 when the database cannot even be opened", () => {
    const result = readiness(() => {
      throw new Error("SQLITE_CANTOPEN: unable to open database file");
    });
    expect(result.httpStatus).toBe(503);
    expect(result.body).toMatchObject({
      database: "down",
      error: "database: SQLITE_CANTOPEN: unable to open database file",
    });
  });
});
