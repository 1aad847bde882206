import { describe, expect, it } from "vitest";
import { segment } from "./path-param";

describe("segment", () => {
  it("decodes percent-encoding and leaves malformed input as it came", () => {
    expect(segment("p%201")).toBe("p 1");
    expect(segment("%E0%A4%A")).toBe("%E0%A4%A");
    expect(segment("plain")).toBe("plain");
  });
});
