/**
 * Generated artwork: every album gets its own abstract cover and every artist a portrait, drawn
 * as SVG from a seed derived from the id. Same id, same picture (no stored or downloaded
 * assets); the album's title and artist are set in type on the cover.
 */

export interface CoverInput {
  id: string;
  title: string;
  artist: string;
  genre?: string;
  year?: number;
}

export interface PortraitInput {
  id: string;
  name: string;
}

const SIZE = 600;
const SANS = `'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif`;
const MONO = `ui-monospace, 'SFMono-Regular', Menlo, 'DejaVu Sans Mono', monospace`;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** FNV-1a, 32 bits. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small, fast, well-spread PRNG; returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly next: () => number) {}
  float(min = 0, max = 1) {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number) {
    return Math.floor(this.float(min, max + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number) {
    return this.next() < p;
  }
}

/** murmur3's finaliser: spreads ids that differ in a character or two over the whole range. */
export function mix(hash: number): number {
  let h = hash >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------------------------------------
// Palettes: background gradient, three shape colours, type colour, and whether it is light

export interface Palette {
  name: string;
  from: string;
  to: string;
  shapes: [string, string, string];
  ink: string;
  light: boolean;
}

export const palettes: readonly Palette[] = [
  {
    name: "ultraviolet",
    from: "#12042e",
    to: "#5b21b6",
    shapes: ["#f472b6", "#22d3ee", "#facc15"],
    ink: "#ffffff",
    light: false,
  },
  {
    name: "sunset",
    from: "#ff5f6d",
    to: "#ffc371",
    shapes: ["#3b0764", "#ff9ff3", "#0fb9b1"],
    ink: "#1b1035",
    light: true,
  },
  {
    name: "deep-sea",
    from: "#0f2027",
    to: "#2c5364",
    shapes: ["#00d2ff", "#f7b733", "#fc4a1a"],
    ink: "#f8fafc",
    light: false,
  },
  {
    name: "acid",
    from: "#050505",
    to: "#1f2937",
    shapes: ["#a3e635", "#f43f5e", "#38bdf8"],
    ink: "#f5f5f5",
    light: false,
  },
  {
    name: "peach",
    from: "#ffecd2",
    to: "#fcb69f",
    shapes: ["#ff006e", "#3a86ff", "#8338ec"],
    ink: "#1f1147",
    light: true,
  },
  {
    name: "lime",
    from: "#d4fc79",
    to: "#96e6a1",
    shapes: ["#0b3d2e", "#ff5d8f", "#233dff"],
    ink: "#0b1b14",
    light: true,
  },
  {
    name: "ember",
    from: "#1a0010",
    to: "#7a0019",
    shapes: ["#ff7b00", "#ffd000", "#ff006e"],
    ink: "#fff3e0",
    light: false,
  },
  {
    name: "glacier",
    from: "#e0eafc",
    to: "#b8c6ef",
    shapes: ["#0f172a", "#6366f1", "#ec4899"],
    ink: "#0f172a",
    light: true,
  },
  {
    name: "nightclub",
    from: "#240046",
    to: "#9d0191",
    shapes: ["#ff9e00", "#00f5d4", "#fee440"],
    ink: "#ffffff",
    light: false,
  },
  {
    name: "pine",
    from: "#04261a",
    to: "#17694c",
    shapes: ["#f1c40f", "#ff7eb3", "#e8f1f2"],
    ink: "#f4f1de",
    light: false,
  },
  {
    name: "citrus",
    from: "#fff200",
    to: "#ff7a00",
    shapes: ["#111111", "#e4007c", "#ffffff"],
    ink: "#111111",
    light: true,
  },
  {
    name: "noir",
    from: "#0b0b0f",
    to: "#26262e",
    shapes: ["#e11d48", "#fafafa", "#a78bfa"],
    ink: "#fafafa",
    light: false,
  },
];

// ---------------------------------------------------------------------------------------------
// Compositions: each draws into the 600×600 square with the palette, using ids prefixed by `uid`

type Composition = (dice: Dice, p: Palette, uid: string) => { defs: string; body: string };

const orbits: Composition = (dice, p, uid) => {
  const cx = dice.float(180, 420);
  const cy = dice.float(140, 330);
  const r = dice.float(120, 190);
  const rings = Array.from({ length: dice.int(3, 6) }, (_, i) => {
    const rr = r + 26 + i * dice.float(18, 34);
    return `<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(rr)}" fill="none" stroke="${p.shapes[i % 3]}" stroke-width="${r1(dice.float(1.5, 5))}" stroke-opacity="${r1(dice.float(0.35, 0.9))}"${dice.chance(0.4) ? ` stroke-dasharray="${dice.int(2, 14)} ${dice.int(6, 22)}"` : ""}/>`;
  }).join("");
  const moons = Array.from({ length: dice.int(2, 5) }, () => {
    const angle = dice.float(0, Math.PI * 2);
    const dist = r + dice.float(40, 150);
    return `<circle cx="${r1(cx + Math.cos(angle) * dist)}" cy="${r1(cy + Math.sin(angle) * dist)}" r="${r1(dice.float(6, 26))}" fill="${dice.pick(p.shapes)}"/>`;
  }).join("");
  return {
    defs: `<radialGradient id="${uid}-orb" cx="35%" cy="30%" r="75%"><stop offset="0" stop-color="${p.shapes[1]}"/><stop offset="0.55" stop-color="${p.shapes[0]}"/><stop offset="1" stop-color="${p.to}"/></radialGradient>`,
    body: `${rings}<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(r)}" fill="url(#${uid}-orb)"/>${moons}`,
  };
};

const stripes: Composition = (dice, p, uid) => {
  const angle = dice.pick([-45, -30, -15, 15, 30, 45, 60]);
  const bands: string[] = [];
  let y = -400;
  let i = 0;
  while (y < 1000) {
    const h = dice.float(14, 70);
    if (i % 2 === 0)
      bands.push(
        `<rect x="-400" y="${r1(y)}" width="1400" height="${r1(h)}" fill="${p.shapes[(i / 2) % 3]}"/>`,
      );
    y += h + dice.float(8, 40);
    i++;
  }
  const cx = dice.float(170, 430);
  const cy = dice.float(150, 330);
  const r = dice.float(120, 200);
  return {
    defs: `<clipPath id="${uid}-disc"><circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(r)}"/></clipPath>`,
    body:
      `<g opacity="0.28" transform="rotate(${angle} 300 300)">${bands.join("")}</g>` +
      `<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(r)}" fill="${p.from}"/>` +
      `<g clip-path="url(#${uid}-disc)"><g transform="rotate(${angle + 90} 300 300)">${bands.join("")}</g></g>`,
  };
};

const bauhaus: Composition = (dice, p) => {
  const n = dice.pick([3, 4, 4, 5]);
  const cell = SIZE / n;
  const tiles: string[] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const x = col * cell;
      const y = row * cell;
      const fill = dice.pick(p.shapes);
      const kind = dice.int(0, 5);
      const corner = dice.int(0, 3);
      const cxq = x + (corner % 2) * cell;
      const cyq = y + Math.floor(corner / 2) * cell;
      if (kind === 0) {
        const sweep = corner === 0 || corner === 3 ? 1 : 0;
        const [ax, ay, bx, by] =
          corner === 0 || corner === 3
            ? [cxq + (corner === 0 ? cell : -cell), cyq, cxq, cyq + (corner === 0 ? cell : -cell)]
            : [cxq, cyq + (corner === 1 ? cell : -cell), cxq + (corner === 1 ? -cell : cell), cyq];
        tiles.push(
          `<path d="M${r1(cxq)} ${r1(cyq)} L${r1(ax)} ${r1(ay)} A${r1(cell)} ${r1(cell)} 0 0 ${sweep} ${r1(bx)} ${r1(by)} Z" fill="${fill}"/>`,
        );
      } else if (kind === 1) {
        tiles.push(
          `<circle cx="${r1(x + cell / 2)}" cy="${r1(y + cell / 2)}" r="${r1(cell * 0.42)}" fill="${fill}"/>`,
        );
      } else if (kind === 2) {
        tiles.push(
          `<path d="M${r1(x)} ${r1(y + cell)} L${r1(x + cell)} ${r1(y + cell)} L${r1(corner % 2 ? x : x + cell)} ${r1(y)} Z" fill="${fill}"/>`,
        );
      } else if (kind === 3) {
        tiles.push(
          `<path d="M${r1(x)} ${r1(y + cell / 2)} A${r1(cell / 2)} ${r1(cell / 2)} 0 0 1 ${r1(x + cell)} ${r1(y + cell / 2)} Z" fill="${fill}" transform="rotate(${corner * 90} ${r1(x + cell / 2)} ${r1(y + cell / 2)})"/>`,
        );
      } else if (kind === 4) {
        tiles.push(
          `<rect x="${r1(x + cell * 0.18)}" y="${r1(y + cell * 0.18)}" width="${r1(cell * 0.64)}" height="${r1(cell * 0.64)}" fill="none" stroke="${fill}" stroke-width="${r1(cell * 0.08)}"/>`,
        );
      }
    }
  }
  return { defs: "", body: `<g opacity="0.92">${tiles.join("")}</g>` };
};

