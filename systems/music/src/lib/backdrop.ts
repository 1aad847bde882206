/**
 * The light behind music's heroes (see components/cover-backdrop.tsx) as one CSS background: the
 * picture's palette, saturated, under one layer of night that sets its strength and fades it out.
 */
import type { Palette } from "@/domain/cover-art";

/** The page's ground (`--color-night-950` of globals.css): what the hero's light fades into. */
const NIGHT = "7 6 11";

export interface BackdropLight {
  /** How much of the palette's light shows over the night (0–1). */
  strength: number;
  /** CSS `saturate()` amount for the palette's colours (1: as they are). */
  saturate?: number;
  /** How much night covers the light at the top and halfway down (0–1); at the bottom it is full. */
  fade: readonly [top: number, middle: number];
}

/** The hero's background: night over the palette's two lights over its diagonal. */
export function backdropImage(palette: Palette, light: BackdropLight): string {
  const colour = (hex: string) => saturated(hex, light.saturate ?? 1);
  const [top, middle] = light.fade.map((fade) => nightOver(fade, light.strength));
  return [
    `linear-gradient(rgb(${NIGHT} / ${top}), rgb(${NIGHT} / ${middle}), rgb(${NIGHT}))`,
    `radial-gradient(55% 80% at 20% 30%, ${colour(palette.shapes[0])}, transparent 70%)`,
    `radial-gradient(50% 75% at 80% 20%, ${colour(palette.shapes[1])}, transparent 70%)`,
    `linear-gradient(135deg, ${colour(palette.from)}, ${colour(palette.to)})`,
  ].join(", ");
}

/**
 * The alpha of one layer of night that paints what `fade` of night over the light at `strength`
 * over the night does: the light shows with (1 − fade) × strength either way. Linear in `fade`,
 * so a gradient between two of these equals the two layers' gradients one over the other.
 */
export function nightOver(fade: number, strength: number): number {
  return round3(1 - (1 - fade) * strength);
}

/**
 * `#rrggbb` through CSS `saturate(amount)`, as `#rrggbb`: Filter Effects 1's feColorMatrix
 * "saturate" on sRGB values, which moves each channel away from (or towards) the colour's
 * luminance grey by `amount`, clamped.
 */
export function saturated(hex: string, amount: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((h) => Number.parseInt(h, 16)) as [number, number, number];
  const grey = 0.213 * r + 0.715 * g + 0.072 * b;
  const channel = (c: number) => Math.round(Math.min(255, Math.max(0, grey + amount * (c - grey))));
  return `#${[r, g, b].map((c) => channel(c).toString(16).padStart(2, "0")).join("")}`;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
