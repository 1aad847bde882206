/** Prometheus metrics: messaging (outbox, events, replication lag) and HTTP durations. */
import { getMessaging } from "@scs/messaging/process-messaging";
import { apiRoute } from "@scs/web/api";
import { messagingMetrics, metricsResponse } from "@scs/web/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/metrics", () =>
  metricsResponse("catalog", messagingMetrics(getMessaging()?.status())),
);
