import { apiRoute } from "@scs/web/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/health", () =>
  Response.json({ status: "ok", system: "music" }, { headers: { "cache-control": "no-store" } }),
);
