import { describe, expect, it } from "vitest";
import { countAlbums, findAlbum, listAlbums } from "@/db/queries/albums";
import { countArtists, findArtistByName } from "@/db/queries/artists";
import { listTracks } from "@/db/queries/tracks";
import { recordedEvents, sampleAlbum, testDb } from "@/testing/fixtures";
import { republishAlbums } from "./album-events";
import { createAlbum, createAlbumSchema, deleteAlbum, updateAlbum, updateAlbumSchema } from "./albums";
import { createArtist } from "./artists";
import { ConflictError, NotFoundError } from "./errors";

describe("createAlbum", () => {
  it("stores the album with its tracks in order, at version 1, and announces it to the store", () => {
    const db = testDb();
    const album = createAlbum(db, sampleAlbum);

    expect(album).toMatchObject({
      title: "Harbor Lights",
      artist: "Neon Harbor",
      priceCents: 999,
      currency: "EUR",
      published: true,
      version: 1,
      trackCount: 2,
      durationSeconds: 532,
      cover: `http://music.test/images/covers/${album.id}.svg`,
    });
    expect(listTracks(db, album.id).map((t) => [t.position, t.title])).toEqual([
      [1, "Night Shift"],
      [2, "Last Ferry"],
    ]);
    expect(recordedEvents(db)).toEqual([
      expect.objectContaining({
        type: "music.album.upserted",
        subject: album.id,
        aggregateversion: 1,
        data: {
          id: album.id,
          title: "Harbor Lights",
          artist: "Neon Harbor",
          priceCents: 999,
          currency: "EUR",
          trackCount: 2,
          cover: `http://music.test/images/covers/${album.id}.svg`,
        },
      }),
    ]);
  });

  it("finds the artist by name whatever the case, and creates a new one otherwise", () => {
    const db = testDb();
    const existing = createArtist(db, { name: "Neon Harbor", bio: "Rotterdam synth duo." });
    const first = createAlbum(db, { ...sampleAlbum, artist: "  neon HARBOR " });
    const second = createAlbum(db, { ...sampleAlbum, artist: "Kite Theory" });

    expect(first.artistId).toBe(existing.id);
    expect(first.artist).toBe("Neon Harbor");
    expect(second.artistId).toBe(findArtistByName(db, "kite theory")?.id);
    expect(countArtists(db)).toBe(2);
  });

  it("announces a draft as removed, so the store never offers it", () => {
    const db = testDb();
    const album = createAlbum(db, { ...sampleAlbum, published: false });
    expect(recordedEvents(db)).toEqual([
      expect.objectContaining({ type: "music.album.removed", aggregateversion: 1, data: { id: album.id } }),
    ]);
    expect(listAlbums(db, { status: "published" })).toEqual([]);
    expect(listAlbums(db, { status: "all" })).toHaveLength(1);
  });

  it("rejects invalid input with a message per field and writes nothing", () => {
    const db = testDb();
    const input = {
      title: " ",
      artist: "",
      priceCents: -5,
      tracks: [{ title: "Ok", durationSeconds: Number.NaN }],
    };
    const result = createAlbumSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["title", "Enter the album's title"],
      ["artist", "Enter the artist's name"],
      ["priceCents", "The price cannot be negative"],
      ["tracks.0.durationSeconds", "Enter a duration, like 3:45"],
    ]);
    expect(() => createAlbum(db, input)).toThrow();
    expect(countAlbums(db)).toBe(0);
    expect(countArtists(db)).toBe(0);
    expect(recordedEvents(db)).toEqual([]);
  });

  it("needs at least one track, whole cents and a sensible year", () => {
    const issues = (input: object) =>
      createAlbumSchema.safeParse({ ...sampleAlbum, ...input }).error?.issues.map((i) => i.path.join("."));
    expect(issues({ tracks: [] })).toEqual(["tracks"]);
    expect(issues({ priceCents: 9.5 })).toEqual(["priceCents"]);
    expect(issues({ priceCents: 50_001 })).toEqual(["priceCents"]);
    expect(issues({ year: 1850 })).toEqual(["year"]);
    expect(issues({ year: new Date().getUTCFullYear() + 5 })).toEqual(["year"]);
    expect(issues({ tracks: [{ title: "Long", durationSeconds: 4 * 3600 }] })).toEqual([
      "tracks.0.durationSeconds",
    ]);
  });
});

