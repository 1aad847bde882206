/**
 * The front door on Kubernetes (docs/decisions/0020-front-door.md): the Ingress sends every path
 * of its one host to the gateway, whose configuration is the generator's
 * (`node tools/suite/src/gateway.mjs k8s`) for the overlay's own public URLs, and routes /catalog/,
 * /music/ and /store/ (prefix stripped) to the systems' Services.
 */

import { K8S_REAL_IP_FROM, K8S_STATIC_PAGES, k8sGatewayFiles, PREFIXES } from "@scs/suite/gateway";
import { describe, expect, it } from "vitest";
import { SYSTEMS } from "./house-rules";
import type { Json, JsonObject, Manifest } from "./manifest";
import { OVERLAYS } from "./render";
import { rendered } from "./rendered";

const byKind = (docs: Manifest[], kind: string) => docs.filter((d) => d.kind === kind);
const named = (docs: Manifest[], kind: string, prefix: string): Manifest => {
  const doc = docs.find(
    (d) => d.kind === kind && (d.metadata.name === prefix || d.metadata.name.startsWith(`${prefix}-`)),
  );
  if (!doc) throw new Error(`no ${kind} ${prefix}`);
  return doc;
};
const obj = (value: Json | undefined) => (value ?? {}) as JsonObject;
const data = (doc: Manifest) => obj(doc.data) as Record<string, string>;
const gatewayPod = (docs: Manifest[]) =>
  obj(obj(obj(named(docs, "Deployment", "gateway").spec).template).spec);

describe.each(OVERLAYS)("the front door in overlay %s", (overlay) => {
  it("is the generator's configuration for this overlay's public URLs (node tools/suite/src/gateway.mjs k8s)", () => {
    const docs = rendered(overlay);
    const suite = data(named(docs, "ConfigMap", "suite"));
    const expected = k8sGatewayFiles({
      catalog: suite.CATALOG_URL ?? "",
      music: suite.MUSIC_URL ?? "",
      store: suite.STORE_URL ?? "",
    });
    const actual = data(named(docs, "ConfigMap", "gateway"));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, text] of Object.entries(expected)) expect(actual[key], key).toBe(text);
  });

  it("routes each prefix, stripped, to the system's Service on a port it has", () => {
    const docs = rendered(overlay);
    const config = data(named(docs, "ConfigMap", "gateway"));
    for (const system of SYSTEMS) {
      const prefix = PREFIXES[system];
      // The upstream block named after the system (no switch file in a cluster: always home).
      expect(config["nginx.conf"], system).toContain(`set $scs_upstream_${system} ${system};`);
      expect(config["nginx.conf"], system).toContain(
        `location ${prefix}/ {\n            rewrite (?s)^${prefix}(/.*)$ $1 break;\n            proxy_pass http://$scs_upstream_${system};`,
      );
      const server = new RegExp(`upstream ${system} \\{\\s*server ([\\w.-]+):(\\d+)`).exec(
        config["upstreams.conf"] ?? "",
      );
      expect(server, `upstream ${system}`).not.toBeNull();
      const service = named(docs, "Service", server?.[1] ?? "");
      const ports = ((obj(service.spec).ports ?? []) as JsonObject[]).map((p) => p.port);
      expect(ports, `${system}'s Service`).toContain(Number(server?.[2]));
    }
  });

  it("runs nginx on that configuration, every file where nginx.conf looks for it", () => {
    const docs = rendered(overlay);
    const pod = gatewayPod(docs);
    const container = ((pod.containers ?? []) as JsonObject[])[0] ?? {};
    expect(container.command).toEqual(expect.arrayContaining(["-c", "/etc/nginx/scs/nginx.conf"]));
    const mount = ((container.volumeMounts ?? []) as JsonObject[]).find(
      (m) => m.mountPath === "/etc/nginx/scs",
    );
    const volume = ((pod.volumes ?? []) as JsonObject[]).find((v) => v.name === mount?.name);
    const configMap = obj(volume?.configMap);
    expect(String(configMap.name)).toBe(named(docs, "ConfigMap", "gateway").metadata.name);
    const items = Object.fromEntries(((configMap.items ?? []) as JsonObject[]).map((i) => [i.key, i.path]));
    for (const file of ["nginx.conf", "upstreams.conf", "proxy_params.conf", "rewrites.conf"])
      expect(items[file], file).toBe(file);
    for (const page of K8S_STATIC_PAGES)
      expect(items[page.replaceAll("/", "-")], page).toBe(`html/_gateway/${page}`);
  });

  it("lets store believe the gateway's X-Forwarded-For (from the ranges the gateway trusts itself)", () => {
    const env = ((
      (obj(obj(obj(named(rendered(overlay), "StatefulSet", "store").spec).template).spec).containers ??
        []) as JsonObject[]
    )[0]?.env ?? []) as JsonObject[];
    const trusted = env.find((e) => e.name === "TRUSTED_PROXY_ADDRESSES")?.value;
    expect(String(trusted).split(",")).toEqual([...K8S_REAL_IP_FROM]);
  });
});

describe("the front door in prod", () => {
  it("is the only backend of the Ingress: its one host, every path, and FRONT_DOOR_URL names it", () => {
    const docs = rendered("prod");
    const [ingress, ...others] = byKind(docs, "Ingress");
    expect(others).toEqual([]);
    const rules = (obj(ingress?.spec).rules ?? []) as JsonObject[];
    expect(rules).toHaveLength(1);
    const paths = (obj(rules[0]?.http).paths ?? []) as JsonObject[];
    expect(paths.map((p) => [p.path, p.pathType, obj(obj(p.backend).service).name])).toEqual([
      ["/", "Prefix", "gateway"],
    ]);
    expect(data(named(docs, "ConfigMap", "suite")).FRONT_DOOR_URL).toBe(`https://${String(rules[0]?.host)}`);
  });
});
