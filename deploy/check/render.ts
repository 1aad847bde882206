/**
 * Renders an overlay of deploy/k8s with `kubectl kustomize` (kustomize is built into kubectl),
 * offline: no cluster is contacted. The kubectl is $KUBECTL if set, else the first on PATH; a
 * standalone `kustomize` ($KUSTOMIZE or on PATH) does as well (`kustomize build`).
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { type Manifest, parseManifests } from "./manifest";

export const K8S_DIR = path.resolve(import.meta.dirname, "../k8s");
export const OVERLAYS = ["dev", "prod"] as const;
export type Overlay = (typeof OVERLAYS)[number];

export const overlayDir = (overlay: Overlay) => path.join(K8S_DIR, "overlays", overlay);

const INSTALL_HINT = [
  "The manifest checks render deploy/k8s with `kubectl kustomize` (kubectl 1.21 or newer, i.e.",
  "kustomize v4+); this machine's image ships one in /usr/bin/kubectl. Elsewhere install kubectl",
  "from the Kubernetes package repositories (https://kubernetes.io/docs/tasks/tools/), or a",
  "standalone kustomize, and put it on PATH or name it in KUBECTL=/path/to/kubectl (or",
  "KUSTOMIZE=/path/to/kustomize). Debian's own `kubernetes-client` package (kubectl 1.20,",
  "kustomize v2) is too old for these kustomizations.",
].join("\n");

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export interface Renderer {
  /** The command and its arguments before the overlay's directory. */
  command: string;
  args: string[];
}

/** How this machine renders a kustomization; throws with install instructions when it cannot. */
export function findRenderer(env: NodeJS.ProcessEnv = process.env): Renderer {
  const kubectl = env.KUBECTL || onPath("kubectl", env);
  if (kubectl) return { command: kubectl, args: ["kustomize"] };
  const kustomize = env.KUSTOMIZE || onPath("kustomize", env);
  if (kustomize) return { command: kustomize, args: ["build"] };
  throw new Error(`No kubectl (or kustomize) found.\n${INSTALL_HINT}`);
}

export function renderOverlay(overlay: Overlay, renderer: Renderer = findRenderer()): Promise<string> {
  const dir = overlayDir(overlay);
  return new Promise((resolve, reject) => {
    execFile(
      renderer.command,
      [...renderer.args, dir],
      // No cluster: an empty KUBECONFIG keeps kubectl from reading one.
      { env: { ...process.env, KUBECONFIG: "/dev/null" }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${renderer.command} ${renderer.args.join(" ")} ${path.relative(process.cwd(), dir)} failed: ${stderr.trim() || error.message}\n${INSTALL_HINT}`,
            ),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

export async function renderManifests(overlay: Overlay, renderer?: Renderer): Promise<Manifest[]> {
  return parseManifests(await renderOverlay(overlay, renderer), `overlay ${overlay}`);
}
