import { describe, expect, it } from "vitest";
import { nightOver, saturated } from "./backdrop";

describe("saturated (CSS saturate() on a colour)", () => {
  it("leaves colours as they are at 1 and greys as they are at any amount", () => {
    expect(saturated("#5b21b6", 1)).toBe("#5b21b6");
    expect(saturated("#808080", 1.5)).toBe("#808080");
    expect(saturated("#07060b", 0)).toBe("#070707");
  });

  it("pushes a colour away from its grey and clamps to the sRGB range", () => {
    // #5b21b6: R 91, G 33, B 182; its luminance grey (0.213, 0.715, 0.072) is 56.1;
    // at 1.5 each channel is 1.5 times as far from it: 108.5, 21.5, 245.
    expect(saturated("#5b21b6", 1.5)).toBe("#6c15f5");
    expect(saturated("#ff0000", 1.5)).toBe("#ff0000");
    expect(saturated("#5b21b6", 0)).toBe("#383838");
  });

  it("refuses what is not #rrggbb", () => {
    expect(() => saturated("red", 1.5)).toThrow(/#rrggbb/);
  });
});

describe("nightOver (the fade and the strength as one layer of night)", () => {
  it("lets (1 - fade) x strength of the light through", () => {
    expect(nightOver(0, 0.4)).toBe(0.6);
    expect(nightOver(0.2, 0.4)).toBe(0.68);
    expect(nightOver(0.75, 0.4)).toBe(0.9);
    expect(nightOver(1, 0.4)).toBe(1);
    expect(nightOver(0.3, 1)).toBe(0.3);
  });
});
