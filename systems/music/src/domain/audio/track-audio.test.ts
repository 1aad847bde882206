import { describe, expect, it } from "vitest";
import { audioSeconds, audioStream, PREVIEW_SECONDS, readAudioBytes, trackAudio } from "./track-audio";
import { wavHeader } from "./wav";

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("track audio", () => {
  it("lasts 30 s as a preview (or less for short tracks) and the whole track in full", () => {
    expect(PREVIEW_SECONDS).toBe(30);
    expect(audioSeconds("preview", 245)).toBe(30);
    expect(audioSeconds("preview", 12)).toBe(12);
    expect(audioSeconds("full", 245)).toBe(245);
    expect(trackAudio("t", 30).size).toBe(44 + 30 * 22_050 * 2);
    expect(trackAudio("t", 245).size).toBe(44 + 245 * 22_050 * 2);
  });

  it("is a WAV file whose header states its own length", () => {
    const audio = trackAudio("t-header", 30);
    const bytes = readAudioBytes(audio, 0, 43);
    expect(bytes).toEqual(wavHeader(audio.samples));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(4, true) + 8).toBe(audio.size);
    expect(view.getUint32(40, true) + 44).toBe(audio.size);
  });

  it("answers any byte range with the same bytes as the whole file, across blocks and the header", async () => {
    const audio = trackAudio("t-ranges", 5);
    const whole = readAudioBytes(audio, 0, audio.size - 1);
    expect(whole).toHaveLength(audio.size);
    for (const [start, end] of [
      [0, 0],
      [10, 100],
      [43, 44],
      [45, 46], // odd byte offsets split a sample
      [65_000, 140_000], // crosses a 64 KiB block boundary
      [audio.size - 3, audio.size - 1],
    ] as const) {
      expect(same(readAudioBytes(audio, start, end), whole.subarray(start, end + 1)), `${start}-${end}`).toBe(
        true,
      );
    }
    expect(same(await readAll(audioStream(audio, 0, audio.size - 1)), whole)).toBe(true);
    expect(same(await readAll(audioStream(audio, 1001, 200_000)), whole.subarray(1001, 200_001))).toBe(true);
  });

  it("renders the same bytes every time and per track", () => {
    const a = trackAudio("t-same", 2);
    expect(
      same(readAudioBytes(a, 0, a.size - 1), readAudioBytes(trackAudio("t-same", 2), 0, a.size - 1)),
    ).toBe(true);
    expect(trackAudio("t-same", 2).etag).toBe(a.etag);
    expect(trackAudio("t-other", 2).etag).not.toBe(a.etag);
    expect(trackAudio("t-same", 3).etag).not.toBe(a.etag);
  });
});
