/**
 * Product illustrations, drawn by catalog itself (no downloaded assets): a flat, editorial SVG
 * per product. The drawing depends only on the product's id, title and category, so the same
 * product always gets the same picture: the category picks the palette, a keyword in the title
 * (mug, tent, headphones, …) picks the object, and the id seeds the details.
 */

export interface ImageSubject {
  id: string;
  title: string;
  category: string;
}

interface Palette {
  backgrounds: readonly [string, string][];
  colors: readonly string[];
  ink: string;
  paper: string;
}

const palettes: Record<string, Palette> = {
  "home-kitchen": {
    backgrounds: [
      ["#f4e7d7", "#ead2b8"],
      ["#efe4d6", "#dcc3a6"],
      ["#f6ebe1", "#e8c9b5"],
    ],
    colors: ["#c4623d", "#e0a458", "#7a8b6f", "#9c4a2f", "#d9b38c"],
    ink: "#3a2a21",
    paper: "#fffaf3",
  },
  books: {
    backgrounds: [
      ["#e6ebe2", "#cfd9cb"],
      ["#ece7dc", "#d8cfbd"],
      ["#e3e8e6", "#c8d3cf"],
    ],
    colors: ["#2f5d50", "#b8482f", "#d9a441", "#3f4a6b", "#8a5a44", "#6b8f71"],
    ink: "#1f2a27",
    paper: "#fbf8f1",
  },
  outdoor: {
    backgrounds: [
      ["#dfe9e4", "#bcd3c8"],
      ["#e8e6d9", "#cfd6bf"],
      ["#e2e8ec", "#c5d4dc"],
    ],
    colors: ["#3d6b4f", "#e07a3f", "#2f4858", "#8fb3a0", "#c9a227"],
    ink: "#1e2f25",
    paper: "#f7f9f4",
  },
  electronics: {
    backgrounds: [
      ["#e6e8ee", "#cdd1dc"],
      ["#ebe9e4", "#d3d0c8"],
      ["#e4e9ea", "#c9d3d5"],
    ],
    colors: ["#2d3142", "#ef8354", "#4f5d75", "#bfc0c0", "#e8c547"],
    ink: "#16181f",
    paper: "#f8f8f6",
  },
  "toys-games": {
    backgrounds: [
      ["#fbeede", "#f4d6b5"],
      ["#eef3e6", "#d6e4c4"],
      ["#f9e7e4", "#efc9c2"],
    ],
    colors: ["#e4572e", "#17a3a0", "#f2b61f", "#76b041", "#3b5ba9"],
    ink: "#2a2320",
    paper: "#fffdf8",
  },
  stationery: {
    backgrounds: [
      ["#f4efe6", "#e6dccb"],
      ["#eef0f2", "#d7dde3"],
      ["#f5ece8", "#e7d3cc"],
    ],
    colors: ["#1d3557", "#c8553d", "#f1c453", "#457b9d", "#2a9d8f"],
    ink: "#1b1f2a",
    paper: "#fffdf9",
  },
};

const fallbackPalette = palettes.stationery as Palette;

/** FNV-1a, 32 bit: a stable hash of a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded PRNG, so that the same id always draws the same picture. */
function seeded(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min: number, max: number) => min + (max - min) * next(),
    int: (min: number, max: number) => Math.floor(min + (max - min + 1) * next()),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

type Rng = ReturnType<typeof seeded>;

interface Kit {
  r: Rng;
  c: readonly string[];
  ink: string;
  paper: string;
}

const n = (v: number) => Math.round(v * 10) / 10;
const shade = (opacity = 0.16) => `fill="#000" fill-opacity="${opacity}"`;
const light = (opacity = 0.35) => `fill="#fff" fill-opacity="${opacity}"`;

// ------------------------------------------------------------------------------------------
// Objects. Each draws around the centre (300, 320), standing on the ground line y = 470.

type Motif = (k: Kit) => string;

