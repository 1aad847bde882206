/**
 * Albums, music's main aggregate, with their tracks. One schema per operation, shared by the
 * JSON API, the back-office actions and the seed. Every change bumps the album's version and
 * records its event in the same transaction (see album-events.ts).
 */
import { transact } from "@scs/messaging/outbox";
import { z } from "zod";
import type { Conn, MusicDb, Tx } from "@/db/client";
import { type AlbumSummaryRow, albumRow, findAlbum, insertAlbum, updateAlbumRow } from "@/db/queries/albums";
import { listTracks, replaceTracks } from "@/db/queries/tracks";
import { env } from "@/env";
import { announceAlbum, coverUrl } from "./album-events";
import { artistNameSchema, findOrCreateArtist } from "./artists";
import { ConflictError, NotFoundError } from "./errors";

export const MAX_PRICE_CENTS = 50_000;
export const MAX_TRACKS = 60;
export const MAX_TRACK_SECONDS = 3 * 60 * 60;
export const FIRST_YEAR = 1900;
export const DEFAULT_GENRE = "Other";
const latestYear = () => new Date().getUTCFullYear() + 1;

const titleSchema = z
  .string({ error: "Enter the album's title" })
  .trim()
  .min(1, "Enter the album's title")
  .max(200, "Keep the title under 200 characters");
const priceCentsSchema = z
  .int({ error: "Enter a price in euros, like 9.99" })
  .min(0, "The price cannot be negative")
  .max(MAX_PRICE_CENTS, `An album costs at most €${MAX_PRICE_CENTS / 100}`);
const yearSchema = z
  .int({ error: "Enter a year, like 2024" })
  .min(FIRST_YEAR, `Enter a year from ${FIRST_YEAR} on`)
  .refine((year) => year <= latestYear(), "Enter a year no later than next year");
const genreSchema = z
  .string({ error: "Enter a genre" })
  .trim()
  .min(1, "Enter a genre")
  .max(60, "Keep the genre under 60 characters");

export const trackSchema = z.object({
  /** Editing: an existing track of the album keeps its id (and its sound); new tracks omit it. */
  id: z.string().trim().max(100).optional(),
  title: z
    .string({ error: "Enter the track's title" })
    .trim()
    .min(1, "Enter the track's title")
    .max(200, "Keep the title under 200 characters"),
  durationSeconds: z
    .int({ error: "Enter a duration, like 3:45" })
    .min(1, "A track lasts at least one second")
    .max(MAX_TRACK_SECONDS, "A track lasts at most 3 hours"),
});
const tracklistSchema = z
  .array(trackSchema, { error: "Add the tracks" })
  .min(1, "Add at least one track")
  .max(MAX_TRACKS, `An album has at most ${MAX_TRACKS} tracks`);

/** `POST /api/albums`, the "New album" form and the seed. Published unless said otherwise. */
export const createAlbumSchema = z.object({
  title: titleSchema,
  artist: artistNameSchema,
  priceCents: priceCentsSchema,
  year: yearSchema.optional(),
  genre: genreSchema.default(DEFAULT_GENRE),
  published: z.boolean({ error: "published is true or false" }).default(true),
  tracks: tracklistSchema,
});
export type CreateAlbumInput = z.input<typeof createAlbumSchema>;

/**
 * `PATCH /api/albums/{id}` and the edit form: any subset of the fields; `tracks` replaces the
 * whole tracklist. `version`, when given, must be the album's current version (else 409).
 */
export const updateAlbumSchema = z
  .strictObject({
    title: titleSchema.optional(),
    year: yearSchema.optional(),
    genre: genreSchema.optional(),
    priceCents: priceCentsSchema.optional(),
    published: z.boolean({ error: "published is true or false" }).optional(),
    tracks: tracklistSchema.optional(),
    version: z.int().positive().optional(),
  })
  .refine(
    ({ version: _version, ...changes }) => Object.values(changes).some((v) => v !== undefined),
    "Nothing to change: give at least one of title, year, genre, priceCents, published, tracks",
  );
export type UpdateAlbumInput = z.input<typeof updateAlbumSchema>;

export const deleteAlbumSchema = z.object({ version: z.int().positive().optional() });
export type DeleteAlbumInput = z.input<typeof deleteAlbumSchema>;

