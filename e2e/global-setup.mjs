// Starts the suite for the journeys (tools/suite/src/e2e.mjs does the work) and hands its URLs and
// sign-ins to the tests through the environment. Journeys that need a system down (e.g. "store
// takes orders while catalog is stopped") ask a small control endpoint on loopback to stop and
// restart it, or replace it with zero downtime (tools/suite/src/restart.mjs). The returned function
// stops everything again.
import { createServer } from "node:http";
import { SYSTEMS } from "@scs/contracts/names";
import { startE2ESuite } from "@scs/suite/e2e";
import { restartSystem } from "@scs/suite/restart";
import { startOtlpReceiver } from "./otlp-receiver.mjs";

/**
 * store's pending-order deadline in the journeys: short enough for a journey to wait past it (the
 * deadline journey waits it out whole), long enough that catalog restarted by a journey still
 * answers an order placed while it was down (the checkout journey's order waits a few seconds).
 */
const ORDER_PENDING_TIMEOUT_S = Number(process.env.E2E_ORDER_PENDING_TIMEOUT_S ?? 20);

export default async function globalSetup() {
  // The systems export their traces to a receiver of ours (tracing.spec.ts reads them back).
  const otlp = await startOtlpReceiver();
  Object.assign(process.env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "500",
    E2E_OTLP_URL: otlp.url,
  });
  const suite = await startE2ESuite({
    log: (line) => console.log(`[e2e] ${line}`),
    orderPendingTimeoutS: ORDER_PENDING_TIMEOUT_S,
  });
  const control = createServer(async (request, response) => {
    const match = /^\/systems\/(\w+)\/(stop|start|restart)$/.exec(request.url ?? "");
    const system = match?.[1];
    if (request.method !== "POST" || !match || !system || !SYSTEMS.includes(system)) {
      response.writeHead(404).end();
      return;
    }
    try {
      if (match[2] === "restart") {
        // Zero-downtime: a new process on its second port (or back on its own), the front door
        // switched, the old one drained.
        const result = await restartSystem({
          suite,
          gateway: suite.gateway,
          sys: system,
          log: (line) => console.log(`[e2e] ${line}`),
        });
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
        return;
      }
      if (match[2] === "stop") await suite.stopSystem(system, request.headers["x-signal"] ?? "SIGTERM");
      else await suite.startSystem(system);
      response.writeHead(204).end();
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    }
  });
  await new Promise((resolve) => control.listen(0, "127.0.0.1", resolve));
  const address = control.address();
  process.env.E2E_CONTROL_URL = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  process.env.E2E_SUITE_JSON = JSON.stringify({
    urls: suite.urls,
    frontDoor: suite.frontDoor,
    adminEmail: suite.adminEmail,
    adminPassword: suite.adminPassword,
    customer: suite.customer,
    dataDir: suite.dataDir,
    broker: suite.broker,
    orderPendingTimeoutS: ORDER_PENDING_TIMEOUT_S,
  });
  return async () => {
    control.close();
    await suite.stop();
    await otlp.close();
  };
}
