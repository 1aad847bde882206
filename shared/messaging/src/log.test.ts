import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, it, vi } from "vitest";
import { logLine, processLogger, setLogSystem } from "./log";

afterAll(() => {
  trace.disable();
  context.disable();
});

describe("log lines", () => {
  it("are JSON with time, level, system and message when not on a terminal", () => {
    const line = JSON.parse(logLine("store", "messaging", "broker connection lost", "warn"));
    expect(line).toMatchObject({
      level: "warn",
      system: "store",
      component: "messaging",
      msg: "broker connection lost",
    });
    expect(Date.parse(line.time)).toBeGreaterThan(Date.now() - 5_000);
    expect(line.trace_id).toBeUndefined();
  });

  it("carry the trace and span ids of the active span", () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.getTracer("test").startActiveSpan("work", (span) => {
      const line = JSON.parse(logLine("catalog", "messaging", "applied", "info"));
      expect(line.trace_id).toBe(span.spanContext().traceId);
      expect(line.span_id).toBe(span.spanContext().spanId);
      span.end();
    });
  });

  it("of shared code name the process's system, set once at start", () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      setLogSystem("music");
      processLogger("readiness")("database unavailable: disk I/O error", "error");
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(written[0] ?? "{}")).toMatchObject({
      level: "error",
      system: "music",
      component: "readiness",
      msg: "database unavailable: disk I/O error",
    });
  });
});
