/**
 * The body of `GET /api/ready` (CONTRACT "Every system"): ready while the database answers; the
 * broker's state is reported but never makes the system unready, so a load balancer keeps it in.
 * Whatever fails is answered, never thrown: a failing database is a 503 that names it.
 */
import { count, isNull } from "drizzle-orm";
import type { Db } from "./db";
import { getMessaging } from "./runtime";
import { outbox } from "./tables";

export interface Readiness {
  httpStatus: 200 | 503;
  body: {
    database: "up" | "down";
    /**
     * "unknown" only while the database is down in a process with a messaging runtime: the
     * runtime's status is read from the database too, so it cannot say.
     */
    broker: "up" | "down" | "unknown";
    outboxPending: number | null;
    /** What failed, when not ready: `database: <message>`. */
    error?: string;
  };
}

export function readiness(openDb: () => Db): Readiness {
  const runtime = getMessaging();
  let broker: Readiness["body"]["broker"] = runtime ? "unknown" : "down";
  try {
    // Both read the database: the runtime's status (outbox, last applied) and the count below.
    if (runtime) broker = runtime.status().broker;
    const pending = openDb().select({ n: count() }).from(outbox).where(isNull(outbox.publishedAt)).get();
    return { httpStatus: 200, body: { database: "up", broker, outboxPending: pending?.n ?? 0 } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`readiness: database unavailable: ${message}`);
    return {
      httpStatus: 503,
      body: { database: "down", broker, outboxPending: null, error: `database: ${message}` },
    };
  }
}
