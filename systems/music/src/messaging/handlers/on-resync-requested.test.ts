import { describe, expect, it } from "vitest";
import { createAlbum } from "@/domain/albums";
import { incoming, recordedEvents, sampleAlbum, testDb } from "@/test/fixtures";
import { onResyncRequested } from "./on-resync-requested";

describe("onResyncRequested", () => {
  it("re-announces every album when the store asks music", () => {
    const db = testDb();
    createAlbum(db, sampleAlbum);
    createAlbum(db, { ...sampleAlbum, title: "Draft", published: false });
    db.transaction((tx) =>
      onResyncRequested(incoming("store.resync.requested", { from: ["catalog", "music"] }), tx),
    );
    expect(
      recordedEvents(db)
        .slice(2)
        .map((e) => e.type),
    ).toEqual(["music.album.upserted", "music.album.removed"]);
  });

  it("ignores a request meant for another system", () => {
    const db = testDb();
    createAlbum(db, sampleAlbum);
    db.transaction((tx) => onResyncRequested(incoming("store.resync.requested", { from: ["catalog"] }), tx));
    expect(recordedEvents(db)).toHaveLength(1);
  });
});
