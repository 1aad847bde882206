/**
 * The systems' log lines: one line per event, with its time, level, system, message and — when a
 * trace is active — its trace and span ids, so that a line in `.data/logs/<system>.log` can be
 * found in the trace viewer and the other way round. JSON when the output is not a terminal (what
 * `npm start` writes to the log files, what a log shipper reads); readable on a terminal.
 */
import { trace } from "@opentelemetry/api";

export type Level = "debug" | "info" | "warn" | "error";

const readable = Boolean(process.stdout.isTTY);

/** Words that make a messaging line a warning: the runtime's own lines carry no level. */
const WARNING =
  /\b(lost|unavailable|failed|error|timed out|dead-letter|refused|recycling|blocks|cannot|could not)\b/i;

const levelOf = (message: string, level?: Level): Level => level ?? (WARNING.test(message) ? "warn" : "info");

export function logLine(system: string, component: string, message: string, level: Level): string {
  const at = new Date();
  const span = trace.getActiveSpan()?.spanContext();
  if (readable)
    return `${at.toISOString().slice(11, 23)} ${level.toUpperCase().padEnd(5)} [${system}/${component}] ${message}${span ? ` trace=${span.traceId}` : ""}`;
  return JSON.stringify({
    time: at.toISOString(),
    level,
    system,
    component,
    msg: message,
    ...(span ? { trace_id: span.traceId, span_id: span.spanId } : {}),
  });
}

const slot = globalThis as unknown as { __scsLogSystem?: string };

/**
 * Names the system this process runs, once at start (instrumentation.ts), for the lines of shared
 * code that runs in every system and does not know which (the HTTP edge, readiness). On
 * globalThis: Next.js bundles this module more than once in one process.
 */
export function setLogSystem(system: string): void {
  slot.__scsLogSystem = system;
}

/** A `log` for shared code: the process's system (see `setLogSystem`), this component. */
export function processLogger(component: string) {
  return (message: string, level?: Level) =>
    logger(slot.__scsLogSystem ?? "suite", component)(message, level);
}

/** A `log` for the messaging runtime and the systems' background jobs: writes one line each. */
export function logger(system: string, component: string) {
  return (message: string, level?: Level) => {
    const lvl = levelOf(message, level);
    (lvl === "info" || lvl === "debug" ? process.stdout : process.stderr).write(
      `${logLine(system, component, message, lvl)}\n`,
    );
  };
}
