import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { leadMessaging, type StandbyMessaging } from "@scs/messaging/lease";
import type { MessagingConfig, MessagingStatus } from "@scs/messaging/types";
import { sqliteVersion } from "@scs/web/page-cache";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database";

// The page cache (src/proxy.ts) renders a page again exactly when this name changes.
describe("the version of store's database", () => {
  it("names a new version of a SQLite database after every commit, of this connection or another", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "data-version-"));
    const file = path.join(dir, "store.sqlite");
    const db = new Database(file);
    const other = new Database(file);
    try {
      db.exec("create table t (x integer)");
      const version = sqliteVersion(db);
      const before = version();
      expect(version()).toBe(before);
      db.prepare("insert into t values (1)").run();
      const afterOwn = version();
      expect(afterOwn).not.toBe(before);
      other.prepare("insert into t values (2)").run();
      expect(version()).not.toBe(afterOwn);
    } finally {
      db.close();
      other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is not changed by the messaging lease's heartbeat (it renews every second while store runs)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "data-version-"));
    const file = path.join(dir, "store.sqlite");
    const db = openDatabase(file);
    // The page cache may read through the process's connection or a connection of its own.
    const other = new Database(file, { readonly: true });
    let active = false;
    // The broker side is not what this is about: a runtime that only records its activation.
    const standby = (): StandbyMessaging => ({
      activate: () => {
        active = true;
      },
      status: () => ({}) as MessagingStatus,
      broker: () => "down",
      replayDeadLetter: () => ({ ok: false, reason: "none" }),
      discardDeadLetter: () => false,
      wake: () => {},
      stop: async () => {},
    });
    const messaging = leadMessaging(
      { system: "store", db, log: () => {} } as unknown as MessagingConfig,
      standby,
      {
        timing: { ttlMs: 400, renewEveryMs: 20, pollEveryMs: 20 },
      },
    );
    try {
      expect(active).toBe(true);
      const own = sqliteVersion(db.$client);
      const theirs = sqliteVersion(other);
      const before = [own(), theirs()];
      await new Promise((resolve) => setTimeout(resolve, 300)); // about 15 renewals
      expect([own(), theirs()]).toEqual(before);
      expect(active).toBe(true);
    } finally {
      await messaging.stop();
      db.$client.close();
      other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
