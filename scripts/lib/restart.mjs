// Zero-downtime restart of one system (`npm run restart -- <system>`): a fresh process on the
// system's second port beside the old one, ready (/api/ready), the front door switched to it, the
// old one drained and stopped. The running `npm start` does the work (it owns the processes, their
// environment and the gateway); `npm run restart` asks it over a Unix socket in <dataDir>/run and
// prints its progress. Plain Node ESM, Node built-ins only.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { findFreePort, SetupError, SYSTEMS, sleep } from "./suite.mjs";

/** A system's second port: its own + 100 (3101–3103); a restart alternates between the two. */
export const SECOND_PORT_OFFSET = 100;
/** How long the front door's old nginx workers get to finish what they forward to the old process. */
const OLD_WORKERS_LIMIT_MS = 10_000;

export const controlSocket = (dataDir) => path.join(path.resolve(dataDir), "run", "control.sock");

/** The pids of the processes whose parent is `pid` (nginx's master → its workers), from /proc. */
function childPids(pid) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fields after the command name (which may hold spaces): state, then the parent's pid.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) pids.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Points the front door at `port` for `sys` and waits until nginx's workers from before the reload
 * have exited: until then they may still forward requests to the old process, which must not stop
 * accepting before. (New workers start at once with the new upstream; old ones finish the
 * requests in hand and close their idle connections.)
 */
export async function switchGateway(gateway, sys, port, log = () => {}) {
  const before = childPids(gateway.pid);
  const begun = Date.now();
  gateway.setUpstream(sys, `127.0.0.1:${port}`);
  while (before.some(alive) && Date.now() - begun < OLD_WORKERS_LIMIT_MS) await sleep(50);
  const left = before.filter(alive).length;
  log(
    left === 0
      ? `  front door: ${sys} → 127.0.0.1:${port} (old workers done in ${Date.now() - begun} ms)`
      : `  front door: ${sys} → 127.0.0.1:${port}; ${left} old worker(s) still busy after ${OLD_WORKERS_LIMIT_MS} ms`,
  );
}

/**
 * The port a restart of `sys` moves to in a suite on free ports (the e2e suite, the benchmark):
 * back to its own when it is away from it, else a free one. So two restarts bring it home, and
 * whatever still uses the direct URL works again.
 */
export async function nextFreePort(suite, sys) {
  return suite.livePorts()[sys] === suite.ports[sys] ? findFreePort() : suite.ports[sys];
}

/**
 * Replaces `sys` of a running suite (scripts/lib/suite.mjs startSuite) with a fresh process on its
 * other port (or `port`), switching `gateway` (scripts/lib/gateway.mjs; optional: without one,
 * only the direct port changes). Resolves what replaceSystem measured, plus the port it moved from.
 */
export async function restartSystem({ suite, gateway, sys, port, log = console.log }) {
  if (!SYSTEMS.includes(sys)) throw new SetupError(`Unknown system "${sys}": one of ${SYSTEMS.join(", ")}`);
  const from = suite.livePorts()[sys];
  port ??= from === suite.ports[sys] ? suite.ports[sys] + SECOND_PORT_OFFSET : suite.ports[sys];
  log(`Restarting ${sys}: new process on port ${port} beside the one on ${from} …`);
  const result = await suite.replaceSystem(sys, {
    port,
    switchTo: gateway ? (to) => switchGateway(gateway, sys, to, log) : undefined,
  });
  log(
    `  ${sys} restarted: ready in ${(result.readyMs / 1000).toFixed(1)} s on ${port}; ` +
      `old process (pid ${result.oldPid}) drained and stopped in ${(result.drainMs / 1000).toFixed(1)} s`,
  );
  return { ...result, from };
}

/**
 * The running `npm start`'s side: answers restart requests on <dataDir>/run/control.sock, one at
 * a time. A request is one JSON line `{"restart":"<system>"}`; the answer is progress lines, then
 * one JSON line `{"ok":true,…}` or `{"ok":false,"error":"…"}`. Returns { close() }.
 */
export function serveRestarts({ dataDir, restart }) {
  const file = controlSocket(dataDir);
  rmSync(file, { force: true });
  let busy = false;
  const server = net.createServer((socket) => {
    let buffer = "";
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf("\n");
      if (newline < 0) return;
      const line = buffer.slice(0, newline);
      buffer = "";
      const answer = (value) => socket.end(`${JSON.stringify(value)}\n`);
      let request;
      try {
        request = JSON.parse(line);
      } catch {
        return answer({ ok: false, error: "not a JSON request" });
      }
      if (!SYSTEMS.includes(request?.restart))
        return answer({ ok: false, error: `unknown system: one of ${SYSTEMS.join(", ")}` });
      if (busy)
        return answer({ ok: false, error: "another restart is in progress; try again when it is done" });
      busy = true;
      const say = (text) => {
        console.log(text);
        if (!socket.destroyed) socket.write(`${text}\n`);
      };
      restart(request.restart, say)
        .then((result) => answer({ ok: true, ...result }))
        .catch((error) => answer({ ok: false, error: error.message }))
        .finally(() => {
          busy = false;
        });
    });
  });
  server.listen(file);
  return {
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        rmSync(file, { force: true });
      }),
  };
}

/**
 * `npm run restart`'s side: asks the `npm start` of `dataDir` to restart `sys`, printing its
 * progress. Resolves the final answer ({ok, …}); rejects when no suite runs there.
 */
export function requestRestart({ dataDir, sys, log = console.log }) {
  const file = controlSocket(dataDir);
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(file);
    let buffer = "";
    let final = null;
    socket.on("connect", () => socket.write(`${JSON.stringify({ restart: sys })}\n`));
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("{")) final = JSON.parse(line);
        else log(line);
      }
    });
    socket.on("error", (error) =>
      reject(
        error.code === "ENOENT" || error.code === "ECONNREFUSED"
          ? new SetupError(
              `No running suite found for ${dataDir} (no ${file}): start it with \`npm start\` first.`,
            )
          : error,
      ),
    );
    socket.on("close", () =>
      final ? resolve(final) : reject(new SetupError("The suite closed the connection without an answer.")),
    );
  });
}
