/** Prometheus metrics: messaging (outbox, events, replication lag), albums per state, HTTP durations. */
import { getMessaging } from "@scs/messaging/process-messaging";
import { apiRoute } from "@scs/web/api";
import { gauge, messagingMetrics, metricsResponse } from "@scs/web/metrics";
import { getDb } from "@/db/client";
import { countAlbums } from "@/db/queries/albums";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/metrics", () => {
  const db = getDb();
  return metricsResponse("music", [
    ...messagingMetrics(getMessaging()?.status()),
    gauge("scs_music_albums", "Albums held by music, per state.", [
      { labels: { state: "published" }, value: countAlbums(db, { published: true }) },
      { labels: { state: "draft" }, value: countAlbums(db, { published: false }) },
    ]),
  ]);
});
