/**
 * The WAV container music serves its generated audio in: RIFF/WAVE, one `fmt ` chunk (PCM) and one
 * `data` chunk, so the file is a 44-byte header followed by the samples (16-bit little-endian).
 */

export const WAV_HEADER_BYTES = 44;

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: 16;
}

/** Mono 16-bit at 22.05 kHz: 44.1 kB per second, plenty for a synthesised preview. */
export const MUSIC_PCM: PcmFormat = { sampleRate: 22_050, channels: 1, bitsPerSample: 16 };

export const bytesPerSample = (format: PcmFormat) => (format.bitsPerSample / 8) * format.channels;

/** Size of a WAV file holding `samples` sample frames. */
export const wavFileSize = (samples: number, format: PcmFormat = MUSIC_PCM) =>
  WAV_HEADER_BYTES + samples * bytesPerSample(format);

/** The 44-byte header of a PCM WAV file whose data chunk holds `samples` sample frames. */
export function wavHeader(samples: number, format: PcmFormat = MUSIC_PCM): Uint8Array {
  const dataBytes = samples * bytesPerSample(format);
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, "RIFF");
  view.setUint32(4, WAV_HEADER_BYTES - 8 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // size of the fmt chunk
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * bytesPerSample(format), true); // byte rate
  view.setUint16(32, bytesPerSample(format), true); // block align
  view.setUint16(34, format.bitsPerSample, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  return header;
}
