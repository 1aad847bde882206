/** Renders each overlay once per test run; test files read the output with `inject`. */
import type { TestProject } from "vitest/node";
import { findRenderer, OVERLAYS, renderOverlay } from "./render";

declare module "vitest" {
  export interface ProvidedContext {
    rendered: Record<(typeof OVERLAYS)[number], string>;
  }
}

export default async function setup(project: TestProject) {
  const renderer = findRenderer();
  const [dev, prod] = await Promise.all(OVERLAYS.map((overlay) => renderOverlay(overlay, renderer)));
  project.provide("rendered", { dev: dev ?? "", prod: prod ?? "" });
}