const horizon: Composition = (dice, p, uid) => {
  const sunY = dice.float(200, 280);
  const sunR = dice.float(110, 170);
  const gaps = Array.from({ length: 6 }, (_, i) => {
    const y = sunY + 10 + i * (sunR / 6);
    return `<rect x="0" y="${r1(y)}" width="${SIZE}" height="${r1(2 + i * 2.2)}" fill="black"/>`;
  }).join("");
  const ridge = (base: number, rough: number, fill: string, opacity: number) => {
    const points = [`0,${SIZE}`];
    for (let x = 0; x <= SIZE; x += SIZE / 10) points.push(`${r1(x)},${r1(base - dice.float(0, rough))}`);
    points.push(`${SIZE},${SIZE}`);
    return `<polygon points="${points.join(" ")}" fill="${fill}" opacity="${opacity}"/>`;
  };
  const grid = Array.from({ length: 9 }, (_, i) => {
    const x = -300 + i * 150;
    return `<line x1="300" y1="${r1(sunY + sunR * 0.55)}" x2="${x}" y2="${SIZE}" stroke="${p.shapes[1]}" stroke-opacity="0.35" stroke-width="1.5"/>`;
  }).join("");
  return {
    defs:
      `<linearGradient id="${uid}-sun" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.shapes[2]}"/><stop offset="1" stop-color="${p.shapes[0]}"/></linearGradient>` +
      `<mask id="${uid}-cut"><rect width="${SIZE}" height="${SIZE}" fill="white"/>${gaps}</mask>`,
    body:
      `<circle cx="300" cy="${r1(sunY)}" r="${r1(sunR)}" fill="url(#${uid}-sun)" mask="url(#${uid}-cut)"/>` +
      grid +
      ridge(sunY + sunR * 0.75, 90, p.shapes[0], 0.55) +
      ridge(sunY + sunR * 1.05, 60, p.from, 0.9),
  };
};

