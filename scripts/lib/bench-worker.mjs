// The parent side of the benchmark's processes (shared/testing/src/bench/serve-commands.ts is
// the child side): starts a TypeScript process with tsx and calls its commands over stdin/stdout.
// Plain Node ESM, Node built-ins only.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * @param {{ name: string, cwd: string, script: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv }} options
 */
export function startWorker({ name, cwd, script, args, logFile, env = process.env }) {
  // node with tsx's loader (not the tsx wrapper): one process, whose pid is the worker's.
  // BENCH_CPU_PROFILE_DIR=dir writes V8 CPU profiles of each worker to dir/<worker> (where does the
  // time go?); the main thread's is the file with thread id 0 in its name.
  const profile = env.BENCH_CPU_PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${path.join(env.BENCH_CPU_PROFILE_DIR, name)}`]
    : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", script, ...args], {
    cwd,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const log = createWriteStream(logFile, { flags: "a" });
  child.stderr.pipe(log);
  // A worker killed with its process group (npm test's stage limit, Ctrl-C) closes its stdin
  // before stop() writes to it: the call is rejected by the exit handler, not thrown as EPIPE.
  child.stdin.on("error", (error) => log.write(`stdin: ${error.message}\n`));
  /** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
  const waiting = new Map();
  let nextId = 1;
  let exited = false;
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (!line.startsWith("RESULT ")) return log.write(`${line}\n`);
    const { id, result, error } = JSON.parse(line.slice(7));
    const call = waiting.get(id);
    waiting.delete(id);
    if (error) call?.reject(new Error(`${name}: ${error}`));
    else call?.resolve(result);
  });
  child.on("exit", (code, signal) => {
    exited = true;
    for (const call of waiting.values())
      call.reject(new Error(`${name} exited (${signal ?? code}) — see ${logFile}`));
    waiting.clear();
  });
  return {
    pid: child.pid,
    /** Calls a command of the worker and resolves with its result. */
    call(cmd, args = {}) {
      if (exited) return Promise.reject(new Error(`${name} is not running — see ${logFile}`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ id, cmd, args })}\n`);
      });
    },
    /** Asks the worker to stop (its `stop` command), and kills it if it does not exit in 15 s. */
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      this.call("stop").catch(() => {});
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
