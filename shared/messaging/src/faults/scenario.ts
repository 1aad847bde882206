/**
 * What the fault tests share: the pace of a fault schedule, writes spread over time, the oracle
 * check, and a valid product event as catalog's relay publishes it.
 */
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, expect } from "vitest";
import { FaultLab } from "./fault-lab";

export const FREEZE_SECONDS = Number(process.env.FAULT_FREEZE_SECONDS ?? 60);

/** Paces the fault schedule (not a wait for a condition: those use `eventually`). */
export const pace = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lab of the calling test file's own: started before its tests, stopped after them. */
export function labOfThisFile(name: string) {
  const lab = new FaultLab(name);
  beforeAll(async () => {
    await lab.start();
  }, 180_000);
  afterAll(async () => {
    await lab.stop();
  }, 60_000);
  return { lab, ...scenario(lab) };
}

function scenario(lab: FaultLab) {
  /** Writes spread over catalog and music, over `seconds`, on 100 aggregates with many versions. */
  async function writeSpread(count: number, seconds: number, prefix: string) {
    const batch = 10;
    for (let i = 0; i < count; i += batch) {
      for (let j = i; j < Math.min(count, i + batch); j++)
        lab.write(j % 2 === 0 ? "catalog" : "music", `${prefix}-${j % 100}`);
      await pace((seconds * 1000 * batch) / count);
    }
  }

  /**
   * Writes 40 changes a second (catalog and music in turn) for as long as `work` runs, then
   * resolves with its result: for faults whose length the broker decides, not the test.
   */
  async function writeDuring<T>(prefix: string, work: () => Promise<T>): Promise<T> {
    let done = false;
    const writing = (async () => {
      for (let j = 0; !done; j++) {
        lab.write(j % 2 === 0 ? "catalog" : "music", `${prefix}-${j % 100}`);
        if (j % 10 === 9) await pace(250);
      }
    })();
    try {
      return await work();
    } finally {
      done = true;
      await writing;
    }
  }

  /** The oracle after a fault: nothing lost, nothing applied twice, the copies equal the owners'. */
  async function expectNoDamage() {
    const oracle = await lab.oracle();
    const name = expect.getState().currentTestName ?? "";
    console.log(
      `oracle · ${name.replace(/^.*? > /, "")}: committed ${oracle.committed}, lost ${oracle.lost}, duplicated effects ${oracle.duplicatedEffects}, unexpected ${oracle.unexpected}, mismatched copies ${oracle.mismatched}`,
    );
    expect(oracle).toMatchObject({ lost: 0, duplicatedEffects: 0, unexpected: 0, mismatched: 0 });
    return oracle;
  }

  return { writeSpread, writeDuring, expectNoDamage };
}

/** A valid full-state product event, as catalog's relay would publish it. */
export function productEvent(id: string, version: number) {
  return {
    specversion: "1.0",
    id: uuidv7(),
    source: "/catalog",
    type: "catalog.product.upserted",
    subject: id,
    time: new Date().toISOString(),
    aggregateversion: version,
    data: {
      id,
      sku: id,
      title: id,
      description: "",
      priceCents: version,
      currency: "EUR",
      category: "lab",
      stock: 1,
      image: "",
    },
  };
}
