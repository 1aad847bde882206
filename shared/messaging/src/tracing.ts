/**
 * Traces across the asynchronous hops (issue 13): the outbox carries the W3C `traceparent` of the
 * change that recorded an event; the relay publishes it inside a PRODUCER span child of that
 * context (and sends the span's context as the AMQP `traceparent` header); the consumer applies it
 * inside a CONSUMER span child of the header's context, so that the events its handler records
 * continue the same trace. Only `@opentelemetry/api` is used here: without an SDK registered (no
 * OTEL_EXPORTER_OTLP_ENDPOINT) every call is a no-op and nothing is recorded.
 */
import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

const tracer = () => trace.getTracer("@scs/messaging");

/** The active context's W3C traceparent, or undefined when nothing is traced. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

const contextOf = (traceparent: string): Context => propagation.extract(ROOT_CONTEXT, { traceparent });

/** The traceparent to send with a span's context (for AMQP headers). */
export function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier.traceparent;
}

/** A PRODUCER span for publishing an event recorded under `traceparent`. */
export function startPublishSpan(traceparent: string, type: string, attributes: Attributes): Span {
  return tracer().startSpan(
    `${type} publish`,
    { kind: SpanKind.PRODUCER, attributes: { "messaging.operation.type": "send", ...attributes } },
    contextOf(traceparent),
  );
}

/** A CONSUMER span for applying an event delivered under `traceparent`, and its context. */
export function startProcessSpan(
  traceparent: string,
  type: string,
  attributes: Attributes,
): { span: Span; context: Context } {
  const span = tracer().startSpan(
    `${type} process`,
    { kind: SpanKind.CONSUMER, attributes: { "messaging.operation.type": "process", ...attributes } },
    contextOf(traceparent),
  );
  return { span, context: trace.setSpan(context.active(), span) };
}

/** Ends spans, marking them failed with `error` when there is one. */
export function endSpans(spans: (Span | undefined)[], error?: unknown): void {
  for (const span of spans) {
    if (!span) continue;
    if (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    span.end();
  }
}

/** Runs `fn` with `ctx` as the active context (for the handler of a traced event). */
export const withContext = <T>(ctx: Context, fn: () => T): T => context.with(ctx, fn);

/** Runs `fn` with `span` active, or as it is without one. */
export const inContextOf = <T>(span: Span | undefined, fn: () => T): T =>
  span ? context.with(trace.setSpan(context.active(), span), fn) : fn();