const mug: Motif = ({ r, c, ink, paper }) => {
  const body = r.pick(c);
  const band = r.pick(c.filter((x) => x !== body));
  const w = n(r.between(170, 200));
  const x = 300 - w / 2 - 20;
  const steam = [0, 1, 2]
    .map(
      (i) =>
        `<path d="M${n(x + w * 0.3 + i * 32)} 230c-18-22 18-36 0-60s18-38 0-58" fill="none" stroke="${ink}" stroke-opacity=".25" stroke-width="7" stroke-linecap="round"/>`,
    )
    .join("");
  return `${steam}
  <path d="M${n(x + w - 6)} 300h26a46 46 0 0 1 0 92h-26" fill="none" stroke="${body}" stroke-width="22"/>
  <rect x="${n(x)}" y="262" width="${w}" height="208" rx="26" fill="${body}"/>
  <rect x="${n(x)}" y="262" width="${w}" height="22" rx="11" fill="${paper}" fill-opacity=".35"/>
  <rect x="${n(x)}" y="${n(r.between(330, 380))}" width="${w}" height="26" fill="${band}"/>
  <rect x="${n(x + w * 0.62)}" y="262" width="${n(w * 0.38)}" height="208" rx="26" ${shade(0.12)}/>`;
};

const teapot: Motif = ({ r, c, paper }) => {
  const body = r.pick(c);
  const lid = r.pick(c.filter((x) => x !== body));
  return `<path d="M390 360c40-10 62-50 84-84" fill="none" stroke="${body}" stroke-width="24" stroke-linecap="round"/>
  <path d="M184 326c-64-4-70 96-2 104" fill="none" stroke="${body}" stroke-width="16" stroke-linecap="round"/>
  <ellipse cx="300" cy="380" rx="130" ry="98" fill="${body}"/>
  <rect x="170" y="452" width="260" height="22" rx="11" fill="${body}"/>
  <path d="M220 300q80-60 160 0z" fill="${lid}"/>
  <circle cx="300" cy="268" r="18" fill="${lid}"/>
  <path d="M240 350q60 30 120 0" fill="none" stroke="${paper}" stroke-opacity=".6" stroke-width="10" stroke-linecap="round"/>
  <path d="M330 286a130 98 0 0 1 0 192a150 120 0 0 0 0-192z" ${shade(0.1)}/>`;
};

const bowls: Motif = ({ r, c, paper }) => {
  const count = r.int(2, 3);
  let out = "";
  for (let i = 0; i < count; i++) {
    const w = 250 - i * 44;
    const y = 470 - (i + 1) * 62;
    const color = c[(i + r.int(0, 4)) % c.length];
    out += `<path d="M${300 - w / 2} ${y}h${w}a${w / 2} ${w / 3.2} 0 0 1-${w} 0z" fill="${color}"/>
    <rect x="${300 - w / 2}" y="${y - 8}" width="${w}" height="14" rx="7" fill="${paper}" fill-opacity=".55"/>`;
  }
  return out;
};

const skillet: Motif = ({ r, c, ink }) => {
  const rim = r.pick(c);
  return `<rect x="370" y="330" width="190" height="34" rx="17" transform="rotate(-18 370 347)" fill="${ink}"/>
  <circle cx="270" cy="370" r="128" fill="${ink}"/>
  <circle cx="270" cy="370" r="106" fill="${rim}"/>
  <circle cx="270" cy="370" r="106" ${shade(0.25)}/>
  <circle cx="${n(r.between(240, 300))}" cy="${n(r.between(340, 400))}" r="34" fill="#fff" fill-opacity=".9"/>
  <circle cx="${n(r.between(250, 290))}" cy="${n(r.between(350, 390))}" r="14" fill="#f2b61f"/>`;
};

const vase: Motif = ({ r, c, paper }) => {
  const body = r.pick(c);
  const stems = [0, 1, 2]
    .map((i) => {
      const dx = (i - 1) * n(r.between(30, 50));
      return `<path d="M300 250q${dx / 2} -70 ${dx} -110" fill="none" stroke="#5f7a55" stroke-width="6"/>
      <circle cx="${300 + dx}" cy="140" r="${n(r.between(16, 24))}" fill="${r.pick(c)}"/>`;
    })
    .join("");
  return `${stems}
  <path d="M262 250h76c0 40 60 70 60 140 0 50-30 80-98 80s-98-30-98-80c0-70 60-100 60-140z" fill="${body}"/>
  <path d="M230 380h140" stroke="${paper}" stroke-opacity=".5" stroke-width="12"/>
  <path d="M330 250h8c0 40 60 70 60 140 0 50-30 80-98 80z" ${shade(0.12)}/>`;
};

