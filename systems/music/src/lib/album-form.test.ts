import { issuesOf } from "@scs/web/action";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createAlbumSchema, updateAlbumSchema } from "@/domain/albums";
import { readCreateAlbumForm, readUpdateAlbumForm } from "./album-form";

function form(fields: [string, string][]) {
  const data = new FormData();
  for (const [key, value] of fields) data.append(key, value);
  return data;
}

/** The first message per field, as the form shows them. */
function firstErrors(error: z.ZodError) {
  const errors: Record<string, string> = {};
  for (const { path, message } of issuesOf(error)) errors[path] ??= message;
  return errors;
}

describe("the album form", () => {
  it("reads a complete form into the same input the JSON API takes", () => {
    const input = readCreateAlbumForm(
      form([
        ["title", "Low Tide"],
        ["artist", "Atlas Drift"],
        ["genre", "Ambient"],
        ["year", "2024"],
        ["price", "8,99"],
        ["published", "on"],
        ["trackTitle", "Harbour Cranes"],
        ["trackDuration", "6:02"],
        ["trackTitle", "Low Tide"],
        ["trackDuration", "8:55"],
      ]),
    );
    expect(createAlbumSchema.parse(input)).toEqual({
      title: "Low Tide",
      artist: "Atlas Drift",
      genre: "Ambient",
      year: 2024,
      priceCents: 899,
      published: true,
      tracks: [
        { title: "Harbour Cranes", durationSeconds: 362 },
        { title: "Low Tide", durationSeconds: 535 },
      ],
    });
  });

  it("turns unreadable entries into messages on the right fields", () => {
    const result = createAlbumSchema.safeParse(
      readCreateAlbumForm(
        form([
          ["title", ""],
          ["artist", "Atlas Drift"],
          ["genre", "Ambient"],
          ["year", "twenty"],
          ["price", "cheap"],
          ["trackTitle", "Fine"],
          ["trackDuration", "4:00"],
          ["trackTitle", ""],
          ["trackDuration", "four minutes"],
        ]),
      ),
    );
    if (result.success) throw new Error("the form should not be valid");
    expect(firstErrors(result.error)).toEqual({
      title: "Enter the album's title",
      year: "Enter a year, like 2024",
      priceCents: "Enter a price in euros, like 9.99",
      "tracks.1.title": "Enter the track's title",
      "tracks.1.durationSeconds": "Enter a duration, like 3:45",
    });
  });

  it("reads an unchecked box as unpublished and keeps the edited version", () => {
    const input = readUpdateAlbumForm(
      form([
        ["title", "Low Tide"],
        ["genre", "Ambient"],
        ["year", "2024"],
        ["price", "8.99"],
        ["version", "4"],
        ["trackTitle", "Only"],
        ["trackDuration", "1:00"],
      ]),
    );
    expect(updateAlbumSchema.parse(input)).toMatchObject({ published: false, version: 4, priceCents: 899 });
  });

  it("carries each row's track id so that an edited tracklist keeps its tracks (new rows have none)", () => {
    const input = readUpdateAlbumForm(
      form([
        ["title", "Low Tide"],
        ["genre", "Ambient"],
        ["year", "2024"],
        ["price", "8.99"],
        ["trackId", "t-2"],
        ["trackTitle", "Second, now first"],
        ["trackDuration", "2:00"],
        ["trackId", ""],
        ["trackTitle", "Brand new"],
        ["trackDuration", "3:30"],
        ["trackId", "t-1"],
        ["trackTitle", "First, now last"],
        ["trackDuration", "1:00"],
      ]),
    );
    expect(updateAlbumSchema.parse(input).tracks).toEqual([
      { id: "t-2", title: "Second, now first", durationSeconds: 120 },
      { title: "Brand new", durationSeconds: 210 },
      { id: "t-1", title: "First, now last", durationSeconds: 60 },
    ]);
  });
});
