// An OTLP/HTTP trace receiver for the journeys (Jaeger cannot run here): the systems export their
// spans to it as OTLP JSON (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`); tests read them back, flat,
// from GET /spans. Loopback only; keeps everything in memory for the run.
import { createServer } from "node:http";

const attributesOf = (list = []) =>
  Object.fromEntries(
    list.map(({ key, value = {} }) => [
      key,
      value.stringValue ??
        (value.intValue === undefined ? (value.boolValue ?? value.doubleValue) : Number(value.intValue)),
    ]),
  );

export async function startOtlpReceiver() {
  const spans = [];
  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url === "/spans") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(spans));
      return;
    }
    if (request.method !== "POST" || request.url !== "/v1/traces") {
      response.writeHead(404).end();
      return;
    }
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        for (const { resource, scopeSpans = [] } of body.resourceSpans ?? []) {
          const service = attributesOf(resource?.attributes)["service.name"];
          for (const { spans: list = [] } of scopeSpans)
            for (const span of list)
              spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                name: span.name,
                attributes: attributesOf(span.attributes),
              });
        }
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
