import { type ResyncRunner, resyncJob } from "@scs/messaging/resync-jobs";
import { eventually } from "@scs/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createAlbum, deleteAlbum } from "@/domain/albums";
import { incoming, recordedEvents, sampleAlbum, testDb } from "@/testing/fixtures";
import { ALBUMS_RESYNC, startRepublishing } from "../republish";
import { onResyncRequested } from "./on-resync-requested";

let runner: ResyncRunner | undefined;
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

describe("onResyncRequested", () => {
  it("only records a resync job in the consumer's transaction when the store asks music", () => {
    const db = testDb();
    createAlbum(db, sampleAlbum);
    db.transaction((tx) =>
      onResyncRequested(incoming("store.resync.requested", { from: ["catalog", "music"] }), tx),
    );
    expect(recordedEvents(db)).toHaveLength(1);
    expect(resyncJob(db, ALBUMS_RESYNC)).toMatchObject({ cursor: null, requests: 1, finishedAt: null });
  });

  it("ignores a request meant for another system", () => {
    const db = testDb();
    createAlbum(db, sampleAlbum);
    db.transaction((tx) => onResyncRequested(incoming("store.resync.requested", { from: ["catalog"] }), tx));
    expect(recordedEvents(db)).toHaveLength(1);
    expect(resyncJob(db, ALBUMS_RESYNC)).toBeUndefined();
  });

  it("then re-announces every album once with its current version, in pages, outside that transaction", async () => {
    const db = testDb();
    const albums = Array.from({ length: 12 }, (_, i) =>
      createAlbum(db, { ...sampleAlbum, title: `Album ${i}`, published: i % 4 !== 0 }),
    );
    deleteAlbum(db, albums[1]?.id ?? "");
    const before = recordedEvents(db).length;
    const pages: number[] = [];
    runner = startRepublishing(db, {
      pageSize: 5,
      log: () => {},
      onPage: (_name, ids) => pages.push(ids.length),
    });

    db.transaction((tx) => onResyncRequested(incoming("store.resync.requested", { from: ["music"] }), tx));
    expect(recordedEvents(db)).toHaveLength(before);
    await eventually(() => resyncJob(db, ALBUMS_RESYNC)?.finishedAt, 10_000, "the resync finished");

    const resent = recordedEvents(db).slice(before);
    expect(resent.map((e) => e.subject).sort()).toEqual(albums.map((a) => a.id).sort());
    const expected = (i: number) =>
      i === 1
        ? ["music.album.removed", 2]
        : [i % 4 === 0 ? "music.album.removed" : "music.album.upserted", 1];
    expect(new Map(resent.map((e) => [e.subject, [e.type, e.aggregateversion]]))).toEqual(
      new Map(albums.map((a, i) => [a.id, expected(i)])),
    );
    expect(pages).toEqual([5, 5, 2]);
  });
});
