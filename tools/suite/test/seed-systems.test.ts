// A seed that never ends (src/systems.mjs seedSystems): stopped with its children, reported, not
// waited for. npm is replaced by a script whose child holds the output pipe open, as a hung
// `npm run seed` → tsx → node would (a unit test: the real seeds run in every e2e start).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { processAlive } from "../src/process.mjs";
import { generateSessionKeys } from "../src/secrets.mjs";
import { seedSystems } from "../src/systems.mjs";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "scs-seed-"));
  mkdirSync(path.join(dir, "bin"));
  writeFileSync(
    path.join(dir, "bin", "npm"),
    [
      "#!/bin/sh",
      "echo seeding",
      `sleep 600 & echo $! > ${JSON.stringify(path.join(dir, "child.pid"))}`,
      "wait",
      "",
    ].join("\n"),
  );
  chmodSync(path.join(dir, "bin", "npm"), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("stops a seed that is still running after its time limit, its children with it, and says which", async () => {
  const started = Date.now();
  const seeding = seedSystems({
    rootDir: dir,
    systems: ["catalog"],
    dataDir: path.join(dir, "data"),
    brokerUrls: { catalog: "amqp://catalog:x@127.0.0.1:1/scs", music: "", store: "" },
    sessionKeys: generateSessionKeys(),
    baseEnv: { ...process.env, PATH: `${path.join(dir, "bin")}:${process.env.PATH}` },
    log: () => {},
    timeoutMs: 2_000,
  });
  await expect(seeding).rejects.toThrow(/Seeding catalog did not finish within 2s \(stopped\)[\s\S]*seeding/);
  expect(Date.now() - started).toBeLessThan(10_000);
  const child = Number(readFileSync(path.join(dir, "child.pid"), "utf8"));
  // SIGKILL is delivered at once, but the zombie is reaped by its parent's parent: poll briefly.
  for (let i = 0; i < 50 && processAlive(child); i++) await new Promise((r) => setTimeout(r, 100));
  expect(processAlive(child)).toBe(false);
});
