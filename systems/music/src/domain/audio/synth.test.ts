import { describe, expect, it } from "vitest";
import { MODES, planFor, renderSamples } from "./synth";

const SECOND = 22_050;
/** Byte-wise equality (deep equality of 100k-element arrays is needlessly slow). */
const bytes = (a: Int16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const same = (a: Int16Array, b: Int16Array) => bytes(a).equals(bytes(b));

describe("planFor", () => {
  it("is the same for the same track and differs between tracks", () => {
    expect(planFor("track-a")).toEqual(planFor("track-a"));
    const plans = ["a", "b", "c", "d", "e", "f"].map((id) => planFor(`track-${id}`));
    expect(new Set(plans.map((p) => `${p.mode} ${p.tonicMidi} ${p.bpm} ${p.timbre}`)).size).toBeGreaterThan(
      1,
    );
  });

  it("writes melodies in its key: four bars of eighth notes within two octaves", () => {
    const plan = planFor("track-a");
    expect(Object.keys(MODES)).toContain(plan.mode);
    expect(plan.bpm).toBeGreaterThanOrEqual(84);
    expect(plan.bpm).toBeLessThanOrEqual(128);
    for (const melody of plan.melodies) {
      expect(melody).toHaveLength(32);
      const notes = melody.filter((s) => s.degree !== null);
      expect(notes.length).toBeGreaterThan(16);
      for (const step of notes) {
        expect(step.degree).toBeGreaterThanOrEqual(4);
        expect(step.degree).toBeLessThanOrEqual(15);
      }
    }
  });
});

describe("renderSamples", () => {
  const plan = planFor("track-a");
  const total = 8 * SECOND;

  it("is deterministic and renders any stretch on its own, identical to the whole", () => {
    const whole = renderSamples(plan, 0, total, total);
    expect(same(renderSamples(plan, 0, total, total), whole)).toBe(true);
    const from = 3 * SECOND + 123;
    expect(same(renderSamples(plan, from, 5000, total), whole.subarray(from, from + 5000))).toBe(true);
  });

  it("makes sound: loud enough, never clipping, silent at the very start", () => {
    const samples = renderSamples(plan, 0, total, total);
    let peak = 0;
    let energy = 0;
    for (const s of samples) {
      peak = Math.max(peak, Math.abs(s));
      energy += s * s;
    }
    const rms = Math.sqrt(energy / samples.length);
    expect(peak).toBeLessThanOrEqual(32_000);
    expect(peak).toBeGreaterThan(8_000);
    expect(rms).toBeGreaterThan(1_500);
    expect(samples[0]).toBe(0);
  });

  it("fades out at the end of the piece and renders nothing past it", () => {
    const tail = renderSamples(plan, total - 100, 1000, total);
    expect(tail).toHaveLength(100);
    expect(Math.abs(tail[99] ?? 1)).toBeLessThan(200);
  });

  it("sounds different for another track", () => {
    const a = renderSamples(plan, SECOND, SECOND, total);
    const b = renderSamples(planFor("track-b"), SECOND, SECOND, total);
    expect(same(a, b)).toBe(false);
  });
});
