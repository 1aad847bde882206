import { getMessaging } from "@scs/messaging/runtime";
import { apiRoute } from "@scs/web/api";
import { count, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { outbox } from "@/db/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/ready", () => {
  const status = getMessaging()?.status();
  let database: "up" | "down" = "up";
  let outboxPending = status?.outboxPending ?? 0;
  try {
    const row = getDb().select({ n: count() }).from(outbox).where(isNull(outbox.publishedAt)).get();
    if (!status) outboxPending = row?.n ?? 0;
  } catch (error) {
    console.error("[/api/ready] database check failed", error);
    database = "down";
  }
  return Response.json(
    {
      status: database === "up" ? "ready" : "unavailable",
      database,
      broker: status?.broker ?? "down",
      outboxPending,
    },
    { status: database === "up" ? 200 : 503 },
  );
});
