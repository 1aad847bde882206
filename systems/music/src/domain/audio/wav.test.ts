import { describe, expect, it } from "vitest";
import { MUSIC_PCM, WAV_HEADER_BYTES, wavFileSize, wavHeader } from "./wav";

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

describe("wavHeader", () => {
  it("describes mono 16-bit PCM at 22.05 kHz with the exact chunk sizes", () => {
    const samples = 30 * MUSIC_PCM.sampleRate;
    const header = wavHeader(samples);
    const view = new DataView(header.buffer);
    expect(header.length).toBe(WAV_HEADER_BYTES);
    expect(ascii(header, 0, 4)).toBe("RIFF");
    expect(view.getUint32(4, true)).toBe(wavFileSize(samples) - 8);
    expect(ascii(header, 8, 8)).toBe("WAVEfmt ");
    expect(view.getUint32(16, true)).toBe(16);
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(1); // mono
    expect(view.getUint32(24, true)).toBe(22_050);
    expect(view.getUint32(28, true)).toBe(44_100); // bytes per second
    expect(view.getUint16(32, true)).toBe(2); // block align
    expect(view.getUint16(34, true)).toBe(16);
    expect(ascii(header, 36, 4)).toBe("data");
    expect(view.getUint32(40, true)).toBe(samples * 2);
  });

  it("sizes a file as header plus two bytes per sample", () => {
    expect(wavFileSize(0)).toBe(44);
    expect(wavFileSize(22_050)).toBe(44 + 44_100);
  });
});