const bookStack: Motif = ({ r, c, paper }) => {
  let out = "";
  const count = r.int(3, 5);
  const h = n(200 / count + 8);
  for (let i = 0; i < count; i++) {
    const w = n(r.between(230, 300));
    const x = n(300 - w / 2 + r.between(-18, 18));
    const y = n(470 - (i + 1) * h);
    const color = c[(i * 2 + r.int(0, 5)) % c.length];
    out += `<rect x="${x}" y="${y}" width="${w}" height="${h - 4}" rx="5" fill="${color}"/>
    <rect x="${n(x + w - 16)}" y="${n(y + 5)}" width="10" height="${n(h - 14)}" fill="${paper}" fill-opacity=".85"/>
    <rect x="${n(x + 26)}" y="${n(y + h / 2 - 5)}" width="${n(w * 0.3)}" height="6" rx="3" fill="${paper}" fill-opacity=".55"/>`;
  }
  return out;
};

const bookShelf: Motif = ({ r, c, paper, ink }) => {
  let out = "";
  let x = 150;
  while (x < 440) {
    const w = n(r.between(34, 56));
    const h = n(r.between(170, 250));
    const color = r.pick(c);
    out += `<rect x="${x}" y="${n(470 - h)}" width="${w}" height="${h}" rx="4" fill="${color}"/>
    <rect x="${x}" y="${n(470 - h + 22)}" width="${w}" height="8" fill="${paper}" fill-opacity=".6"/>
    <rect x="${x}" y="${n(470 - 38)}" width="${w}" height="6" fill="${paper}" fill-opacity=".45"/>`;
    x = n(x + w + 4);
  }
  const leanColor = r.pick(c);
  return `${out}<rect x="${x + 30}" y="240" width="44" height="232" rx="4" transform="rotate(14 ${x + 30} 472)" fill="${leanColor}"/>
  <rect x="130" y="470" width="${n(x - 60)}" height="10" rx="5" fill="${ink}" fill-opacity=".25"/>`;
};

const openBook: Motif = ({ r, c, paper, ink }) => {
  const cover = r.pick(c);
  const lines = [0, 1, 2, 3, 4, 5]
    .map(
      (i) =>
        `<rect x="200" y="${320 + i * 20}" width="${n(r.between(60, 80))}" height="5" rx="2.5" fill="${ink}" fill-opacity=".25"/>
        <rect x="320" y="${320 + i * 20}" width="${n(r.between(60, 80))}" height="5" rx="2.5" fill="${ink}" fill-opacity=".25"/>`,
    )
    .join("");
  return `<path d="M150 300l150 20 150-20v180l-150 18-150-18z" fill="${cover}"/>
  <path d="M170 290q70-20 130 14v180q-60-30-130-12z" fill="${paper}"/>
  <path d="M430 290q-70-20-130 14v180q60-30 130-12z" fill="${paper}"/>
  <path d="M300 304v180" stroke="${ink}" stroke-opacity=".2" stroke-width="3"/>
  ${lines}
  <path d="M330 300v70l14-12 14 12v-76" fill="${r.pick(c.filter((x) => x !== cover))}"/>`;
};

const mountains: Motif = ({ r, c, paper }) => {
  const sun = c[1] ?? "#e07a3f";
  const back = { x: n(r.between(230, 260)), h: n(r.between(210, 250)) };
  const front = { x: n(r.between(350, 380)), h: n(r.between(180, 220)) };
  const cap = 0.26;
  return `<circle cx="${n(r.between(380, 430))}" cy="${n(r.between(180, 210))}" r="${n(r.between(40, 54))}" fill="${sun}"/>
  <path d="M${back.x - 170} 470L${back.x} ${470 - back.h}L${back.x + 170} 470z" fill="${c[0]}"/>
  <path d="M${front.x - 160} 470L${front.x} ${470 - front.h}L${front.x + 150} 470z" fill="${c[2]}"/>
  <path d="M${front.x} ${470 - front.h}L${front.x + 150} 470H${front.x}z" ${shade(0.12)}/>
  <path d="M${n(back.x - 170 * cap)} ${n(470 - back.h * (1 - cap))}L${back.x} ${470 - back.h}L${n(back.x + 170 * cap)} ${n(470 - back.h * (1 - cap))}l-24 14-22-16-20 14z" fill="${paper}"/>
  <path d="M${n(front.x - 160 * cap)} ${n(470 - front.h * (1 - cap))}L${front.x} ${470 - front.h}L${n(front.x + 150 * cap)} ${n(470 - front.h * (1 - cap))}l-20 12-18-14-18 12z" fill="${paper}"/>`;
};

