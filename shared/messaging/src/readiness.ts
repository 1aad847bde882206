/**
 * The body of `GET /api/ready` (CONTRACT "Every system"): ready while the database answers; the
 * broker's state is reported but never makes the system unready, so a load balancer keeps it in.
 */
import { count, isNull } from "drizzle-orm";
import type { Db } from "./db";
import { getMessaging } from "./runtime";
import { outbox } from "./tables";

export interface Readiness {
  httpStatus: 200 | 503;
  body: { database: "up" | "down"; broker: "up" | "down"; outboxPending: number | null };
}

export function readiness(openDb: () => Db): Readiness {
  const messaging = getMessaging()?.status();
  try {
    const pending = openDb().select({ n: count() }).from(outbox).where(isNull(outbox.publishedAt)).get();
    return {
      httpStatus: 200,
      body: { database: "up", broker: messaging?.broker ?? "down", outboxPending: pending?.n ?? 0 },
    };
  } catch (error) {
    console.error("readiness: database unavailable", error);
    return {
      httpStatus: 503,
      body: {
        database: "down",
        broker: messaging?.broker ?? "down",
        outboxPending: messaging?.outboxPending ?? null,
      },
    };
  }
}
