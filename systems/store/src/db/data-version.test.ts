import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sqliteVersion } from "@scs/web/page-cache";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

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
});
