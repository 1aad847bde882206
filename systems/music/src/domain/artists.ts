/**
 * Artists: created on their own (back office, seed) or on the fly when an album names an artist
 * that does not exist yet. Names are unique whatever their case. The name is part of every
 * album's event, so renaming an artist re-announces their albums.
 */
import { transact } from "@scs/messaging/outbox";
import { z } from "zod";
import type { Conn, MusicDb } from "@/db/client";
import {
  type ArtistRow,
  findArtist,
  findArtistByName,
  insertArtist,
  updateArtistRow,
} from "@/db/queries/artists";
import { reannounceAlbumsOfArtist } from "./album-events";
import { ConflictError, NotFoundError } from "./errors";

export const artistNameSchema = z
  .string({ error: "Enter the artist's name" })
  .trim()
  .min(1, "Enter the artist's name")
  .max(200, "Keep the name under 200 characters");

/** Where an artist's generated portrait is served. */
export const portraitPath = (artistId: string) => `/images/artists/${encodeURIComponent(artistId)}.svg`;

export const createArtistSchema = z.object({
  name: artistNameSchema,
  bio: z.string().trim().max(2000, "Keep the biography under 2,000 characters").default(""),
});
export type CreateArtistInput = z.input<typeof createArtistSchema>;

/** The back office's artist editor: name and biography, with the version edited (else 409). */
export const updateArtistSchema = createArtistSchema.extend({ version: z.int().positive().optional() });
export type UpdateArtistInput = z.input<typeof updateArtistSchema>;

function newArtist(conn: Conn, name: string, bio: string, now: number): ArtistRow {
  const row: ArtistRow = { id: crypto.randomUUID(), name, bio, version: 1, createdAt: now, updatedAt: now };
  insertArtist(conn, row);
  return row;
}

export function createArtist(db: MusicDb, input: CreateArtistInput): ArtistRow {
  const { name, bio } = createArtistSchema.parse(input);
  return transact(db, (tx) => {
    const existing = findArtistByName(tx, name);
    if (existing) throw new ConflictError(`There is already an artist called “${existing.name}”.`);
    return newArtist(tx, name, bio, Date.now());
  });
}

/** The artist of that name (any case), created without a biography when there is none yet. */
export function findOrCreateArtist(conn: Conn, name: string, now = Date.now()): ArtistRow {
  return findArtistByName(conn, name) ?? newArtist(conn, name, "", now);
}

/** Renames the artist and/or changes their biography; a new name reaches the store with every album. */
export function updateArtist(db: MusicDb, id: string, input: UpdateArtistInput): ArtistRow {
  const { name, bio, version } = updateArtistSchema.parse(input);
  return transact(db, (tx) => {
    const artist = findArtist(tx, id);
    if (!artist) throw new NotFoundError("No such artist");
    if (version !== undefined && version !== artist.version) {
      throw new ConflictError(
        `${artist.name} was changed in the meantime (now version ${artist.version}, you edited version ${version}). Reload and try again.`,
      );
    }
    const namesake = findArtistByName(tx, name);
    if (namesake && namesake.id !== id) {
      throw new ConflictError(`There is already an artist called “${namesake.name}”.`);
    }
    const now = Date.now();
    const updated: ArtistRow = { ...artist, name, bio, version: artist.version + 1, updatedAt: now };
    updateArtistRow(tx, id, { name, bio, version: updated.version, updatedAt: now });
    if (name !== artist.name) reannounceAlbumsOfArtist(tx, id, now);
    return updated;
  });
}
