import { describe, expect, it } from "vitest";
import { contentRange, parseRange, unsatisfiedRange } from "./range";

describe("parseRange", () => {
  const size = 1000;

  it("sends the whole file without a Range header", () => {
    expect(parseRange(null, size)).toEqual({ kind: "whole" });
    expect(parseRange(undefined, size)).toEqual({ kind: "whole" });
  });

  it("reads the ranges players ask for", () => {
    expect(parseRange("bytes=0-", size)).toEqual({ kind: "partial", start: 0, end: 999 });
    expect(parseRange("bytes=0-1", size)).toEqual({ kind: "partial", start: 0, end: 1 });
    expect(parseRange("bytes=500-599", size)).toEqual({ kind: "partial", start: 500, end: 599 });
    expect(parseRange("bytes=999-999", size)).toEqual({ kind: "partial", start: 999, end: 999 });
    expect(parseRange("Bytes = 10-20", size)).toEqual({ kind: "partial", start: 10, end: 20 });
  });

  it("clamps an end past the file, and reads suffix ranges", () => {
    expect(parseRange("bytes=900-5000", size)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseRange("bytes=-100", size)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseRange("bytes=-5000", size)).toEqual({ kind: "partial", start: 0, end: 999 });
  });

  it("refuses ranges outside the file or malformed (416)", () => {
    for (const header of [
      "bytes=1000-",
      "bytes=1000-1001",
      "bytes=5-2",
      "bytes=-0",
      "bytes=-",
      "bytes=abc",
      "bytes=1-2-3",
      "bytes=",
      "bytes=0-1,x",
    ]) {
      expect(parseRange(header, size), header).toEqual({ kind: "unsatisfiable" });
    }
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("ignores other units and multiple ranges (the whole file is sent)", () => {
    expect(parseRange("items=0-5", size)).toEqual({ kind: "whole" });
    expect(parseRange("bytes=0-1,5-9", size)).toEqual({ kind: "whole" });
  });

  it("formats Content-Range", () => {
    expect(contentRange(0, 99, 1000)).toBe("bytes 0-99/1000");
    expect(unsatisfiedRange(1000)).toBe("bytes */1000");
  });
});
