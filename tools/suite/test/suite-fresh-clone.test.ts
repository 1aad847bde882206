/**
 * `npm start`, `npm test` and `npm run bench` run on a fresh clone and install the dependencies
 * themselves, so every module they load (scripts/, tools/suite) has to load before node_modules
 * exists: Node built-ins and the repository's own files only. Each module is imported from a copy
 * of those folders where no node_modules can be found.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const clone = mkdtempSync(path.join(tmpdir(), "fresh-clone-"));
for (const dir of ["scripts", "tools/suite/src", "shared/contracts/src"]) {
  cpSync(path.join(root, dir), path.join(clone, dir), { recursive: true });
}
afterAll(() => rmSync(clone, { recursive: true, force: true }));

const modulesIn = (dir: string) =>
  readdirSync(path.join(clone, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => path.join(dir, file));

describe("the suite's tooling before npm install", () => {
  it.each([...modulesIn("scripts/lib"), ...modulesIn("tools/suite/src")])("loads %s", (file) => {
    const url = pathToFileURL(path.join(clone, file)).href;
    // A process of its own: a clean module cache, and nothing resolved from this repository's node_modules.
    const result = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", `await import(${JSON.stringify(url)})`],
      {
        cwd: clone,
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the entry points (scripts/*.mjs) import Node built-ins and the repository's files only", () => {
    const entries = readdirSync(path.join(clone, "scripts")).filter((file) => file.endsWith(".mjs"));
    expect(entries).toContain("test.mjs");
    const packages = entries.flatMap((file) =>
      [...readFileSync(path.join(clone, "scripts", file), "utf8").matchAll(/(?:from|import\()\s*"([^"]+)"/g)]
        .map((match) => match[1] ?? "")
        .filter((specifier) => !specifier.startsWith("node:") && !specifier.startsWith("."))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(packages).toEqual([]);
  });
});