const pine = (x: number, scale: number, color: string) =>
  `<path d="M${x} ${n(470 - 150 * scale)}l${n(40 * scale)} ${n(70 * scale)}h${n(-16 * scale)}l${n(36 * scale)} ${n(66 * scale)}h${n(-120 * scale)}l${n(36 * scale)} ${n(-66 * scale)}h${n(-16 * scale)}z" fill="${color}"/>
  <rect x="${n(x - 6 * scale)}" y="${n(470 - 14 * scale)}" width="${n(12 * scale)}" height="${n(14 * scale)}" fill="${color}"/>`;

const tent: Motif = ({ r, c, ink }) => {
  const body = c[1] ?? "#e07a3f";
  return `${pine(n(r.between(120, 150)), r.between(0.9, 1.2), c[0] ?? ink)}${pine(n(r.between(470, 500)), r.between(0.7, 1), c[0] ?? ink)}
  <path d="M170 470l130-220 130 220z" fill="${body}"/>
  <path d="M300 250l130 220h-60z" ${shade(0.15)}/>
  <path d="M300 330l-46 140h92z" fill="${ink}" fill-opacity=".8"/>
  <path d="M300 250v-26" stroke="${ink}" stroke-width="6"/>
  <path d="M300 226l36 10-36 10z" fill="${c[4] ?? body}"/>`;
};

const lantern: Motif = ({ r, c, ink }) => {
  const frame = r.pick([c[0], c[2], ink]);
  return `<circle cx="300" cy="360" r="120" fill="#f2c14e" fill-opacity=".25"/>
  <path d="M250 238a50 50 0 0 1 100 0" fill="none" stroke="${frame}" stroke-width="10"/>
  <rect x="240" y="238" width="120" height="28" rx="8" fill="${frame}"/>
  <rect x="252" y="266" width="96" height="170" rx="10" fill="#fbe3a1"/>
  <path d="M300 300c-24 30-24 60 0 76 24-16 24-46 0-76z" fill="#e07a3f"/>
  <rect x="252" y="266" width="12" height="170" fill="${frame}"/><rect x="336" y="266" width="12" height="170" fill="${frame}"/>
  <rect x="232" y="436" width="136" height="34" rx="8" fill="${frame}"/>`;
};

const bottle: Motif = ({ r, c, paper }) => {
  const body = r.pick(c);
  return `<rect x="270" y="188" width="60" height="36" rx="8" fill="${r.pick(c.filter((x) => x !== body))}"/>
  <path d="M262 224h76v26c22 10 34 30 34 56v148a16 16 0 0 1-16 16h-112a16 16 0 0 1-16-16v-148c0-26 12-46 34-56z" fill="${body}"/>
  <rect x="228" y="330" width="144" height="70" fill="${paper}" fill-opacity=".8"/>
  <path d="M272 365l18-20 14 14 12-10 20 16z" fill="${body}"/>
  <path d="M330 250c22 10 42 30 42 56v148a16 16 0 0 1-16 16h-26z" ${shade(0.12)}/>`;
};

const backpack: Motif = ({ r, c, ink }) => {
  const body = r.pick(c);
  const flap = r.pick(c.filter((x) => x !== body));
  return `<path d="M262 230a38 38 0 0 1 76 0" fill="none" stroke="${ink}" stroke-width="12"/>
  <rect x="200" y="230" width="200" height="240" rx="48" fill="${body}"/>
  <path d="M200 290a48 48 0 0 1 48-60h104a48 48 0 0 1 48 60z" fill="${flap}"/>
  <rect x="232" y="370" width="136" height="80" rx="18" fill="${flap}"/>
  <rect x="282" y="280" width="36" height="22" rx="6" fill="${ink}" fill-opacity=".7"/>
  <rect x="340" y="230" width="60" height="240" rx="30" ${shade(0.1)}/>`;
};