// ---------------------------------------------------------------------------------------------
// What the API returns and pages show

export interface AlbumView {
  id: string;
  title: string;
  artist: string;
  artistId: string;
  year: number;
  genre: string;
  priceCents: number;
  currency: "EUR";
  published: boolean;
  trackCount: number;
  durationSeconds: number;
  cover: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TrackView {
  id: string;
  position: number;
  title: string;
  durationSeconds: number;
  /** Absolute URL of the 30-second preview (the full track is `…/full.wav`, for owners). */
  preview: string;
}

/** Where a track's audio is served, relative to music's origin. */
export const audioPath = (trackId: string, kind: "preview" | "full") =>
  `/audio/tracks/${encodeURIComponent(trackId)}/${kind}.wav`;

export type AlbumDetail = AlbumView & { tracks: TrackView[] };

export const toAlbumView = (row: AlbumSummaryRow): AlbumView => ({
  id: row.id,
  title: row.title,
  artist: row.artist,
  artistId: row.artistId,
  year: row.year,
  genre: row.genre,
  priceCents: row.priceCents,
  currency: row.currency,
  published: row.published,
  trackCount: row.trackCount,
  durationSeconds: row.durationSeconds,
  cover: coverUrl(row.id),
  version: row.version,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/** The album with its tracklist, unless it is missing or deleted (or even then, with `includeDeleted`). */
export function getAlbumDetail(
  conn: Conn,
  id: string,
  { includeDeleted = false } = {},
): AlbumDetail | undefined {
  const row = findAlbum(conn, id, { includeDeleted });
  if (!row) return undefined;
  const tracks = listTracks(conn, id).map(({ id: trackId, position, title, durationSeconds }) => ({
    id: trackId,
    position,
    title,
    durationSeconds,
    preview: `${env.MUSIC_URL}${audioPath(trackId, "preview")}`,
  }));
  return { ...toAlbumView(row), tracks };
}

// ---------------------------------------------------------------------------------------------
// Changes

/** Creates an album with its tracks; the artist is found by name or created. */
export function createAlbum(db: MusicDb, input: CreateAlbumInput): AlbumDetail {
  const data = createAlbumSchema.parse(input);
  const id = crypto.randomUUID();
  transact(db, (tx) => {
    const now = Date.now();
    const artist = findOrCreateArtist(tx, data.artist, now);
    insertAlbum(tx, {
      id,
      artistId: artist.id,
      title: data.title,
      year: data.year ?? new Date(now).getUTCFullYear(),
      genre: data.genre,
      priceCents: data.priceCents,
      currency: "EUR",
      published: data.published,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    replaceTracks(tx, id, data.tracks);
    announceAlbum(tx, id);
  });
  return getAlbumDetail(db, id) as AlbumDetail;
}

/** The album's stored row for a change, checking it exists and, if given, its version. */
function albumForChange(tx: Tx, id: string, expectedVersion: number | undefined) {
  const row = albumRow(tx, id);
  if (!row || row.deletedAt !== null) throw new NotFoundError("No such album");
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new ConflictError(
      `The album was changed in the meantime (now version ${row.version}, you edited version ${expectedVersion}). Reload it and try again.`,
    );
  }
  return row;
}

/** Changes any of title, year, genre, price, published and the tracklist (replaced as a whole). */
export function updateAlbum(db: MusicDb, id: string, input: UpdateAlbumInput): AlbumDetail {
  const { version, tracks, ...changes } = updateAlbumSchema.parse(input);
  transact(db, (tx) => {
    const row = albumForChange(tx, id, version);
    updateAlbumRow(tx, id, { ...changes, version: row.version + 1, updatedAt: Date.now() });
    if (tracks) replaceTracks(tx, id, tracks);
    announceAlbum(tx, id);
  });
  return getAlbumDetail(db, id) as AlbumDetail;
}

/** Deletes the album: it leaves every page and the store; a tombstone keeps its last version. */
export function deleteAlbum(db: MusicDb, id: string, input: DeleteAlbumInput = {}): void {
  const { version } = deleteAlbumSchema.parse(input);
  transact(db, (tx) => {
    const row = albumForChange(tx, id, version);
    const now = Date.now();
    updateAlbumRow(tx, id, { deletedAt: now, updatedAt: now, version: row.version + 1 });
    announceAlbum(tx, id);
  });
}