describe("updateAlbum", () => {
  it("bumps the version on every change and announces the new state", () => {
    const db = testDb();
    const { id } = createAlbum(db, sampleAlbum);
    const updated = updateAlbum(db, id, { title: "Harbour Lights", priceCents: 1099 });

    expect(updated).toMatchObject({ title: "Harbour Lights", priceCents: 1099, version: 2 });
    expect(recordedEvents(db).at(-1)).toMatchObject({
      type: "music.album.upserted",
      aggregateversion: 2,
      data: { title: "Harbour Lights", priceCents: 1099 },
    });
  });

  it("withdraws an unpublished album and offers it again once republished", () => {
    const db = testDb();
    const { id } = createAlbum(db, sampleAlbum);
    updateAlbum(db, id, { published: false });
    updateAlbum(db, id, { published: true });
    expect(recordedEvents(db).map((e) => [e.type, e.aggregateversion])).toEqual([
      ["music.album.upserted", 1],
      ["music.album.removed", 2],
      ["music.album.upserted", 3],
    ]);
  });

  it("replaces the whole tracklist and reports the new track count", () => {
    const db = testDb();
    const { id } = createAlbum(db, sampleAlbum);
    const updated = updateAlbum(db, id, {
      tracks: [
        { title: "A", durationSeconds: 60 },
        { title: "B", durationSeconds: 61 },
        { title: "C", durationSeconds: 62 },
      ],
    });
    expect(updated.tracks.map((t) => `${t.position}:${t.title}`)).toEqual(["1:A", "2:B", "3:C"]);
    expect(recordedEvents(db).at(-1)?.data.trackCount).toBe(3);
  });

  it("refuses a stale version with a conflict and changes nothing", () => {
    const db = testDb();
    const { id } = createAlbum(db, sampleAlbum);
    updateAlbum(db, id, { title: "Second", version: 1 });
    expect(() => updateAlbum(db, id, { title: "Third", version: 1 })).toThrow(ConflictError);
    expect(findAlbum(db, id)).toMatchObject({ title: "Second", version: 2 });
    expect(recordedEvents(db)).toHaveLength(2);
  });

  it("reports a missing album as not found", () => {
    expect(() => updateAlbum(testDb(), "nope", { title: "X" })).toThrow(NotFoundError);
  });

  it("accepts any subset of fields, but not nothing and not unknown fields", () => {
    expect(updateAlbumSchema.safeParse({ published: false }).success).toBe(true);
    expect(updateAlbumSchema.safeParse({}).success).toBe(false);
    expect(updateAlbumSchema.safeParse({ version: 3 }).success).toBe(false);
    expect(updateAlbumSchema.safeParse({ artist: "Someone else" }).success).toBe(false);
  });
});

describe("deleteAlbum", () => {
  it("removes the album from every listing and announces a tombstone with the next version", () => {
    const db = testDb();
    const { id } = createAlbum(db, sampleAlbum);
    deleteAlbum(db, id);

    expect(findAlbum(db, id)).toBeUndefined();
    expect(listAlbums(db, { status: "all" })).toEqual([]);
    expect(findAlbum(db, id, { includeDeleted: true })?.version).toBe(2);
    expect(recordedEvents(db).at(-1)).toMatchObject({
      type: "music.album.removed",
      aggregateversion: 2,
      data: { id },
    });
    expect(() => deleteAlbum(db, id)).toThrow(NotFoundError);
    expect(() => updateAlbum(db, id, { title: "Back" })).toThrow(NotFoundError);
  });

  it("refuses to delete a version that is no longer current", () => {
    const db = testDb();
    const { id } = createAlbum(db, sampleAlbum);
    updateAlbum(db, id, { priceCents: 1 });
    expect(() => deleteAlbum(db, id, { version: 1 })).toThrow(ConflictError);
    expect(findAlbum(db, id)).toBeDefined();
  });
});

describe("republishAlbums", () => {
  it("re-announces a page of albums with their current versions, drafts and deleted ones as removed", () => {
    const db = testDb();
    const live = createAlbum(db, sampleAlbum);
    const draft = createAlbum(db, { ...sampleAlbum, title: "Draft", published: false });
    const gone = createAlbum(db, { ...sampleAlbum, title: "Gone" });
    updateAlbum(db, live.id, { priceCents: 1299 });
    deleteAlbum(db, gone.id);
    const before = recordedEvents(db).length;

    const ids = db.transaction((tx) => republishAlbums(tx, { after: null, through: null, limit: 500 }));

    expect(ids).toEqual([live.id, draft.id, gone.id].sort());
    const resent = recordedEvents(db).slice(before);
    const expected = new Map([
      [live.id, ["music.album.upserted", 2]],
      [draft.id, ["music.album.removed", 1]],
      [gone.id, ["music.album.removed", 2]],
    ]);
    expect(resent.map((e) => [e.subject, e.type, e.aggregateversion])).toEqual(
      ids.map((id) => [id, ...(expected.get(id) ?? [])]),
    );
    expect(resent.find((e) => e.subject === live.id)?.data.priceCents).toBe(1299);
    expect(findAlbum(db, live.id)?.version).toBe(2);
  });

  it("keeps to the page's bounds", () => {
    const db = testDb();
    const ids = ["A", "B", "C", "D"].map((title) => createAlbum(db, { ...sampleAlbum, title }).id).sort();
    const page = (after: string | null, through: string | null, limit: number) =>
      db.transaction((tx) => republishAlbums(tx, { after, through, limit }));
    expect(page(null, null, 2)).toEqual(ids.slice(0, 2));
    expect(page(ids[1] ?? null, null, 500)).toEqual(ids.slice(2));
    expect(page(ids[0] ?? null, ids[2] ?? null, 500)).toEqual(ids.slice(1, 3));
  });
});
