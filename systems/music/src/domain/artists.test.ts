import { describe, expect, it } from "vitest";
import { listArtists } from "@/db/queries/artists";
import { testDb } from "@/test/fixtures";
import { createArtist, createArtistSchema, findOrCreateArtist } from "./artists";
import { ConflictError } from "./errors";

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
