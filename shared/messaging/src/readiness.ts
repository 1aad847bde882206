/**
 * The body of `GET /api/ready` (CONTRACT "Every system"): ready while the database answers; the
 * broker's state is reported but never makes the system unready, so a load balancer keeps it in.
 * Whatever fails is answered, never thrown: a failing database is a 503 that names it.
 */
import { count, isNull } from "drizzle-orm";
import type { Db } from "./db";
import { processLogger } from "./log";
import { getMessaging } from "./process-messaging";
import { outbox } from "./tables";

export interface Readiness {
  httpStatus: 200 | 503;
  body: {
    database: "up" | "down";
    broker: "up" | "down";
    outboxPending: number | null;
    /** What failed, when not ready: `database: <message>`. */
    error?: string;
  };
}

export function readiness(openDb: () => Db): Readiness {
  // The broker's state comes from the connection alone, so it is known whatever the database does.
  const broker = getMessaging()?.broker() ?? "down";
  try {
    const pending = openDb().select({ n: count() }).from(outbox).where(isNull(outbox.publishedAt)).get();
    return { httpStatus: 200, body: { database: "up", broker, outboxPending: pending?.n ?? 0 } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    processLogger("readiness")(`database unavailable: ${message}`, "error");
    return {
      httpStatus: 503,
      body: { database: "down", broker, outboxPending: null, error: `database: ${message}` },
    };
  }
}
