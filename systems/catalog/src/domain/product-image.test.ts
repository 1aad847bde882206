import { describe, expect, it } from "vitest";
import { categories } from "./categories";
import { hashString, initialsOf, productImageSvg } from "./product-image";

const subject = { id: "stoneware-mug-k3f9q", title: "Stoneware Mug", category: "home-kitchen" };

describe("productImageSvg", () => {
  it("draws the same picture for the same product every time", () => {
    expect(productImageSvg(subject)).toBe(productImageSvg({ ...subject }));
  });

  it("draws different pictures for different ids of the same title", () => {
    expect(productImageSvg(subject)).not.toBe(productImageSvg({ ...subject, id: "stoneware-mug-zz2a8" }));
  });

  it("is a standalone, square SVG document titled with the product", () => {
    const svg = productImageSvg(subject);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('viewBox="0 0 600 600"');
    expect(svg).toContain("<title>Stoneware Mug</title>");
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("escapes the title so it cannot inject markup", () => {
    const svg = productImageSvg({ ...subject, title: `Pots & <script>alert("x")</script>` });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("Pots &amp; &lt;script&gt;");
  });

  it("uses each category's own palette", () => {
    const backgrounds = categories.map((c) => {
      const svg = productImageSvg({ id: "same-id", title: "Thing", category: c.slug });
      return /stop-color="(#[0-9a-f]{6})"/.exec(svg)?.[1];
    });
    expect(new Set(backgrounds).size).toBe(categories.length);
  });

  it("draws something for an unknown category instead of failing", () => {
    expect(productImageSvg({ ...subject, category: "gardening" })).toContain("</svg>");
  });

  it("only emits finite coordinates", () => {
    for (const c of categories) {
      for (let i = 0; i < 20; i++) {
        const svg = productImageSvg({ id: `p-${i}`, title: `Item ${i}`, category: c.slug });
        expect(svg).not.toMatch(/NaN|undefined|Infinity/);
      }
    }
  });
});

describe("initialsOf", () => {
  it("takes the first letters of the first two meaningful words", () => {
    expect(initialsOf("The Stoneware Mug")).toBe("SM");
    expect(initialsOf("Field Guide to Birds")).toBe("FG");
    expect(initialsOf("crème brûlée set")).toBe("CB");
  });
  it("falls back to a dot when there are no letters", () => {
    expect(initialsOf("—")).toBe("·");
  });
});

describe("hashString", () => {
  it("is stable", () => {
    expect(hashString("abc")).toBe(hashString("abc"));
    expect(hashString("abc")).not.toBe(hashString("abd"));
  });
});