const waves: Composition = (dice, p) => {
  const count = dice.int(7, 12);
  const amplitude = dice.float(18, 46);
  const frequency = dice.float(1, 2.6);
  const phase = dice.float(0, Math.PI * 2);
  const paths = Array.from({ length: count }, (_, i) => {
    const baseY = 120 + i * (440 / count);
    let d = `M0 ${SIZE}`;
    for (let x = 0; x <= SIZE; x += 20) {
      const y = baseY + Math.sin((x / SIZE) * Math.PI * 2 * frequency + phase + i * 0.55) * amplitude;
      d += ` L${x} ${r1(y)}`;
    }
    d += ` L${SIZE} ${SIZE} Z`;
    return `<path d="${d}" fill="${p.shapes[i % 3]}" fill-opacity="${r1(0.22 + (i / count) * 0.6)}"/>`;
  }).join("");
  return { defs: "", body: paths };
};

const shards: Composition = (dice, p) => {
  const pieces = Array.from({ length: dice.int(9, 15) }, () => {
    const cx = dice.float(40, 560);
    const cy = dice.float(20, 420);
    const s = dice.float(60, 220);
    const pts = Array.from(
      { length: 3 },
      () => `${r1(cx + dice.float(-s, s))},${r1(cy + dice.float(-s, s))}`,
    );
    return `<polygon points="${pts.join(" ")}" fill="${dice.pick(p.shapes)}" fill-opacity="${r1(dice.float(0.35, 0.85))}" style="mix-blend-mode:${p.light ? "multiply" : "screen"}"/>`;
  }).join("");
  return { defs: "", body: pieces };
};

export const compositions = { orbits, stripes, bauhaus, horizon, waves, shards } as const;
const compositionNames = Object.keys(compositions) as (keyof typeof compositions)[];

// ---------------------------------------------------------------------------------------------
// Type

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );

