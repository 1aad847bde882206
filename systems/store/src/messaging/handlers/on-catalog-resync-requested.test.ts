import { randomUUID } from "node:crypto";
import type { CloudEvent } from "@scs/contracts/envelope";
import { resyncJob } from "@scs/messaging/resync-jobs";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/database";
import { CUSTOMERS_RESYNC } from "../republish";
import { onCatalogResyncRequested } from "./on-catalog-resync-requested";

const request = (): CloudEvent<"catalog.resync.requested"> => ({
  specversion: "1.0",
  id: randomUUID(),
  source: "/catalog",
  type: "catalog.resync.requested",
  subject: "customers",
  time: new Date().toISOString(),
  data: { from: ["store"] },
});

describe("catalog.resync.requested", () => {
  it("records the same paged customers job as music's request", () => {
    const db = openDatabase(":memory:");
    expect(resyncJob(db, CUSTOMERS_RESYNC)).toBeUndefined();
    db.transaction((tx) => onCatalogResyncRequested(request(), tx));
    expect(resyncJob(db, CUSTOMERS_RESYNC)).toBeDefined();
  });
});
