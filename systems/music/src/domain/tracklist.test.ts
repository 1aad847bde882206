import { describe, expect, it } from "vitest";
import { listTracks } from "@/db/queries/tracks";
import { recordedEvents, sampleAlbum, testDb } from "@/testing/fixtures";
import { createAlbum, updateAlbum } from "./albums";

/** Editing a tracklist in the back office: add, remove, reorder and change durations. */
describe("tracklist editing", () => {
  const album = (db: ReturnType<typeof testDb>) =>
    createAlbum(db, {
      ...sampleAlbum,
      tracks: [
        { title: "One", durationSeconds: 100 },
        { title: "Two", durationSeconds: 200 },
        { title: "Three", durationSeconds: 300 },
      ],
    });

  it("reorders tracks, keeping each track's id (and with it its sound)", () => {
    const db = testDb();
    const created = album(db);
    const [one, two, three] = created.tracks;
    const updated = updateAlbum(db, created.id, {
      tracks: [
        { id: three?.id, title: "Three", durationSeconds: 300 },
        { id: one?.id, title: "One", durationSeconds: 100 },
        { id: two?.id, title: "Two", durationSeconds: 200 },
      ],
    });
    expect(updated.tracks.map((t) => [t.position, t.title, t.id])).toEqual([
      [1, "Three", three?.id],
      [2, "One", one?.id],
      [3, "Two", two?.id],
    ]);
  });

  it("adds and removes tracks, and changes titles and durations in place", () => {
    const db = testDb();
    const created = album(db);
    const [one, , three] = created.tracks;
    const updated = updateAlbum(db, created.id, {
      tracks: [
        { id: one?.id, title: "One (remastered)", durationSeconds: 111 },
        { title: "Bonus", durationSeconds: 42 },
        { id: three?.id, title: "Three", durationSeconds: 333 },
      ],
    });
    expect(updated.tracks.map((t) => [t.position, t.title, t.durationSeconds])).toEqual([
      [1, "One (remastered)", 111],
      [2, "Bonus", 42],
      [3, "Three", 333],
    ]);
    expect(updated.tracks[0]?.id).toBe(one?.id);
    expect(updated.tracks[2]?.id).toBe(three?.id);
    expect(updated.tracks[1]?.id).not.toBe(created.tracks[1]?.id);
    expect(listTracks(db, created.id)).toHaveLength(3);
    expect(updated.durationSeconds).toBe(111 + 42 + 333);
    expect(recordedEvents(db).at(-1)).toMatchObject({
      type: "music.album.upserted",
      aggregateversion: 2,
      data: { trackCount: 3 },
    });
  });

  it("never takes over another album's track or repeats an id", () => {
    const db = testDb();
    const first = album(db);
    const second = album(db);
    const foreign = second.tracks[0]?.id;
    const own = first.tracks[0]?.id;
    const updated = updateAlbum(db, first.id, {
      tracks: [
        { id: foreign, title: "Borrowed", durationSeconds: 10 },
        { id: own, title: "Mine", durationSeconds: 20 },
        { id: own, title: "Mine again", durationSeconds: 30 },
      ],
    });
    const ids = updated.tracks.map((t) => t.id);
    expect(ids[0]).not.toBe(foreign);
    expect(ids[1]).toBe(own);
    expect(new Set(ids).size).toBe(3);
    expect(listTracks(db, second.id).map((t) => t.id)).toContain(foreign);
  });

  it("refuses an empty tracklist or a track without a duration", () => {
    const db = testDb();
    const created = album(db);
    expect(() => updateAlbum(db, created.id, { tracks: [] })).toThrow(/at least one track/);
    expect(() => updateAlbum(db, created.id, { tracks: [{ title: "Silent", durationSeconds: 0 }] })).toThrow(
      /at least one second/,
    );
    expect(listTracks(db, created.id)).toHaveLength(3);
  });
});
