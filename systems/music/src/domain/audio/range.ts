/**
 * HTTP Range requests (RFC 9110 §14) for music's audio, so that the browser's player can seek.
 * One byte range per request: what media players ask for. A Range header in another unit, or with
 * several ranges, is ignored (the whole file is sent, as the RFC allows); a `bytes=` range that is
 * malformed or lies outside the file is answered with 416.
 */

export type RangeRequest =
  /** Send the whole file (200). */
  | { kind: "whole" }
  /** Send bytes `start`…`end`, both included (206). */
  | { kind: "partial"; start: number; end: number }
  /** 416 Range Not Satisfiable, with `Content-Range: bytes *\/size`. */
  | { kind: "unsatisfiable" };

const spec = /^(\d*)-(\d*)$/;

/** Reads a Range header against a representation of `size` bytes. */
export function parseRange(header: string | null | undefined, size: number): RangeRequest {
  if (header === null || header === undefined) return { kind: "whole" };
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return { kind: "whole" };
  const specs = (match[1] ?? "").split(",").map((s) => s.trim());
  if (specs.length > 1) {
    // Several ranges: valid ones are ignored (whole file), broken ones are still an error.
    return specs.every((s) => spec.test(s) && s !== "-") ? { kind: "whole" } : { kind: "unsatisfiable" };
  }
  const parts = spec.exec(specs[0] ?? "");
  if (!parts) return { kind: "unsatisfiable" };
  const [, first = "", last = ""] = parts;
  if (first === "" && last === "") return { kind: "unsatisfiable" };
  if (size <= 0) return { kind: "unsatisfiable" };
  if (first === "") {
    // "bytes=-500": the last 500 bytes (all of them if the file is shorter).
    const suffix = Number(last);
    if (suffix === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || end < start || start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(end, size - 1) };
}

/** `Content-Range` of a partial answer: "bytes 0-99/1000". */
export const contentRange = (start: number, end: number, size: number) => `bytes ${start}-${end}/${size}`;

/** `Content-Range` of a 416 answer: "bytes *\/1000". */
export const unsatisfiedRange = (size: number) => `bytes */${size}`;
