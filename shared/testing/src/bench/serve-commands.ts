/**
 * The child side of the benchmark's processes (scripts/lib/bench-worker.mjs is the parent side):
 * one JSON command per stdin line, one `RESULT {id, result|error}` line per answer on stdout.
 * Logs go to stderr. Commands may be async; they answer in the order they finish.
 */
import { createInterface } from "node:readline";

// biome-ignore lint/suspicious/noExplicitAny: each command validates its own arguments
export type Command = (args: any) => unknown;

export function serveCommands(commands: Record<string, Command>): void {
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const { id, cmd, args } = JSON.parse(line) as { id: number; cmd: string; args: unknown };
    const run = commands[cmd];
    Promise.resolve()
      .then(() => {
        if (!run) throw new Error(`unknown command ${cmd}`);
        return run(args);
      })
      .then(
        (result) => process.stdout.write(`RESULT ${JSON.stringify({ id, result: result ?? null })}\n`),
        (error: Error) => process.stdout.write(`RESULT ${JSON.stringify({ id, error: error.message })}\n`),
      );
  });
  lines.on("close", () => process.exit(0));
}

/** A clock shared by every process on the machine (CLOCK_MONOTONIC), in nanoseconds as a number. */
export const nowNs = (): number => Number(process.hrtime.bigint());

/** Resolves when `check` is true, polling every `everyMs` (the benchmark's waits, never sleeps). */
export async function until(check: () => boolean, timeoutMs: number, label: string, everyMs = 5) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
