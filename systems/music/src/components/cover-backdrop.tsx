import type { CSSProperties } from "react";
import type { Palette } from "@/domain/cover-art";

/**
 * The wash of colour behind a hero (an album's, an artist's): soft light from the picture's own
 * palette. CSS gradients, not a blurred copy of the picture: headless Chromium (no GPU) spent
 * about a second rasterising the 600-pixel SVG scaled to the page's width under `blur-3xl`,
 * which made it the page's Largest Contentful Paint (issue 15, T6).
 */
export function CoverBackdrop({ palette, className = "" }: { palette: Palette; className?: string }) {
  const [first, second] = palette.shapes;
  const style: CSSProperties = {
    backgroundImage: [
      `radial-gradient(55% 80% at 20% 30%, ${first}, transparent 70%)`,
      `radial-gradient(50% 75% at 80% 20%, ${second}, transparent 70%)`,
      `linear-gradient(135deg, ${palette.from}, ${palette.to})`,
    ].join(", "),
  };
  return <div className={`h-full w-full ${className}`} style={style} />;
}
