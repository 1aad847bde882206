/**
 * GET|HEAD /audio/tracks/{id}/full.wav — the whole track, for owners of its album only
 * (401 signed out, 403 otherwise; Range supported).
 */
import { trackAudioRoute } from "@/lib/track-audio-route";

export const dynamic = "force-dynamic";

export const GET = trackAudioRoute("full");
export const HEAD = GET;
