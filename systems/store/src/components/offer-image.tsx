"use client";
/**
 * An offer's picture, loaded by the browser from the owning shop. If the shop is unreachable or
 * has no picture, a tile drawn here (colour derived from the item id) takes its place.
 */
import { useEffect, useRef, useState } from "react";

interface OfferImageProps {
  src: string;
  alt: string;
  /** Stable seed for the fallback tile's colour. */
  seed: string;
  label: string;
  kind: "catalog" | "music";
  /** A thumbnail: smaller initials on the drawn tile. */
  compact?: boolean;
}

export function hueOf(seed: string): number {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619);
  return (hash >>> 0) % 360;
}

const initials = (text: string) =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");

export function OfferImage({ src, alt, seed, label, kind, compact }: OfferImageProps) {
  const [state, setState] = useState<"loading" | "loaded" | "failed">(src ? "loading" : "failed");
  const ref = useRef<HTMLImageElement>(null);
  useEffect(() => {
    // The image may have settled before hydration, when no listener was attached yet.
    const img = ref.current;
    if (img?.complete) setState(img.naturalWidth > 0 ? "loaded" : "failed");
  }, []);
  const hue = hueOf(seed);
  return (
    <div className="relative aspect-square overflow-hidden bg-ink-100">
      <div
        aria-hidden
        className="absolute inset-0 grid place-items-center"
        style={{
          background: `linear-gradient(140deg, hsl(${hue} 70% 92%), hsl(${(hue + 40) % 360} 60% 80%))`,
        }}
      >
        <span
          className={`grid place-items-center font-semibold tracking-wide ${
            compact ? "size-9 text-xs" : "size-20 text-2xl"
          } ${kind === "music" ? "rounded-full" : compact ? "rounded-lg" : "rounded-2xl"}`}
          style={{ background: `hsl(${hue} 45% 30% / 0.9)`, color: `hsl(${hue} 80% 95%)` }}
        >
          {initials(label) || "•"}
        </span>
      </div>
      {state !== "failed" && (
        // biome-ignore lint/performance/noImgElement: images come from the owning shop's origin, not from store
        <img
          ref={ref}
          src={src}
          alt={alt}
          loading="lazy"
          decoding="async"
          onLoad={() => setState("loaded")}
          onError={() => setState("failed")}
          // Invisible until loaded: a broken image never shows, the tile underneath does.
          className={`absolute inset-0 size-full object-cover transition duration-500 group-hover:scale-[1.03] ${
            state === "loaded" ? "opacity-100" : "opacity-0"
          }`}
        />
      )}
    </div>
  );
}