const sock: Motif = ({ r, c, paper }) => {
  const wool = r.pick(c);
  const stripe = r.pick(c.filter((x) => x !== wool));
  return `<path d="M250 200h110v170c0 24-8 40-26 54l-46 36c-34 26-92 8-92-36 0-24 14-38 34-52l20-14z" fill="${wool}"/>
  <rect x="250" y="200" width="110" height="40" rx="6" fill="${stripe}"/>
  <path d="M250 250h110M250 262h110" stroke="${paper}" stroke-opacity=".5" stroke-width="5"/>
  <path d="M196 446c0 30 30 44 58 34" fill="none" stroke="${paper}" stroke-opacity=".55" stroke-width="12" stroke-linecap="round"/>
  <path d="M318 236h42v134c0 24-8 40-26 54l-16 12z" fill="#000" fill-opacity=".1"/>`;
};

const headphones: Motif = ({ r, c, ink }) => {
  const cup = r.pick(c);
  return `<path d="M190 380v-60a110 110 0 0 1 220 0v60" fill="none" stroke="${ink}" stroke-width="22" stroke-linecap="round"/>
  <rect x="160" y="340" width="74" height="120" rx="30" fill="${cup}"/>
  <rect x="366" y="340" width="74" height="120" rx="30" fill="${cup}"/>
  <rect x="206" y="356" width="28" height="88" rx="12" ${shade(0.25)}/>
  <rect x="366" y="356" width="28" height="88" rx="12" ${shade(0.25)}/>`;
};

const speaker: Motif = ({ r, c, ink, paper }) => {
  const body = r.pick(c);
  return `<rect x="200" y="200" width="200" height="270" rx="28" fill="${body}"/>
  <circle cx="300" cy="384" r="62" fill="${ink}"/><circle cx="300" cy="384" r="26" fill="${paper}" fill-opacity=".3"/>
  <circle cx="300" cy="262" r="30" fill="${ink}"/><circle cx="300" cy="262" r="10" fill="${paper}" fill-opacity=".3"/>
  <rect x="340" y="200" width="60" height="270" rx="28" ${shade(0.12)}/>`;
};

const radio: Motif = ({ r, c, ink, paper }) => {
  const body = r.pick(c);
  let grille = "";
  for (let y = 322; y < 430; y += 16)
    grille += `<rect x="190" y="${y}" width="130" height="7" rx="3.5" fill="${ink}" fill-opacity=".55"/>`;
  return `<path d="M220 290l120-80" stroke="${ink}" stroke-width="8" stroke-linecap="round"/>
  <rect x="160" y="290" width="280" height="180" rx="24" fill="${body}"/>
  ${grille}
  <circle cx="380" cy="350" r="34" fill="${paper}"/><path d="M380 350l20-16" stroke="${ink}" stroke-width="6" stroke-linecap="round"/>
  <circle cx="380" cy="428" r="16" fill="${ink}"/>`;
};

const deskLamp: Motif = ({ r, c, ink }) => {
  const shadeColor = r.pick(c);
  return `<path d="M330 250l90 70-140 40z" fill="#f2c14e" fill-opacity=".35"/>
  <path d="M250 460l-40-130 110-110" fill="none" stroke="${ink}" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/>
  <path d="M290 190l90 70-50 40-90-70z" fill="${shadeColor}"/>
  <circle cx="210" cy="330" r="14" fill="${ink}"/><circle cx="320" cy="220" r="12" fill="${ink}"/>
  <rect x="190" y="452" width="130" height="22" rx="11" fill="${shadeColor}"/>`;
};

const powerBank: Motif = ({ r, c, ink }) => {
  const body = r.pick(c);
  return `<path d="M300 470c0 40 90 20 130-10" fill="none" stroke="${ink}" stroke-width="8" stroke-linecap="round"/>
  <rect x="210" y="200" width="180" height="270" rx="26" fill="${body}"/>
  <path d="M312 250l-56 100h40l-12 80 60-110h-42z" fill="#f2c14e"/>
  <rect x="228" y="220" width="60" height="8" rx="4" fill="#fff" fill-opacity=".5"/>`;
};

const blocks: Motif = ({ r, c, paper }) => {
  const letters = ["A", "B", "C", "7", "K", "Z"];
  const cube = (x: number, y: number, s: number) => {
    const color = r.pick(c);
    return `<rect x="${x}" y="${y}" width="${s}" height="${s}" rx="10" fill="${color}"/>
    <rect x="${x + 12}" y="${y + 12}" width="${s - 24}" height="${s - 24}" rx="6" fill="${paper}" fill-opacity=".25"/>
    <text x="${x + s / 2}" y="${y + s / 2 + 22}" text-anchor="middle" font-family="Georgia, serif" font-size="62" font-weight="700" fill="${paper}">${r.pick(letters)}</text>`;
  };
  return cube(170, 350, 120) + cube(310, 350, 120) + cube(n(r.between(230, 250)), 230, 120);
};

