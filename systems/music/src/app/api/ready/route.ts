/** Readiness: 200 while the database answers (a broker outage is reported, never a reason for 503). */
import { getMessaging } from "@scs/messaging/runtime";
import { apiRoute } from "@scs/web/api";
import { getDb } from "@/db/client";
import { countPendingEvents } from "@/db/queries/outbox";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/ready", () => {
  const status = getMessaging()?.status();
  let database: "up" | "down" = "down";
  let outboxPending = status?.outboxPending ?? 0;
  try {
    const db = getDb();
    db.$client.prepare("select 1").get();
    database = "up";
    if (!status) outboxPending = countPendingEvents(db);
  } catch (error) {
    console.error("[music] readiness: database unavailable", error);
  }
  return Response.json(
    { database, broker: status?.broker ?? "down", outboxPending },
    { status: database === "up" ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
