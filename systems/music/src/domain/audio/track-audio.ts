/**
 * A track's audio as a virtual WAV file: its size and any byte range of it, rendered on demand.
 * Rendered stretches are kept in a process-wide LRU cache of 64 KiB blocks (bounded in bytes), so
 * a preview played by many listeners, or re-read by a seeking player, is synthesised once.
 */
import { LruCache } from "@/lib/lru";
import { planFor, renderSamples, SYNTH_VERSION, type SynthPlan } from "./synth";
import { bytesPerSample, MUSIC_PCM, WAV_HEADER_BYTES, wavFileSize, wavHeader } from "./wav";

/** Everyone may listen to this much of every track; owners hear it all. */
export const PREVIEW_SECONDS = 30;

export type AudioKind = "preview" | "full";

/** How long the audio of that kind lasts for a track of `durationSeconds`. */
export const audioSeconds = (kind: AudioKind, durationSeconds: number) =>
  kind === "preview" ? Math.min(PREVIEW_SECONDS, durationSeconds) : durationSeconds;

export interface TrackAudio {
  trackId: string;
  samples: number;
  /** Bytes of the whole WAV file. */
  size: number;
  /** Strong validator: the bytes depend only on the track id, the length and the synthesiser. */
  etag: string;
}

export function trackAudio(trackId: string, seconds: number): TrackAudio {
  const samples = Math.round(seconds * MUSIC_PCM.sampleRate);
  return {
    trackId,
    samples,
    size: wavFileSize(samples),
    etag: `"${trackId}-${samples}-s${SYNTH_VERSION}"`,
  };
}

const BLOCK_SAMPLES = 32_768;
const BYTES_PER_SAMPLE = bytesPerSample(MUSIC_PCM);
const BLOCK_BYTES = BLOCK_SAMPLES * BYTES_PER_SAMPLE;

const slot = globalThis as unknown as {
  __musicAudioBlocks?: LruCache<string, Uint8Array>;
  __musicAudioPlans?: LruCache<string, SynthPlan>;
};
/** 64 MiB of rendered audio: about 25 minutes at 22.05 kHz. */
slot.__musicAudioBlocks ??= new LruCache(64 * 1024 * 1024, (b) => b.byteLength);
slot.__musicAudioPlans ??= new LruCache(512);
const blocks = slot.__musicAudioBlocks;
const plans = slot.__musicAudioPlans;

/** Little-endian PCM bytes of one block (the last block of a file may be shorter). */
function block(audio: TrackAudio, index: number): Uint8Array {
  return blocks.getOrCreate(`${audio.trackId}:${audio.samples}:${index}`, () => {
    const plan = plans.getOrCreate(audio.trackId, () => planFor(audio.trackId));
    const pcm = renderSamples(plan, index * BLOCK_SAMPLES, BLOCK_SAMPLES, audio.samples);
    const bytes = new Uint8Array(pcm.length * BYTES_PER_SAMPLE);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < pcm.length; i++) view.setInt16(i * 2, pcm[i] ?? 0, true);
    return bytes;
  });
}

/** Bytes `start`…`end` (both included) of the track's WAV file. */
export function readAudioBytes(audio: TrackAudio, start: number, end: number): Uint8Array {
  const last = Math.min(end, audio.size - 1);
  const out = new Uint8Array(Math.max(0, last - start + 1));
  let position = start;
  if (position < WAV_HEADER_BYTES && position <= last) {
    const header = wavHeader(audio.samples).subarray(position, Math.min(WAV_HEADER_BYTES, last + 1));
    out.set(header, 0);
    position += header.length;
  }
  while (position <= last) {
    const data = position - WAV_HEADER_BYTES;
    const index = Math.floor(data / BLOCK_BYTES);
    const offset = data - index * BLOCK_BYTES;
    const bytes = block(audio, index);
    const piece = bytes.subarray(offset, Math.min(bytes.length, offset + (last - position + 1)));
    if (piece.length === 0) break;
    out.set(piece, position - start);
    position += piece.length;
  }
  return out;
}

/**
 * The same bytes as a stream, rendered as the client reads them (a player buffering a three-hour
 * track pulls it block by block instead of the server rendering it all up front).
 */
export function audioStream(audio: TrackAudio, start: number, end: number): ReadableStream<Uint8Array> {
  let position = start;
  const last = Math.min(end, audio.size - 1);
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (position > last) {
          controller.close();
          return;
        }
        // Up to the end of the current block, so each chunk touches one cached block.
        const blockEnd =
          position < WAV_HEADER_BYTES
            ? WAV_HEADER_BYTES + BLOCK_BYTES - 1
            : WAV_HEADER_BYTES +
              (Math.floor((position - WAV_HEADER_BYTES) / BLOCK_BYTES) + 1) * BLOCK_BYTES -
              1;
        const chunkEnd = Math.min(last, blockEnd);
        controller.enqueue(readAudioBytes(audio, position, chunkEnd));
        position = chunkEnd + 1;
      },
    },
    { highWaterMark: 2 },
  );
}
