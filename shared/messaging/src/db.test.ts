import { existsSync } from "node:fs";
import { createTestDb } from "@scs/testing";
import { describe, expect, it } from "vitest";
import { durableCommits, groupCommit } from "./db";
import * as messagingTables from "./tables";

describe("group commit", () => {
  it("makes callers that arrive during an fsync wait for the next one, and shares it among them", async () => {
    const syncs: (() => void)[] = [];
    const durable = groupCommit(() => new Promise<void>((resolve) => syncs.push(resolve)));
    const done: string[] = [];
    const first = durable().then(() => done.push("first"));
    // Their commits may have come after the running fsync started: it does not cover them.
    const second = durable().then(() => done.push("second"));
    const third = durable().then(() => done.push("third"));
    expect(syncs).toHaveLength(1);
    syncs[0]?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual(["first"]);
    expect(syncs).toHaveLength(2);
    syncs[1]?.();
    await Promise.all([second, third]);
    expect(done).toEqual(["first", "second", "third"]);
    expect(syncs).toHaveLength(2);
  });

  it("starts afresh after a failed fsync", async () => {
    let fail = true;
    const durable = groupCommit(async () => {
      if (fail) throw new Error("EIO");
    });
    await expect(durable()).rejects.toThrow("EIO");
    fail = false;
    await expect(durable()).resolves.toBeUndefined();
  });

  it("fsyncs the WAL of a real database file", async () => {
    const db = await createTestDb(messagingTables);
    const file = (db as unknown as { $client: { name: string } }).$client.name;
    expect(existsSync(`${file}-wal`)).toBe(true);
    await expect(durableCommits(db)()).resolves.toBeUndefined();
  });
});
