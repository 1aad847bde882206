/**
 * OpenTelemetry for a system's server process (issue 13), registered from its instrumentation
 * hook before messaging starts, and only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: without it
 * nothing is loaded and nothing is recorded. @vercel/otel exports over OTLP/HTTP as the standard
 * variables say (`OTEL_EXPORTER_OTLP_PROTOCOL`: http/protobuf by default, or http/json); Next's own
 * request spans, `fetch` (whose context is propagated to the suite's own origins only) and amqplib
 * are instrumented; @scs/messaging adds the publish and process spans of every event.
 */
export async function registerTracing(serviceName: string, suiteUrls: string[]): Promise<boolean> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  const [{ registerOTel }, { AmqplibInstrumentation }] = await Promise.all([
    import("@vercel/otel"),
    import("@opentelemetry/instrumentation-amqplib"),
  ]);
  registerOTel({
    serviceName,
    instrumentations: ["fetch", new AmqplibInstrumentation()],
    instrumentationConfig: {
      fetch: { propagateContextUrls: suiteUrls.map((url) => new URL(url).origin) },
    },
  });
  return true;
}