const dice: Motif = ({ r, c, paper, ink }) => {
  const pips: Record<number, [number, number][]> = {
    1: [[0.5, 0.5]],
    2: [
      [0.27, 0.27],
      [0.73, 0.73],
    ],
    3: [
      [0.27, 0.27],
      [0.5, 0.5],
      [0.73, 0.73],
    ],
    4: [
      [0.27, 0.27],
      [0.73, 0.27],
      [0.27, 0.73],
      [0.73, 0.73],
    ],
    5: [
      [0.27, 0.27],
      [0.73, 0.27],
      [0.5, 0.5],
      [0.27, 0.73],
      [0.73, 0.73],
    ],
    6: [
      [0.27, 0.25],
      [0.73, 0.25],
      [0.27, 0.5],
      [0.73, 0.5],
      [0.27, 0.75],
      [0.73, 0.75],
    ],
  };
  const die = (x: number, y: number, s: number, angle: number, color: string, pip: string) =>
    `<g transform="rotate(${angle} ${x + s / 2} ${y + s / 2})"><rect x="${x}" y="${y}" width="${s}" height="${s}" rx="${s / 6}" fill="${color}"/>${(
      pips[r.int(1, 6)] ?? []
    )
      .map(
        ([px, py]) => `<circle cx="${n(x + px * s)}" cy="${n(y + py * s)}" r="${n(s / 11)}" fill="${pip}"/>`,
      )
      .join("")}</g>`;
  return (
    die(170, 330, 140, n(r.between(-14, -4)), r.pick(c), paper) +
    die(310, 300, 140, n(r.between(6, 16)), paper, ink)
  );
};

const board: Motif = ({ r, c, ink, paper }) => {
  let squares = "";
  for (let i = 0; i < 6; i++)
    for (let j = 0; j < 6; j++)
      if ((i + j) % 2 === 0)
        squares += `<rect x="${180 + i * 40}" y="${250 + j * 40}" width="40" height="40" fill="${ink}" fill-opacity=".75"/>`;
  const piece = (x: number, y: number, color: string) =>
    `<circle cx="${x}" cy="${y - 34}" r="14" fill="${color}"/><path d="M${x - 14} ${y}q14-50 28 0z" fill="${color}"/><rect x="${x - 20}" y="${y - 6}" width="40" height="10" rx="5" fill="${color}"/>`;
  return `<rect x="170" y="240" width="260" height="260" rx="10" fill="${paper}" transform="translate(0 -30)"/>
  <g transform="translate(0 -30)">${squares}</g>
  ${piece(n(r.between(240, 270)), 300, r.pick(c))}${piece(n(r.between(330, 360)), 420, r.pick(c))}`;
};

const kite: Motif = ({ r, c, ink }) => {
  const a = r.pick(c);
  const b = r.pick(c.filter((x) => x !== a));
  return `<path d="M300 160l100 130-100 150-100-150z" fill="${a}"/>
  <path d="M300 160l100 130h-100zM300 290h-100l100 150z" fill="${b}"/>
  <path d="M300 440c-20 20 20 30 0 50" fill="none" stroke="${ink}" stroke-width="4"/>
  <path d="M286 462l28 8M286 486l28-8" stroke="${r.pick(c)}" stroke-width="10" stroke-linecap="round"/>`;
};

const pencils: Motif = ({ r, c, ink }) => {
  const pencil = (x: number, angle: number, color: string) =>
    `<g transform="rotate(${angle} ${x} 470)"><rect x="${x - 18}" y="220" width="36" height="220" fill="${color}"/>
    <rect x="${x - 18}" y="220" width="12" height="220" fill="#fff" fill-opacity=".25"/>
    <rect x="${x - 18}" y="440" width="36" height="22" fill="#c9ccd1"/><rect x="${x - 18}" y="462" width="36" height="16" rx="5" fill="#e88c8c"/>
    <path d="M${x - 18} 220l18-58 18 58z" fill="#f1d4a8"/><path d="M${x - 6} 180l6-18 6 18z" fill="${ink}"/></g>`;
  return (
    pencil(230, n(r.between(-16, -8)), r.pick(c)) +
    pencil(300, n(r.between(-3, 3)), r.pick(c)) +
    pencil(370, n(r.between(8, 16)), r.pick(c))
  );
};

