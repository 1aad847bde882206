/**
 * Every track's sound, synthesised by music itself: a short deterministic piece per track id.
 *
 * The track id is hashed into a seed that picks a key, a mode, a tempo, a chord progression, a
 * lead timbre and two four-bar melodies (mostly stepwise, landing on chord tones on downbeats).
 * Five voices play them: a wavetable lead with an attack/decay/release envelope, a plucked bass on
 * the chord roots, a soft pad holding the chord, a kick drum and a noise hi-hat.
 *
 * Every sample is a pure function of (plan, sample index, total length): any stretch of a track can
 * be rendered on its own, in any order, which is what lets the audio route answer a Range request
 * for the 40th minute of a long track without rendering the 39 before it.
 */

import { hashString } from "../cover-art";
import { MUSIC_PCM } from "./wav";

/** Bump when the sound changes: it is part of the audio's ETag, so browsers fetch the new one. */
export const SYNTH_VERSION = 1;

const SAMPLE_RATE = MUSIC_PCM.sampleRate;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a small, good-enough PRNG from a 32-bit seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** White noise as a function of the sample index (a hi-hat needs no state either). */
function noise(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 2147483648 - 1;
}

// ---------------------------------------------------------------------------------------------
// Music theory

export const MODES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  "harmonic minor": [0, 2, 3, 5, 7, 8, 11],
} as const;
export type Mode = keyof typeof MODES;

/** Chord roots as scale degrees (0 = tonic), one chord per bar. */
const PROGRESSIONS = [
  [0, 4, 5, 3], // I V vi IV
  [0, 5, 3, 4], // I vi IV V
  [5, 3, 0, 4], // vi IV I V
  [0, 3, 4, 3], // I IV V IV
  [0, 6, 5, 4], // i VII VI V
  [0, 2, 5, 4], // I iii vi V
] as const;

const midiToHz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

// ---------------------------------------------------------------------------------------------
// Timbres: one cycle of a waveform with some harmonics, read with linear interpolation

const TABLE_SIZE = 2048;

function wavetable(harmonics: readonly number[]): Float32Array {
  const table = new Float32Array(TABLE_SIZE + 1);
  let peak = 0;
  for (let i = 0; i < TABLE_SIZE; i++) {
    let value = 0;
    harmonics.forEach((amplitude, k) => {
      value += amplitude * Math.sin((2 * Math.PI * (k + 1) * i) / TABLE_SIZE);
    });
    table[i] = value;
    peak = Math.max(peak, Math.abs(value));
  }
  for (let i = 0; i < TABLE_SIZE; i++) table[i] = (table[i] ?? 0) / (peak || 1);
  table[TABLE_SIZE] = table[0] ?? 0;
  return table;
}

/** The value of a wavetable at `cycles` periods from its start. */
function read(table: Float32Array, cycles: number): number {
  const position = (cycles - Math.floor(cycles)) * TABLE_SIZE;
  const i = position | 0;
  const a = table[i] ?? 0;
  return a + ((table[i + 1] ?? 0) - a) * (position - i);
}

export const TIMBRES = {
  bell: wavetable([1, 0, 0.35, 0, 0.18, 0, 0.06, 0, 0.04]),
  flute: wavetable([1, 0.25, 0.08, 0.03]),
  reed: wavetable([1, 0, 0.33, 0, 0.2, 0, 0.14, 0, 0.11, 0, 0.09]),
  brass: wavetable([1, 0.5, 0.33, 0.25, 0.2, 0.16, 0.14, 0.12]),
  organ: wavetable([1, 0.6, 0.35, 0.3, 0, 0.18, 0, 0.12]),
} as const;
export type Timbre = keyof typeof TIMBRES;

const BASS = wavetable([1, 0.45, 0.2, 0.1, 0.05]);
const PAD = wavetable([1, 0.15]);

// ---------------------------------------------------------------------------------------------
// The plan: everything a track's sound depends on, derived once from its id

