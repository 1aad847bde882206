/**
 * Serving a track's generated WAV over HTTP the way media players expect: `Accept-Ranges: bytes`,
 * 206 with `Content-Range` for a byte range, 416 for a range outside the file, `If-Range` and
 * `If-None-Match` against a strong ETag, HEAD without a body. The body is rendered as it is read.
 */
import { jsonError } from "@scs/web/api";
import { contentRange, parseRange, unsatisfiedRange } from "@/domain/audio/range";
import { audioStream, type TrackAudio } from "@/domain/audio/track-audio";

export interface AudioResponseOptions {
  cacheControl: string;
  /** Shown by the browser when the file is saved ("01 Night Shift (preview).wav"). */
  filename: string;
}

/** `inline; filename="…"; filename*=UTF-8''…`, with a plain ASCII fallback. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function audioResponse(request: Request, audio: TrackAudio, options: AudioResponseOptions): Response {
  const headers = new Headers({
    "content-type": "audio/wav",
    "accept-ranges": "bytes",
    etag: audio.etag,
    "cache-control": options.cacheControl,
    "content-disposition": contentDisposition(options.filename),
    "x-content-type-options": "nosniff",
  });
  const rangeHeader = request.headers.get("range");
  const ifRange = request.headers.get("if-range");
  // A Range is honoured only for the representation the client already has (If-Range).
  const range =
    ifRange !== null && ifRange !== audio.etag
      ? { kind: "whole" as const }
      : parseRange(rangeHeader, audio.size);

  if (range.kind === "whole" && matches(request.headers.get("if-none-match"), audio.etag)) {
    return new Response(null, { status: 304, headers });
  }
  if (range.kind === "unsatisfiable") {
    const response = jsonError(416, `Range not satisfiable: the file has ${audio.size} bytes`);
    response.headers.set("content-range", unsatisfiedRange(audio.size));
    response.headers.set("accept-ranges", "bytes");
    return response;
  }
  const [start, end, status] =
    range.kind === "partial" ? [range.start, range.end, 206] : [0, audio.size - 1, 200];
  headers.set("content-length", String(end - start + 1));
  if (status === 206) headers.set("content-range", contentRange(start, end, audio.size));
  const body = request.method === "HEAD" ? null : audioStream(audio, start, end);
  return new Response(body, { status, headers });
}

/** If-None-Match: "*" or a list of ETags (weak ones compared weakly, as RFC 9110 says). */
function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
