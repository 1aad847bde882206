import { describe, expect, it } from "vitest";
import {
  coverStyle,
  initials,
  portraitStyle,
  renderCover,
  renderPortrait,
  titleFontSize,
  wrapTitle,
} from "./cover-art";

const album = {
  id: "0b6a4c1e-8f1d-4c55-9b7e-2d3f4a5b6c7d",
  title: "Harbor Lights",
  artist: "Neon Harbor",
  genre: "Synthwave",
  year: 2022,
};

describe("renderCover", () => {
  it("draws the same cover for the same album, every time", () => {
    expect(renderCover(album)).toBe(renderCover({ ...album }));
  });

  it("draws different covers for different albums", () => {
    const covers = new Set(Array.from({ length: 40 }, (_, i) => renderCover({ ...album, id: `album-${i}` })));
    expect(covers.size).toBe(40);
    const styles = new Set(Array.from({ length: 40 }, (_, i) => coverStyle(`album-${i}`).composition));
    expect(styles.size).toBeGreaterThanOrEqual(4);
  });

  it("is a square SVG that names the album for assistive technology", () => {
    const svg = renderCover(album);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600"')).toBe(true);
    expect(svg).toContain('aria-label="Harbor Lights by Neon Harbor"');
    expect(svg).toContain(">NEON HARBOR</text>");
    expect(svg).toContain(">SYNTHWAVE · 2022</text>");
    expect(svg.endsWith("</svg>")).toBe(true);
  });

  it("escapes markup in titles and names", () => {
    const svg = renderCover({
      ...album,
      title: `<script>alert("x")</script> & more`,
      artist: "Tom & 'Jerry'",
    });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).toContain("TOM &amp; &apos;JERRY&apos;");
  });

  it("never produces NaN coordinates", () => {
    for (let i = 0; i < 200; i++) expect(renderCover({ ...album, id: `id-${i}` })).not.toContain("NaN");
  });
});

describe("cover typography", () => {
  it("wraps long titles on word boundaries into at most three lines", () => {
    expect(wrapTitle("Songs for the Long Drive Home Tonight", 14)).toEqual([
      "Songs for the",
      "Long Drive",
      "Home Tonight",
    ]);
    const lines = wrapTitle("One two three four five six seven eight nine ten eleven twelve", 10);
    expect(lines).toHaveLength(3);
    expect(lines[2]?.endsWith("…")).toBe(true);
    expect(wrapTitle("Supercalifragilisticexpialidocious", 10)).toEqual(["Supercali…"]);
  });

  it("sets short titles larger than long ones", () => {
    expect(titleFontSize("Velvet")).toBeGreaterThan(titleFontSize("Harbor Lights"));
    expect(titleFontSize("Harbor Lights")).toBeGreaterThan(
      titleFontSize("Songs for the Long Drive Home Tonight"),
    );
  });
});

describe("renderPortrait", () => {
  it("is deterministic per artist and shows their initials", () => {
    const artist = { id: "a-1", name: "Juniper & The Lowlands" };
    expect(renderPortrait(artist)).toBe(renderPortrait({ ...artist }));
    expect(renderPortrait(artist)).not.toBe(renderPortrait({ ...artist, id: "a-2" }));
    expect(renderPortrait(artist)).toContain(">JL</text>");
  });

  it("takes initials from the major words of a name", () => {
    expect(initials("Neon Harbor")).toBe("NH");
    expect(initials("The Velvet Static")).toBe("VS");
    expect(initials("MC Halcyon")).toBe("MH");
    expect(initials("Solène Arceneaux")).toBe("SA");
    expect(initials("Björk")).toBe("B");
    expect(initials("The The")).toBe("TT");
  });
});

describe("portraitStyle", () => {
  it("gives the palette the portrait is drawn with (the artist page's backdrop takes its colours)", () => {
    for (let i = 0; i < 20; i++) {
      const id = `artist-${i}`;
      const { palette } = portraitStyle(id);
      const svg = renderPortrait({ id, name: "Neon Harbor" });
      expect(svg).toContain(`stop-color="${palette.from}"`);
      expect(svg).toContain(`stop-color="${palette.to}"`);
    }
  });
});
