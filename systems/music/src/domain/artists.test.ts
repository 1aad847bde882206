import { describe, expect, it } from "vitest";
import { listArtists } from "@/db/queries/artists";
import { recordedEvents, sampleAlbum, testDb } from "@/testing/fixtures";
import { createAlbum, deleteAlbum, updateAlbum } from "./albums";
import { createArtist, createArtistSchema, findOrCreateArtist, updateArtist } from "./artists";
import { ConflictError, NotFoundError } from "./errors";

describe("artists", () => {
  it("creates an artist at version 1 with a trimmed name", () => {
    const db = testDb();
    const artist = createArtist(db, { name: "  Mara Lindqvist ", bio: "Folk from the north." });
    expect(artist).toMatchObject({ name: "Mara Lindqvist", bio: "Folk from the north.", version: 1 });
  });

  it("refuses a second artist with the same name in another case", () => {
    const db = testDb();
    createArtist(db, { name: "Kite Theory" });
    expect(() => createArtist(db, { name: "KITE THEORY" })).toThrow(ConflictError);
    expect(listArtists(db)).toHaveLength(1);
  });

  it("finds or creates by name", () => {
    const db = testDb();
    const created = findOrCreateArtist(db, "Atlas Drift");
    expect(findOrCreateArtist(db, "atlas drift").id).toBe(created.id);
  });

  it("validates name and biography", () => {
    const paths = (input: object) =>
      createArtistSchema.safeParse(input).error?.issues.map((i) => i.path.join("."));
    expect(paths({ name: "" })).toEqual(["name"]);
    expect(paths({ name: "x".repeat(201) })).toEqual(["name"]);
    expect(paths({ name: "Ok", bio: "x".repeat(2001) })).toEqual(["bio"]);
    expect(createArtistSchema.parse({ name: "Ok" }).bio).toBe("");
  });
});

describe("updateArtist", () => {
  it("renames the artist and re-announces each of their albums with a new version", () => {
    const db = testDb();
    const published = createAlbum(db, sampleAlbum);
    const draft = createAlbum(db, { ...sampleAlbum, title: "Demos", published: false });
    const gone = createAlbum(db, { ...sampleAlbum, title: "Withdrawn" });
    deleteAlbum(db, gone.id);
    const other = createAlbum(db, { ...sampleAlbum, artist: "Someone Else" });
    const before = recordedEvents(db).length;

    const artist = updateArtist(db, published.artistId, {
      name: "Neon Harbour",
      bio: "Now with a u.",
      version: 1,
    });

    expect(artist).toMatchObject({ name: "Neon Harbour", bio: "Now with a u.", version: 2 });
    const events = recordedEvents(db).slice(before);
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "music.album.upserted",
          subject: published.id,
          aggregateversion: 2,
          data: expect.objectContaining({ artist: "Neon Harbour" }),
        }),
        expect.objectContaining({ type: "music.album.removed", subject: draft.id, aggregateversion: 2 }),
      ]),
    );
    expect(events.some((e) => e.subject === other.id || e.subject === gone.id)).toBe(false);
  });

  it("changes only the biography without announcing albums", () => {
    const db = testDb();
    const album = createAlbum(db, sampleAlbum);
    const before = recordedEvents(db).length;
    updateArtist(db, album.artistId, { name: "Neon Harbor", bio: "Rotterdam synth duo." });
    expect(recordedEvents(db)).toHaveLength(before);
    // The album keeps its version: the next change to it is version 2.
    expect(updateAlbum(db, album.id, { priceCents: 1099 }).version).toBe(2);
  });

  it("refuses a name another artist has, a stale version and an unknown artist", () => {
    const db = testDb();
    const kite = createArtist(db, { name: "Kite Theory" });
    createArtist(db, { name: "Atlas Drift" });
    expect(() => updateArtist(db, kite.id, { name: "atlas drift" })).toThrow(/already an artist/);
    expect(() => updateArtist(db, kite.id, { name: "Kite", version: 7 })).toThrow(ConflictError);
    expect(() => updateArtist(db, "nobody", { name: "X" })).toThrow(NotFoundError);
    // Changing only the case of one's own name is fine.
    expect(updateArtist(db, kite.id, { name: "KITE THEORY" }).name).toBe("KITE THEORY");
  });
});
