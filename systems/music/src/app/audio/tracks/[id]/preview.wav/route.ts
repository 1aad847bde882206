/** GET|HEAD /audio/tracks/{id}/preview.wav — the first 30 s of the track, for everybody (Range supported). */
import { trackAudioRoute } from "@/lib/track-audio-route";

export const dynamic = "force-dynamic";

export const GET = trackAudioRoute("preview");
export const HEAD = GET;