/** Breaks a title into at most `maxLines` lines of about `perLine` characters, with an ellipsis. */
export function wrapTitle(title: string, perLine: number, maxLines = 3): string[] {
  const words = title.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    const piece = word.length > perLine ? `${word.slice(0, perLine - 1)}…` : word;
    if (!current) current = piece;
    else if (`${current} ${piece}`.length <= perLine) current = `${current} ${piece}`;
    else {
      lines.push(current);
      current = piece;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] as string;
  kept[maxLines - 1] = `${last.length >= perLine ? last.slice(0, perLine - 1) : last}…`;
  return kept;
}

/** Title size: large for short titles, smaller as they grow, so that they fit three lines. */
export function titleFontSize(title: string): number {
  const n = title.trim().length;
  if (n <= 8) return 76;
  if (n <= 14) return 64;
  if (n <= 24) return 54;
  if (n <= 40) return 44;
  return 36;
}

function typography(input: CoverInput, p: Palette, dice: Dice, uid: string) {
  const size = titleFontSize(input.title);
  // Bold sans averages ~0.58em per character.
  const perLine = Math.max(6, Math.floor(520 / (size * 0.58)));
  const lines = wrapTitle(input.title || "Untitled", perLine);
  const lineHeight = size * 1.02;
  const atTop = dice.chance(0.25);
  const blockHeight = lines.length * lineHeight + 34;
  const top = atTop ? 96 : SIZE - 44 - blockHeight;
  const scrimColor = p.light ? "#ffffff" : "#000000";
  const scrim = atTop
    ? `<rect width="${SIZE}" height="${r1(top + blockHeight + 80)}" fill="url(#${uid}-scrim)" transform="rotate(180 300 ${r1((top + blockHeight + 80) / 2)})"/>`
    : `<rect y="${r1(top - 80)}" width="${SIZE}" height="${r1(SIZE - top + 80)}" fill="url(#${uid}-scrim)"/>`;
  const artistLine = `<text x="44" y="${r1(top + 14)}" font-family="${SANS}" font-size="19" font-weight="600" letter-spacing="4" fill="${p.ink}" fill-opacity="0.85">${escapeXml(input.artist.toUpperCase())}</text>`;
  const titleLines = lines
    .map(
      (line, i) =>
        `<text x="40" y="${r1(top + 30 + (i + 1) * lineHeight - size * 0.2)}" font-family="${SANS}" font-size="${size}" font-weight="800" letter-spacing="${size > 50 ? -2 : -1}" fill="${p.ink}">${escapeXml(line)}</text>`,
    )
    .join("");
  const label = [input.genre, input.year].filter(Boolean).join(" · ");
  const corner = label
    ? `<text x="${SIZE - 40}" y="${atTop ? SIZE - 40 : 58}" text-anchor="end" font-family="${MONO}" font-size="15" letter-spacing="3" fill="${p.ink}" fill-opacity="0.75">${escapeXml(label.toUpperCase())}</text>`
    : "";
  return {
    defs: `<linearGradient id="${uid}-scrim" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${scrimColor}" stop-opacity="0"/><stop offset="1" stop-color="${scrimColor}" stop-opacity="${p.light ? 0.55 : 0.7}"/></linearGradient>`,
    body: `${scrim}${artistLine}${titleLines}${corner}`,
  };
}

const grain = (uid: string) => ({
  defs: `<filter id="${uid}-grain" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="0.85" numOctaves="2" stitchTiles="stitch"/><feColorMatrix values="0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0.9 0"/></filter>`,
  body: `<rect width="${SIZE}" height="${SIZE}" filter="url(#${uid}-grain)" opacity="0.12" style="mix-blend-mode:overlay"/>`,
});

// ---------------------------------------------------------------------------------------------
// Public renderers

/** Which palette and composition an album id gets (exposed for tests and the back office). */
export function coverStyle(id: string) {
  const dice = new Dice(seededRandom(mix(hashString(`cover:${id}`))));
  const palette = dice.pick(palettes);
  const composition = dice.pick(compositionNames);
  return { palette, composition, dice };
}

