import type { Palette } from "@/domain/cover-art";
import { type BackdropLight, backdropImage } from "@/lib/backdrop";

/**
 * The wash of colour behind a hero (an album's, an artist's): soft light from the picture's own
 * palette fading into the night at the hero's foot. CSS gradients, not a blurred copy of the
 * picture: headless Chromium (no GPU) spent about a second rasterising the 600-pixel SVG scaled to
 * the page's width under `blur-3xl`, which made it the page's Largest Contentful Paint (issue 15,
 * T6). One element with one stack of gradients and nothing else: an element with `opacity` or a
 * `saturate()` filter is painted into a layer of its own first, and a fade over it is a second
 * full-size layer, all of it rasterised in software before the page's first frame shows. The
 * saturation is applied to the colours here and the strength and the fade are one layer of night
 * on top, which paints the same picture (the same maths, done once per colour instead of per pixel).
 */
export function CoverBackdrop({ palette, light }: { palette: Palette; light: BackdropLight }) {
  return (
    <div
      aria-hidden="true"
      className="absolute inset-0 -z-10"
      style={{ backgroundImage: backdropImage(palette, light) }}
    />
  );
}
