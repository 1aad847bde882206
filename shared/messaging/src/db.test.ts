import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDb } from "@scs/testing";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { durableCommits, groupCommit, openSqlite, preparedOnce, WAL_AUTOCHECKPOINT_PAGES } from "./db";
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

  it("keeps the WAL file open between fsyncs, and opens the new one when the file was replaced", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "scs-durable-"));
    const file = path.join(dir, "db.sqlite");
    /** This process's descriptors on the WAL: SQLite's own and durable()'s; a removed file's end in " (deleted)". */
    const walDescriptors = () =>
      readdirSync("/proc/self/fd")
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return "";
          }
        })
        .filter((target) => target.startsWith(`${file}-wal`));
    const write = (client: Database.Database) => {
      client.pragma("journal_mode = WAL");
      client.exec("create table if not exists t (x integer); insert into t values (1)");
    };
    const first = new Database(file);
    write(first);
    const durable = durableCommits(drizzle(first));
    await durable();
    await durable();
    expect(walDescriptors()).toEqual([`${file}-wal`, `${file}-wal`]);
    // The last connection closed removes the WAL; the next one makes a new file at the same path.
    first.close();
    const second = new Database(file);
    write(second);
    await durable();
    expect(walDescriptors()).toEqual([`${file}-wal`, `${file}-wal`]);
    second.close();
  });
});

describe("openSqlite", () => {
  it("leaves the WAL to grow past SQLite's default 1,000 pages before a commit checkpoints it", () => {
    // A checkpoint inside a commit fsyncs twice: every ~150 edits at the default (issue 15, T3).
    const dir = mkdtempSync(path.join(tmpdir(), "scs-db-"));
    mkdirSync(path.join(dir, "drizzle", "meta"), { recursive: true });
    writeFileSync(path.join(dir, "drizzle", "meta", "_journal.json"), JSON.stringify({ entries: [] }));
    const db = openSqlite(path.join(dir, "data", "test.sqlite"), {}, path.join(dir, "drizzle"));
    const sqlite = db.$client;
    sqlite.exec("create table pages (body blob not null)");
    const insert = sqlite.prepare("insert into pages (body) values (?)");
    // 1,500 commits of a page-sized row each: over 1,500 WAL frames, far from 10,000.
    for (let i = 0; i < 1_500; i++) insert.run(Buffer.alloc(3_000, i % 256));
    // Frames in the WAL now: had a commit checkpointed at 1,000, the WAL would have started over.
    const [{ log }] = sqlite.pragma("wal_checkpoint(PASSIVE)") as [{ log: number }];
    expect(log).toBeGreaterThan(1_500);
    expect(log).toBeLessThan(WAL_AUTOCHECKPOINT_PAGES);
    sqlite.close();
  });
});

const flags = sqliteTable("flags", {
  id: text("id").primaryKey(),
  on: integer("on", { mode: "boolean" }).notNull(),
  at: integer("at", { mode: "timestamp_ms" }).notNull(),
  note: text("note"),
});

function prepareFlagInsert(conn: ReturnType<typeof drizzle>) {
  return conn
    .insert(flags)
    .values({
      id: sql.placeholder("id"),
      on: sql.placeholder("on"),
      at: sql.placeholder("at"),
      note: "fixed",
    } as unknown as typeof flags.$inferInsert)
    .onConflictDoNothing()
    .prepare();
}

describe("preparedOnce", () => {
  const open = () => {
    const db = drizzle(new Database(":memory:"));
    db.run(
      sql`create table flags (id text primary key, "on" integer not null, at integer not null, note text)`,
    );
    return db;
  };

  it("binds placeholders through their columns' encoders, and literal values as they are", () => {
    const db = open();
    const insert = preparedOnce(db, prepareFlagInsert);
    expect(insert.run({ id: "a", on: true, at: new Date(1_000) }).changes).toBe(1);
    expect(insert.run({ id: "a", on: false, at: new Date(2_000) }).changes).toBe(0);
    expect(insert.run({ id: "b", on: false, at: new Date(3_000) }).changes).toBe(1);
    expect(db.all(sql`select id, "on", at, note from flags order by id`)).toEqual([
      { id: "a", on: 1, at: 1_000, note: "fixed" },
      { id: "b", on: 0, at: 3_000, note: "fixed" },
    ]);
    expect(
      db
        .select()
        .from(flags)
        .all()
        .map((r) => r.on),
    ).toEqual([true, false]);
  });

  it("refuses a missing value, like drizzle", () => {
    const insert = preparedOnce(open(), prepareFlagInsert);
    expect(() => insert.run({ id: "a", on: true })).toThrow('No value for placeholder "at"');
  });

  it("prepares once per connection", () => {
    const db = open();
    expect(preparedOnce(db, prepareFlagInsert)).toBe(preparedOnce(db, prepareFlagInsert));
    expect(preparedOnce(open(), prepareFlagInsert)).not.toBe(preparedOnce(db, prepareFlagInsert));
  });
});
