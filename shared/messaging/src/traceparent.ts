/**
 * The W3C traceparent a stored CloudEvent carries (tracing.ts puts it there), read without
 * parsing the event. A module of its own, free of `@opentelemetry/api`: the relay's thread loads
 * it (relay-worker.ts), and has no use for the tracing API.
 */

const TRACEPARENT_IN_BODY = /"traceparent":"([0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2})"/;

/** The traceparent of a stored CloudEvent's JSON, without parsing the whole body. */
export const traceparentOfBody = (body: string): string | undefined =>
  body.includes('"traceparent"') ? TRACEPARENT_IN_BODY.exec(body)?.[1] : undefined;
