/**
 * turbo serves a task from its cache when the task's own package did not change. A package's unit
 * tests also run the code of the workspace packages it depends on, so their hash must change with
 * those packages too: the `transit` task (turbo.json) chains every dependency into it. Without it,
 * a change only in @scs/contracts left @scs/messaging's tests green from the cache.
 * Type checks read their dependencies' sources the same way, and hang on `transit` too rather than
 * on their dependencies' type checks: each package's tsc checks those sources itself, so all of
 * them run at once instead of level by level (contracts → messaging → asyncapi → ui → systems).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

type DryTask = { taskId: string; dependencies: string[] };

function taskGraph(task: string): Map<string, string[]> {
  const out = execFileSync(path.join(root, "node_modules/.bin/turbo"), ["run", task, "--dry=json"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  const { tasks } = JSON.parse(out) as { tasks: DryTask[] };
  return new Map(tasks.map((t) => [t.taskId, t.dependencies]));
}

function closure(graph: Map<string, string[]>, taskId: string): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const dep of graph.get(id) ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
    }
  };
  visit(taskId);
  return seen;
}

describe("turbo's cache of unit tests", () => {
  const graph = taskGraph("test:unit");

  it.each([
    ["@scs/messaging", ["@scs/contracts"]],
    ["@scs/suite", ["@scs/contracts"]],
    ["@scs/asyncapi", ["@scs/contracts", "@scs/messaging"]],
    ["@scs/store", ["@scs/messaging", "@scs/contracts", "@scs/web"]],
  ])("re-runs %s's tests when %s change", (pkg, dependencies) => {
    const inputs = closure(graph, `${pkg}#test:unit`);
    for (const dependency of dependencies) expect(inputs).toContain(`${dependency}#transit`);
  });
});

describe("turbo's type checks", () => {
  const graph = taskGraph("typecheck");

  it.each([
    ["@scs/messaging", ["@scs/contracts"]],
    ["@scs/ui", ["@scs/contracts", "@scs/messaging", "@scs/asyncapi"]],
    ["@scs/store", ["@scs/messaging", "@scs/contracts", "@scs/web", "@scs/ui"]],
  ])("re-check %s when %s change, without waiting for their checks", (pkg, dependencies) => {
    const inputs = closure(graph, `${pkg}#typecheck`);
    for (const dependency of dependencies) expect(inputs).toContain(`${dependency}#transit`);
    expect([...inputs].filter((id) => id.endsWith("#typecheck"))).toEqual([]);
  });
});