/** The album's cover, 600×600 SVG: the same id (and title/artist) always gives the same image. */
export function renderCover(input: CoverInput): string {
  const { palette: p, composition, dice } = coverStyle(input.id);
  const uid = `c${hashString(input.id).toString(36)}`;
  const angle = dice.int(0, 3) * 45;
  const art = compositions[composition](dice, p, uid);
  const type = typography(input, p, dice, uid);
  const noise = grain(uid);
  const label = `${input.title} by ${input.artist}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="${escapeXml(label)}">` +
    `<title>${escapeXml(label)}</title>` +
    `<defs><linearGradient id="${uid}-bg" gradientTransform="rotate(${angle} 0.5 0.5)"><stop offset="0" stop-color="${p.from}"/><stop offset="1" stop-color="${p.to}"/></linearGradient>${art.defs}${type.defs}${noise.defs}</defs>` +
    `<rect width="${SIZE}" height="${SIZE}" fill="url(#${uid}-bg)"/>${art.body}${noise.body}${type.body}</svg>`
  );
}

const minorWords = new Set(["the", "and", "of", "a", "an", "le", "la", "les", "de"]);

/** Up to two initials, minor words skipped: "Neon Harbor" → "NH", "Juniper & The Lowlands" → "JL". */
export function initials(name: string): string {
  const words = name
    .split(/[\s&+/-]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);
  const major = words.filter((w) => !minorWords.has(w.toLowerCase()));
  return (major.length > 0 ? major : words)
    .slice(0, 2)
    .map((w) => Array.from(w)[0] ?? "")
    .join("")
    .toUpperCase();
}

/** Which palette an artist id gets, and the dice that draw the rest of the portrait. */
export function portraitStyle(id: string) {
  const dice = new Dice(seededRandom(mix(hashString(`artist:${id}`))));
  const palette = dice.pick(palettes.filter((p) => !p.light));
  return { palette, dice };
}

/** An artist's image, 600×600 SVG: an aurora of colour, orbit rings, a monogram and a level meter. */
export function renderPortrait(input: PortraitInput): string {
  const { palette: p, dice } = portraitStyle(input.id);
  const uid = `a${hashString(input.id).toString(36)}`;
  const blobs = Array.from({ length: 4 }, (_, i) => {
    const cx = dice.float(60, 540);
    const cy = dice.float(60, 540);
    return `<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${r1(dice.float(150, 250))}" fill="${p.shapes[i % 3]}" opacity="${r1(dice.float(0.6, 0.95))}"/>`;
  }).join("");
  const rings = Array.from(
    { length: 4 },
    (_, i) =>
      `<circle cx="300" cy="300" r="${170 + i * 34}" fill="none" stroke="${p.ink}" stroke-opacity="${r1(0.3 - i * 0.06)}" stroke-width="${i === 0 ? 3 : 1.5}"${i % 2 ? ` stroke-dasharray="${dice.int(2, 10)} ${dice.int(8, 20)}"` : ""}/>`,
  ).join("");
  const bars = Array.from({ length: 15 }, (_, i) => {
    const h = r1(dice.float(10, 70) * Math.sin(((i + 1) / 16) * Math.PI));
    return `<rect x="${183 + i * 16}" y="${r1(470 - h)}" width="9" height="${h}" rx="4.5" fill="${p.ink}" fill-opacity="0.8"/>`;
  }).join("");
  const mark = initials(input.name) || "♪";
  const noise = grain(uid);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="${escapeXml(input.name)}">` +
    `<title>${escapeXml(input.name)}</title>` +
    `<defs><linearGradient id="${uid}-bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${p.from}"/><stop offset="1" stop-color="${p.to}"/></linearGradient>` +
    `<filter id="${uid}-blur" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="70"/></filter>` +
    `<radialGradient id="${uid}-core"><stop offset="0" stop-color="#000000" stop-opacity="0.55"/><stop offset="1" stop-color="#000000" stop-opacity="0"/></radialGradient>${noise.defs}</defs>` +
    `<rect width="${SIZE}" height="${SIZE}" fill="url(#${uid}-bg)"/><g filter="url(#${uid}-blur)">${blobs}</g>` +
    `<circle cx="300" cy="300" r="230" fill="url(#${uid}-core)"/>${rings}` +
    `<text x="300" y="${mark.length > 1 ? 338 : 350}" text-anchor="middle" font-family="${SANS}" font-size="${mark.length > 1 ? 150 : 180}" font-weight="800" letter-spacing="-6" fill="${p.ink}">${escapeXml(mark)}</text>` +
    `${bars}${noise.body}</svg>`
  );
}
