// Installing what the suite needs from Debian packages (rabbitmq-server, nginx, prometheus,
// chromium) with apt-get, as root on Debian or Ubuntu. Plain Node ESM, Node built-ins only.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

function osRelease() {
  try {
    const text = readFileSync("/etc/os-release", "utf8");
    const get = (key) => (text.match(new RegExp(`^${key}="?([^"\\n]*)"?`, "m")) ?? [])[1] ?? "";
    return { id: get("ID"), idLike: get("ID_LIKE") };
  } catch {
    return { id: "", idLike: "" };
  }
}

/** Debian or Ubuntu (or a derivative) with apt-get available. */
export function isDebianLike() {
  const { id, idLike } = osRelease();
  const debianish = /\b(debian|ubuntu)\b/.test(`${id} ${idLike}`);
  return debianish && spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
}

export const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

let aptUpdated = false;
/**
 * Installs Debian packages with apt-get (root only), printing what it does.
 * Returns true on success, false when it cannot (not root / not Debian-like / apt failed).
 */
export function aptInstall(packages, { log = console.log, reason = "" } = {}) {
  if (!isRoot() || !isDebianLike()) return false;
  log(`Installing ${packages.join(", ")} with apt-get${reason ? ` (${reason})` : ""} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    if (update.status !== 0) return false;
    aptUpdated = true;
  }
  const install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], {
    stdio: "inherit",
    env,
  });
  return install.status === 0;
}