const notebook: Motif = ({ r, c, paper, ink }) => {
  const cover = r.pick(c);
  const band = r.pick(c.filter((x) => x !== cover));
  return `<rect x="206" y="196" width="200" height="276" rx="12" fill="${paper}" transform="rotate(4 306 334)"/>
  <rect x="190" y="190" width="200" height="280" rx="12" fill="${cover}"/>
  <rect x="190" y="190" width="22" height="280" rx="8" ${shade(0.18)}/>
  <rect x="350" y="190" width="14" height="280" fill="${band}"/>
  <rect x="236" y="250" width="90" height="44" rx="4" fill="${paper}" fill-opacity=".9"/>
  <rect x="248" y="266" width="60" height="6" rx="3" fill="${ink}" fill-opacity=".35"/>
  <path d="M300 470v40l12-10 12 10v-40" fill="${band}"/>`;
};

const fountainPen: Motif = ({ r, c, ink }) => {
  const body = r.pick(c);
  return `<g transform="rotate(${n(r.between(28, 40))} 300 330)">
  <rect x="276" y="170" width="48" height="170" rx="22" fill="${body}"/>
  <rect x="276" y="300" width="48" height="12" fill="#d9b44a"/>
  <rect x="318" y="186" width="8" height="96" rx="4" fill="#d9b44a"/>
  <path d="M280 340h40l-4 60h-32z" fill="${ink}"/>
  <path d="M284 400h32l-16 64z" fill="#d9b44a"/><path d="M300 410v40" stroke="${ink}" stroke-width="3"/></g>
  <path d="M150 470c60-30 120 20 180-10s80-20 120 0" fill="none" stroke="${ink}" stroke-opacity=".55" stroke-width="6" stroke-linecap="round"/>`;
};

const envelope: Motif = ({ r, c, paper, ink }) => {
  const seal = r.pick(c);
  return `<rect x="180" y="240" width="240" height="170" rx="6" fill="${paper}" transform="rotate(-8 300 325)"/>
  <rect x="160" y="280" width="280" height="190" rx="8" fill="${r.pick(c)}"/>
  <path d="M160 288l140 100 140-100" fill="none" stroke="${ink}" stroke-opacity=".3" stroke-width="6"/>
  <circle cx="300" cy="388" r="26" fill="${seal}"/><circle cx="300" cy="388" r="14" ${light(0.3)}/>`;
};

interface MotifRule {
  words: RegExp;
  motif: Motif;
}

const motifs: Record<string, { rules: MotifRule[]; fallback: Motif[] }> = {
  "home-kitchen": {
    rules: [
      { words: /\b(mugs?|cups?|espresso)\b/i, motif: mug },
      { words: /\b(tea|teapot|kettle|pour|coffee)\b/i, motif: teapot },
      { words: /\b(bowls?|plates?|dish|dishes|platter)\b/i, motif: bowls },
      { words: /\b(pan|skillet|cast iron|dutch oven|wok)\b/i, motif: skillet },
      { words: /\b(vase|candle|jar|planter)\b/i, motif: vase },
    ],
    fallback: [mug, bowls, vase, teapot],
  },
  books: {
    rules: [
      { words: /\b(guide|atlas|handbook|field|map)\b/i, motif: openBook },
      { words: /\b(collection|box set|series|trilogy|set)\b/i, motif: bookShelf },
    ],
    fallback: [bookStack, bookShelf, openBook],
  },
  outdoor: {
    rules: [
      { words: /\b(tent|shelter|tarp|hammock)\b/i, motif: tent },
      { words: /\b(lantern|headlamp|torch|light)\b/i, motif: lantern },
      { words: /\b(bottle|flask|thermos|canteen)\b/i, motif: bottle },
      { words: /\b(pack|backpack|rucksack|daypack|bag)\b/i, motif: backpack },
      { words: /\b(socks?|gloves?|mittens?|hat|beanie|scarf)\b/i, motif: sock },
    ],
    fallback: [mountains, tent, backpack],
  },
  electronics: {
    rules: [
      { words: /\b(headphones?|earbuds?|headset)\b/i, motif: headphones },
      { words: /\b(speaker|soundbar)\b/i, motif: speaker },
      { words: /\b(radio|turntable|record)\b/i, motif: radio },
      { words: /\b(lamp|light|bulb)\b/i, motif: deskLamp },
      { words: /\b(charger|charging|power|battery|cable)\b/i, motif: powerBank },
    ],
    fallback: [speaker, radio, headphones],
  },
  "toys-games": {
    rules: [
      { words: /\b(dice|yahtzee|card game)\b/i, motif: dice },
      { words: /\b(chess|checkers|draughts|board|backgammon)\b/i, motif: board },
      { words: /\b(blocks?|bricks?|building|puzzle|stacking)\b/i, motif: blocks },
      { words: /\b(kite|glider)\b/i, motif: kite },
    ],
    fallback: [blocks, dice, kite, board],
  },
  stationery: {
    rules: [
      { words: /\b(pencils?|crayons?)\b/i, motif: pencils },
      { words: /\b(fountain|pen|pens|ink|brush)\b/i, motif: fountainPen },
      { words: /\b(notebook|journal|planner|sketchbook|notepad|pad|diary)\b/i, motif: notebook },
      { words: /\b(cards?|envelopes?|letter|letterpress|postcards?|stamps?)\b/i, motif: envelope },
    ],
    fallback: [notebook, pencils, envelope],
  },
};