const STEPS_PER_BAR = 8; // eighth notes in 4/4
const BARS_PER_PHRASE = 4;
const STEPS_PER_PHRASE = STEPS_PER_BAR * BARS_PER_PHRASE;
/** Which of the two melodies each phrase plays: A A B A, then again. */
const FORM = [0, 0, 1, 0] as const;

/** For each step of a phrase: the melody note sounding then (or a rest). */
interface StepNote {
  /** Scale degree relative to the tonic (may exceed 7: octaves up), or null for a rest. */
  degree: number | null;
  /** Step of the phrase at which this note started. */
  start: number;
  /** Length in steps. */
  length: number;
}

export interface SynthPlan {
  seed: number;
  tonicMidi: number;
  mode: Mode;
  bpm: number;
  stepSeconds: number;
  progression: readonly number[];
  timbre: Timbre;
  /** Two melodies of STEPS_PER_PHRASE steps each. */
  melodies: StepNote[][];
}

function degreeToMidi(plan: Pick<SynthPlan, "tonicMidi" | "mode">, degree: number): number {
  const scale = MODES[plan.mode];
  const octave = Math.floor(degree / 7);
  const index = degree - octave * 7;
  return plan.tonicMidi + 12 * octave + (scale[index] ?? 0);
}

/** A four-bar melody: stepwise motion, chord tones on downbeats, a held note to end on. */
function composeMelody(random: ReturnType<typeof prng>, progression: readonly number[]): StepNote[] {
  const steps: StepNote[] = [];
  let degree = 7 + random.pick([0, 2, 4]);
  let step = 0;
  while (step < STEPS_PER_PHRASE) {
    const bar = Math.floor(step / STEPS_PER_BAR);
    const chord = progression[bar % progression.length] ?? 0;
    const remainingInBar = STEPS_PER_BAR - (step % STEPS_PER_BAR);
    const lastBar = bar === BARS_PER_PHRASE - 1;
    let length: number;
    let next: number | null;
    if (lastBar && remainingInBar <= 4) {
      // Resolve: hold a chord tone of the last chord to the end of the phrase.
      length = remainingInBar;
      next = 7 + chord + random.pick([0, 2]);
    } else {
      length = Math.min(remainingInBar, random.pick([1, 1, 2, 2, 2, 3, 4]));
      if (step % STEPS_PER_BAR === 0) {
        // Downbeat: the chord tone nearest to where the melody is.
        const tones = [chord, chord + 2, chord + 4].flatMap((d) => [d, d + 7, d + 14]);
        next = tones.reduce((best, d) => (Math.abs(d - degree) < Math.abs(best - degree) ? d : best));
      } else if (random.next() < 0.12) {
        next = null;
        length = Math.min(length, 2);
      } else {
        next = degree + random.pick([-2, -1, -1, 1, 1, 2, 0, 3, -3]);
      }
    }
    if (next !== null) {
      next = Math.min(15, Math.max(4, next));
      degree = next;
    }
    for (let i = 0; i < length; i++) steps.push({ degree: next, start: step, length });
    step += length;
  }
  return steps;
}

