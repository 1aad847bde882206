// Zero-downtime restart of one system (`npm run restart -- <system>`): a fresh process on the
// system's second port beside the old one, ready (/api/ready), the front door switched to it, the
// old one drained and stopped. The running `npm start` does the work (it owns the processes, their
// environment and the gateway); `npm run restart` asks it over a Unix socket in <dataDir>/run and
// prints its progress. Plain Node ESM, Node built-ins only.
import { rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { SYSTEMS } from "../../../shared/contracts/src/names.mjs";
import { SetupError } from "./process.mjs";

/** A system's second port under `npm start`: its own + 100 (3101–3103); a restart alternates. */
export const SECOND_PORT_OFFSET = 100;
export const controlSocket = (dataDir) => path.join(path.resolve(dataDir), "run", "control.sock");

/**
 * Points the front door at `port` for `sys` (gateway.route: no reload, no connection closed). The
 * caller then stops the old process at once: its drain keeps accepting until no connection has
 * come for a moment, so a request the front door sent it just before the switch is still served
 * (shared/messaging/src/http-drain.ts); one that connects after it stopped listening is refused
 * and passed on to the new process.
 */
export async function switchGateway(gateway, sys, port, log = () => {}) {
  gateway.route(sys, port);
  log(`  front door: ${sys} → 127.0.0.1:${port}`);
}

/**
 * The port a restart of `sys` moves to: the other of its two (the front door's home and away
 * ports), so two restarts bring it home and whatever uses the direct URL works again. Without a
 * front door, its own + SECOND_PORT_OFFSET and back.
 */
export function otherPort(suite, gateway, sys) {
  const [home, away] = gateway
    ? gateway.ports(sys)
    : [suite.ports[sys], suite.ports[sys] + SECOND_PORT_OFFSET];
  if (away === undefined) throw new SetupError(`The front door has no second address for ${sys}`);
  return suite.livePorts()[sys] === home ? away : home;
}

/**
 * Replaces `sys` of a running suite (tools/suite/src/systems.mjs startSuite) with a fresh process on its
 * other port (otherPort), switching `gateway` (tools/suite/src/gateway.mjs; optional: without one,
 * only the direct port changes) and calling `onSwitch(port)` then (Prometheus's target). Resolves
 * what replaceSystem measured, plus the port it moved from.
 */
export async function restartSystem({ suite, gateway, sys, log = console.log, onSwitch = () => {} }) {
  if (!SYSTEMS.includes(sys)) throw new SetupError(`Unknown system "${sys}": one of ${SYSTEMS.join(", ")}`);
  const from = suite.livePorts()[sys];
  const port = otherPort(suite, gateway, sys);
  log(`Restarting ${sys}: new process on port ${port} beside the one on ${from} …`);
  const result = await suite.replaceSystem(sys, {
    port,
    switchTo: async (to) => {
      if (gateway) await switchGateway(gateway, sys, to, log);
      onSwitch(to);
    },
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