/** Two letters for the product's monogram: the first letters of its first two words. */
export function initialsOf(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0 && !/^(the|a|an|of|and|for|with)$/i.test(w));
  const letters = words
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? "")
    .join("");
  return letters || "·";
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (ch) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" }[ch]};`);

/** The product's illustration as a standalone SVG document (600 × 600). */
export function productImageSvg(subject: ImageSubject): string {
  const palette = palettes[subject.category] ?? fallbackPalette;
  const set = motifs[subject.category] ?? motifs.stationery;
  const r = seeded(hashString(subject.id));
  const [bg, bg2] = r.pick(palette.backgrounds);
  // Rotate the palette per product so siblings in a category don't all share one colour.
  const offset = r.int(0, palette.colors.length - 1);
  const colors = palette.colors.map((_, i) => palette.colors[(i + offset) % palette.colors.length] as string);
  const motif =
    set?.rules.find((rule) => rule.words.test(subject.title))?.motif ?? r.pick(set?.fallback ?? [notebook]);
  const kit: Kit = { r, c: colors, ink: palette.ink, paper: palette.paper };

  const discX = n(r.between(200, 400));
  const discY = n(r.between(250, 330));
  const discR = n(r.between(190, 230));
  let dots = "";
  for (let i = 0; i < 14; i++) {
    dots += `<circle cx="${n(r.between(30, 570))}" cy="${n(r.between(30, 540))}" r="${n(r.between(2, 5))}" fill="${palette.ink}" fill-opacity=".08"/>`;
  }
  const title = escapeXml(subject.title);
  const initials = escapeXml(initialsOf(subject.title));
  const gradient = `g${hashString(subject.id).toString(36)}`;

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" width="600" height="600" role="img" aria-label="${title}">
<title>${title}</title>
<defs><linearGradient id="${gradient}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${bg}"/><stop offset="1" stop-color="${bg2}"/></linearGradient></defs>
<rect width="600" height="600" fill="url(#${gradient})"/>
<circle cx="${discX}" cy="${discY}" r="${discR}" fill="${palette.paper}" fill-opacity=".55"/>
${dots}
<rect x="0" y="500" width="600" height="100" fill="${palette.ink}" fill-opacity=".05"/>
<g transform="translate(300 500) scale(1.22) translate(-300 -470)">
<ellipse cx="300" cy="474" rx="170" ry="14" fill="${palette.ink}" fill-opacity=".12"/>
${motif(kit)}
</g>
<g transform="translate(516 84)"><circle r="40" fill="${palette.ink}"/><circle r="33" fill="none" stroke="${palette.paper}" stroke-opacity=".5" stroke-width="1.5"/>
<text y="10" text-anchor="middle" font-family="Georgia, 'Times New Roman', serif" font-size="28" letter-spacing="1" fill="${palette.paper}">${initials}</text></g>
</svg>`;
}
