/** Prometheus metrics: messaging (outbox, events, replication lag), offers held, HTTP durations. */
import { getMessaging } from "@scs/messaging/process-messaging";
import { apiRoute } from "@scs/web/api";
import { gauge, messagingMetrics, metricsResponse } from "@scs/web/metrics";
import { getDb } from "@/db/client";
import { countListedOffers } from "@/db/queries/offers";
import { offerSources } from "@/db/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/metrics", () => {
  const db = getDb();
  return metricsResponse("store", [
    ...messagingMetrics(getMessaging()?.status()),
    gauge(
      "scs_store_offers",
      "Offers on sale held by store, per source.",
      offerSources.map((source) => ({ labels: { source }, value: countListedOffers(db, { source }) })),
    ),
  ]);
});
