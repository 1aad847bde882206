/**
 * Demo data for a fresh music database: `npm run seed -w @scs/music` (cwd = systems/music, same
 * environment as the server), run before the server starts. Idempotent: it adds nothing once the
 * database holds any artist. Everything goes through the domain functions, so every album's
 * event is in the outbox and reaches the store as soon as the relay runs.
 */
import path from "node:path";
import { getDb } from "@/db/client";
import { countArtists } from "@/db/queries/artists";
import { createAlbum } from "@/domain/albums";
import { createArtist } from "@/domain/artists";
import { env } from "@/env";
import { parseDuration } from "@/lib/format";
import { demoAlbums, demoArtists } from "./demo-catalogue";

function seed() {
  const file = path.resolve(env.DATA_DIR, "music.sqlite");
  const db = getDb();
  try {
    if (countArtists(db) > 0) {
      console.log(`[music] seed: ${file} already has data, nothing to do`);
      return;
    }
    for (const artist of demoArtists) createArtist(db, artist);
    for (const album of demoAlbums) {
      createAlbum(db, {
        title: album.title,
        artist: album.artist,
        year: album.year,
        genre: album.genre,
        priceCents: album.price,
        published: album.published ?? true,
        tracks: album.tracks.map(([title, duration]) => ({
          title,
          durationSeconds: parseDuration(duration),
        })),
      });
    }
    console.log(
      `[music] seed: ${demoArtists.length} artists and ${demoAlbums.length} albums added to ${file}`,
    );
  } finally {
    db.$client.close();
  }
}

seed();