/** The plan of a track, from its id alone. */
export function planFor(trackId: string): SynthPlan {
  const seed = hashString(`sound:${trackId}`);
  const random = prng(seed);
  const mode = random.pick(Object.keys(MODES) as Mode[]);
  const tonicMidi = 57 + random.int(-5, 6); // around A3
  const bpm = random.int(84, 128);
  const progression = random.pick(PROGRESSIONS);
  const timbre = random.pick(Object.keys(TIMBRES) as Timbre[]);
  const melodies = [composeMelody(random, progression), composeMelody(random, progression)];
  return { seed, tonicMidi, mode, bpm, stepSeconds: 60 / bpm / 2, progression, timbre, melodies };
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Lead envelope: quick attack, decay to a sustain level, release before the next note. */
function leadEnvelope(t: number, duration: number): number {
  const attack = 0.012;
  if (t < attack) return t / attack;
  const release = Math.min(0.06, duration * 0.3);
  const sustain = 0.55 + 0.45 * Math.exp(-(t - attack) / 0.12);
  if (t > duration - release) return Math.max(0, sustain * ((duration - t) / release));
  return sustain;
}

/**
 * Renders samples [from, from + count) of a piece `totalSamples` long as 16-bit PCM. The piece
 * fades in over its first 40 ms and out over its last seconds, so a preview ends softly too.
 */
export function renderSamples(
  plan: SynthPlan,
  from: number,
  count: number,
  totalSamples: number,
): Int16Array {
  const out = new Int16Array(Math.max(0, Math.min(count, totalSamples - from)));
  const lead = TIMBRES[plan.timbre];
  const { stepSeconds, progression, melodies } = plan;
  const barSeconds = stepSeconds * STEPS_PER_BAR;
  const beatSeconds = stepSeconds * 2;
  const totalSeconds = totalSamples / SAMPLE_RATE;
  const fadeOut = Math.min(3, totalSeconds / 4);
  // Chord tones and bass notes in Hz, per chord of the progression.
  const chords = progression.map((root) => ({
    bass: midiToHz(degreeToMidi(plan, root) - 12),
    pad: [root, root + 2, root + 4].map((d) => midiToHz(degreeToMidi(plan, d))),
  }));
  const leadHz = new Map<number, number>();
  const hzOf = (degree: number) => {
    let hz = leadHz.get(degree);
    if (hz === undefined) {
      hz = midiToHz(degreeToMidi(plan, degree));
      leadHz.set(degree, hz);
    }
    return hz;
  };

  for (let i = 0; i < out.length; i++) {
    const n = from + i;
    const t = n / SAMPLE_RATE;
    const globalStep = Math.floor(t / stepSeconds);
    const phrase = Math.floor(globalStep / STEPS_PER_PHRASE);
    const stepInPhrase = globalStep - phrase * STEPS_PER_PHRASE;
    const bar = Math.floor(t / barSeconds);
    const chord = chords[bar % chords.length] ?? chords[0];
    let mix = 0;

    // Lead melody (from the second bar on, so that each track opens with its groove).
    const melody = melodies[FORM[phrase % FORM.length] ?? 0] ?? [];
    const note = melody[stepInPhrase];
    if (bar >= 1 && note && note.degree !== null) {
      const start = (phrase * STEPS_PER_PHRASE + note.start) * stepSeconds;
      const tNote = t - start;
      mix += 0.3 * leadEnvelope(tNote, note.length * stepSeconds) * read(lead, hzOf(note.degree) * tNote);
    }

    if (chord) {
      // Bass: the chord's root, plucked on every beat.
      const tBeat = t - Math.floor(t / beatSeconds) * beatSeconds;
      mix += 0.26 * Math.min(1, tBeat / 0.005) * Math.exp(-tBeat / 0.22) * read(BASS, chord.bass * tBeat);
      // Pad: the chord held through the bar, swelling in.
      const tBar = t - bar * barSeconds;
      const swell = Math.min(1, tBar / 0.35) * (1 - 0.3 * (tBar / barSeconds));
      let pad = 0;
      for (const hz of chord.pad) pad += read(PAD, hz * tBar);
      mix += 0.055 * swell * pad;
    }

    // Drums: kick on beats 1 and 3, hi-hat on the off-beats, from the third bar on.
    if (bar >= 2) {
      const tKickCycle = t - Math.floor(t / (beatSeconds * 2)) * beatSeconds * 2;
      if (tKickCycle < 0.35) {
        const phase = 45 * tKickCycle + 75 * 0.035 * (1 - Math.exp(-tKickCycle / 0.035));
        mix += 0.5 * Math.exp(-tKickCycle / 0.12) * Math.sin(2 * Math.PI * phase);
      }
      const tStep = t - globalStep * stepSeconds;
      if (globalStep % 2 === 1 && tStep < 0.08) mix += 0.06 * Math.exp(-tStep / 0.018) * noise(n);
    }

    // Fades at both ends of the piece, then a soft clip into 16 bits.
    const fade = Math.min(1, t / 0.04, (totalSeconds - t) / fadeOut);
    const sample = Math.tanh(1.15 * mix * Math.max(0, fade));
    out[i] = Math.round(sample * 32_000);
  }
  return out;
}
