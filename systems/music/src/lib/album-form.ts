/**
 * Reading the back office's album form into the shape of the album schemas: euros to cents,
 * "m:ss" to seconds, the repeated track inputs to a tracklist. Anything unreadable is passed on
 * as NaN or as is, so that the schema answers with its own message for that field.
 */
import { parseDuration, parseEuros } from "./format";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

const optionalInt = (value: string | undefined) =>
  value === undefined || value.trim() === ""
    ? undefined
    : /^\d+$/.test(value.trim())
      ? Number(value)
      : Number.NaN;

export function readTracks(form: FormData) {
  const titles = form.getAll("trackTitle").map(String);
  const durations = form.getAll("trackDuration").map(String);
  // Each submitted row carries its stored track's id ("" for a new track).
  const ids = form.getAll("trackId").map(String);
  return titles.map((title, i) => ({
    ...(ids[i] ? { id: ids[i] } : {}),
    title,
    durationSeconds: parseDuration(durations[i] ?? ""),
  }));
}

export function readAlbumFields(form: FormData) {
  return {
    title: text(form, "title"),
    year: optionalInt(text(form, "year")),
    genre: text(form, "genre"),
    priceCents: parseEuros(text(form, "price") ?? ""),
    published: form.get("published") === "on",
    tracks: readTracks(form),
  };
}

/** The "New album" form → createAlbumSchema input. */
export const readCreateAlbumForm = (form: FormData) => ({
  ...readAlbumFields(form),
  artist: text(form, "artist"),
});

/** The edit form → updateAlbumSchema input (every field present, plus the version edited). */
export const readUpdateAlbumForm = (form: FormData) => ({
  ...readAlbumFields(form),
  version: optionalInt(text(form, "version")),
});
