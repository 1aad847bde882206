/**
 * Recording an event must not load the broker client: every domain module and seed script imports
 * `recordEvent`/`transact`, and readiness is answered by every system's route. Each module is
 * loaded alone in a fresh process, which then lists the CommonJS modules it loaded (amqplib is one).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

const PROBE = `
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
await import(pathToFileURL(process.argv[1]).href);
console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
`;

async function loadedBy(module: string): Promise<string[]> {
  const file = path.join(import.meta.dirname, module);
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", PROBE, file],
    { cwd: import.meta.dirname },
  );
  return JSON.parse(stdout) as string[];
}

// One process per module, started together: each loads tsx and the module's graph (seconds on a busy machine).
const PROBE_TIMEOUT_MS = 180_000;

describe("what a module loads", () => {
  it(
    "outbox.ts, readiness.ts and process-messaging.ts load no amqplib; runtime.ts does (the probe sees it)",
    async () => {
      const [outbox, readiness, processMessaging, runtime] = await Promise.all(
        ["outbox.ts", "readiness.ts", "process-messaging.ts", "runtime.ts"].map(loadedBy),
      );
      const amqplib = (loaded: string[] = []) =>
        loaded.filter((file) => file.includes(`${path.sep}amqplib${path.sep}`));
      expect(outbox?.length).toBeGreaterThan(0);
      expect(amqplib(outbox)).toEqual([]);
      expect(amqplib(readiness)).toEqual([]);
      expect(amqplib(processMessaging)).toEqual([]);
      expect(amqplib(runtime).length).toBeGreaterThan(0);
    },
    PROBE_TIMEOUT_MS,
  );
});
