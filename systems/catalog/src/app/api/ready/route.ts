/** Readiness: 200 while the database answers (a broker outage is reported, never a reason for 503). */
import { readiness } from "@scs/messaging/readiness";
import { apiRoute } from "@scs/web/api";
import { getDb } from "@/db/client";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/ready", () => {
  const { httpStatus, body } = readiness(getDb);
  return Response.json(body, { status: httpStatus, headers: { "cache-control": "no-store" } });
});
