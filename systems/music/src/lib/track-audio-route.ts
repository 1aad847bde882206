/**
 * The two audio routes, `/audio/tracks/{id}/preview.wav` and `/audio/tracks/{id}/full.wav`: look
 * the track up, decide with `mayListen` whether this listener may hear it, and serve the WAV.
 */
import { ApiError, apiRoute } from "@scs/web/api";
import { getRequestSession, isAdmin } from "@/auth/session";
import { getDb } from "@/db/client";
import { findTrackWithAlbum } from "@/db/queries/tracks";
import { type AudioKind, audioSeconds, trackAudio } from "@/domain/audio/track-audio";
import { ownsAlbum } from "@/domain/library";
import { mayListen } from "@/domain/listening";
import { audioResponse } from "./audio-response";

type Context = { params: Promise<{ id: string }> };

const trackIdPattern = /^[\w-]{1,100}$/;

export function trackAudioRoute(kind: AudioKind) {
  return apiRoute<Context>(`/audio/tracks/[id]/${kind}.wav`, async (request, { params }) => {
    const { id } = await params;
    const db = getDb();
    const track = trackIdPattern.test(id) ? findTrackWithAlbum(db, id) : undefined;
    if (!track) throw new ApiError(404, "No such track");
    const session = await getRequestSession(request);
    const decision = mayListen({
      kind,
      album: track,
      signedIn: session !== null,
      isAdmin: isAdmin(session),
      owner: session !== null && ownsAlbum(db, session.sub, track.albumId),
    });
    if (!decision.allowed) throw new ApiError(decision.status, decision.message);

    const audio = trackAudio(track.id, audioSeconds(kind, track.durationSeconds));
    const number = String(track.position).padStart(2, "0");
    const filename = `${number} ${track.title}${kind === "preview" ? " (preview)" : ""}.wav`;
    // Previews of albums on sale are the same for everybody; anything else is the listener's own.
    const shared = kind === "preview" && track.published && track.deletedAt === null;
    return audioResponse(request, audio, {
      filename,
      cacheControl: shared ? "public, max-age=3600" : "private, max-age=3600",
    });
  });
}
