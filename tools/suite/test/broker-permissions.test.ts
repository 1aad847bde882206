/**
 * The broker users' read permissions come from one table (@scs/contracts consumers.json): the
 * provisioning of `npm start` / `npm test` (tools/suite/src/broker/provision.mjs) and of docker-compose.yml must
 * both allow exactly the exchanges each system consumes, and nothing else.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { consumedEvents, consumedExchanges } from "@scs/contracts/consumers";
import { exchangeOf, systems } from "@scs/contracts/topology";
import { describe, expect, it } from "vitest";
import { systemPermissions } from "../src/broker/provision.mjs";

const reads = (system: (typeof systems)[number], name: string) =>
  new RegExp(systemPermissions(system).read).test(name);

describe("broker permissions derived from the consumers table", () => {
  it("lets each system read its own queues and only the exchanges it consumes", () => {
    for (const system of systems) {
      expect(reads(system, `${system}.inbox`)).toBe(true);
      expect(reads(system, `${system}.dead-letters`)).toBe(true);
      for (const other of systems.filter((s) => s !== system)) {
        const consumed = consumedEvents[system].some((type) => type.startsWith(`${other}.`));
        expect(reads(system, exchangeOf(other)), `${system} reads ${exchangeOf(other)}`).toBe(consumed);
        expect(reads(system, `${other}.inbox`), `${system} reads ${other}.inbox`).toBe(false);
      }
    }
  });

  it("keeps catalog and music off each other's exchange (neither consumes the other's events)", () => {
    expect(reads("catalog", "music.events")).toBe(false);
    expect(reads("music", "catalog.events")).toBe(false);
    expect(consumedExchanges("catalog")).toEqual(["store.events"]);
    expect(consumedExchanges("music")).toEqual(["store.events"]);
    expect(consumedExchanges("store")).toEqual(["catalog.events", "music.events"]);
  });

  it("provisions docker-compose.yml's users with the same permissions", () => {
    const compose = readFileSync(path.resolve(import.meta.dirname, "../../../docker-compose.yml"), "utf8");
    for (const system of systems) {
      const line = new RegExp(`call PUT /permissions/scs/${system} '([^']+)'`).exec(compose);
      expect(line, `docker-compose.yml provisions ${system}`).not.toBeNull();
      // Compose escapes `$` as `$$`.
      const granted = JSON.parse((line?.[1] ?? "").replaceAll("$$", "$")) as unknown;
      expect(granted, system).toEqual(systemPermissions(system));
    }
  });
});
