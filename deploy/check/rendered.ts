/** The overlays as rendered once by global-setup.ts, parsed afresh for each caller. */
import { inject } from "vitest";
import { type Manifest, parseManifests } from "./manifest";
import type { Overlay } from "./render";

export const rendered = (overlay: Overlay): Manifest[] =>
  parseManifests(inject("rendered")[overlay], `overlay ${overlay}`);
