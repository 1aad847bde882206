// Free and busy TCP ports on loopback: the tests and the e2e suite run on free ports, beside
// `npm start` on the default ones. Plain Node ESM, Node built-ins only.
import net from "node:net";

/**
 * A free TCP port on 127.0.0.1 (bind port 0, read it, close).
 * @returns {Promise<number>}
 */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * `n` distinct free ports.
 * @param {number} n
 * @returns {Promise<number[]>}
 */
export async function findFreePorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await findFreePort());
  return [...ports];
}

/**
 * True when something accepts TCP connections on host:port.
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
export function isPortInUse(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (inUse) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
