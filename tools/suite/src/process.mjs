// Processes of the suite's tooling: the operator's errors, running commands (in their own process
// groups, so that stopping one stops its children too), and stopping them.
// Plain Node ESM, Node built-ins only: this runs before node_modules exists.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The root of the checkout (the npm workspace). */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** An error whose message is meant for the operator as is (no stack trace needed). */
export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = "SetupError";
  }
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The time since `since` (a Date.now()), e.g. "3.2s". @param {number} since */
export const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/** Path of a binary in node_modules/.bin (the system's own, else the root's). */
export function binPath(name, { rootDir = ROOT_DIR, cwd } = {}) {
  for (const dir of [cwd, rootDir].filter(Boolean)) {
    const candidate = path.join(dir, "node_modules", ".bin", name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Runs a command in its own process group; its output goes to ours, or to `logFile` when given.
 * `onOutput` also sees every chunk of output that goes to ours (npm test keeps a stage's output to
 * name its failed tests in the summary).
 */
export function runCommand(
  cmd,
  args,
  { cwd = ROOT_DIR, env = process.env, onChild, logFile, onOutput } = {},
) {
  return new Promise((resolve) => {
    const out = logFile ? openSync(logFile, "a") : onOutput ? "pipe" : "inherit";
    const child = spawn(cmd, args, { cwd, env, stdio: ["inherit", out, out], detached: true });
    if (typeof out === "number") closeSync(out);
    for (const [stream, ours] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      stream?.on("data", (chunk) => {
        ours.write(chunk);
        onOutput?.(chunk);
      });
    }
    onChild?.(child);
    child.on("error", (err) => {
      console.error(`${cmd}: ${err.message}`);
      resolve(-1);
    });
    child.on("exit", (code, signal) => {
      const status = code ?? (signal ? 128 : 1);
      if (!child.stdout) return resolve(status);
      // The output's last chunks may still be in the pipe; a grandchild that outlives the command
      // would hold it open for ever, so the wait is short.
      const ended = [child.stdout, child.stderr].map(
        (stream) => new Promise((done) => (stream?.readableEnded ? done() : stream?.once("end", done))),
      );
      Promise.race([Promise.all(ended), sleep(2_000)]).then(() => resolve(status));
    });
  });
}

/** Runs a CLI with `env`, resolves { code, stdout, stderr }. */
export function runCaptured(cmd, args, { env, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: String(err) });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Sends `signal` to the process group `pid` leads (the process alone when it leads none).
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 * @returns {boolean} false when there was no such process
 */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** @param {import("node:child_process").ChildProcess} child */
export function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Resolves true once `child` has exited, false when it is still running after `timeoutMs`.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} timeoutMs
 * @returns {Promise<boolean>}
 */
export function waitForExit(child, timeoutMs) {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** @param {number} pid */
export function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
