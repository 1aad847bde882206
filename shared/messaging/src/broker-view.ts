/**
 * What /ops shows of the broker beyond "up": the nodes of the cluster, up or down, and which node
 * leads each of the system's quorum queues. Read from the management API with the system's own
 * broker user (tag `management`: it sees its vhost only), every few seconds in the background,
 * so that rendering /ops never waits on the broker.
 */

import type { SystemName } from "@scs/contracts/events";
import { deadLetterOf, inboxQueueOf, VHOST } from "@scs/contracts/topology";

export interface QueuePlacement {
  queue: string;
  /** The node that leads the queue (quorum queues), or the node it lives on. */
  leader: string | null;
  members: string[];
  online: string[];
}

export interface BrokerView {
  /** `connected`: this system has a connection on that node (the broker's list of its user's connections). */
  nodes: { name: string; up: boolean; connected: boolean }[];
  queues: QueuePlacement[];
  checkedAt: number;
  /** Why the view could not be read (management API unreachable, user not allowed), if so. */
  error: string | null;
}

interface QueueInfo {
  node?: string;
  leader?: string;
  members?: string[];
  online?: string[];
}

export function watchBrokerView(options: {
  system: SystemName;
  /** The management API base URL, or several (the nodes of a cluster) separated by commas. */
  managementUrl: string;
  /** The system's AMQP URL: its user and password sign the requests. */
  amqpUrl: string;
  intervalMs?: number;
}) {
  const bases = options.managementUrl
    .split(",")
    .map((url) => url.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  const first = new URL(options.amqpUrl.split(",")[0]?.trim() ?? "");
  const authorization = `Basic ${Buffer.from(
    `${decodeURIComponent(first.username)}:${decodeURIComponent(first.password)}`,
  ).toString("base64")}`;
  const queues = [inboxQueueOf(options.system), deadLetterOf(options.system)];
  let view: BrokerView | null = null;

  /** GET from the first node's management API that answers. */
  async function get<T>(apiPath: string): Promise<T> {
    let lastError = "no management URL";
    for (const base of bases) {
      try {
        const response = await fetch(`${base}/api${apiPath}`, {
          headers: { authorization },
          signal: AbortSignal.timeout(2_000),
        });
        if (response.ok) return (await response.json()) as T;
        lastError = `${response.status} ${response.statusText}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    throw new Error(lastError);
  }

  const queueInfo = (queue: string) =>
    get<QueueInfo>(`/queues/${encodeURIComponent(VHOST)}/${encodeURIComponent(queue)}`);

  /**
   * The nodes this system's connections are on: a user tagged `management` sees its own connections
   * only. /ops names the node by its AMQP address otherwise, which does not say which node it is.
   */
  async function connectedNodes(): Promise<Set<string>> {
    try {
      const connections = await get<{ node?: string; user?: string }[]>("/connections?columns=node,user");
      return new Set(
        connections
          .filter((c) => c.user === decodeURIComponent(first.username) && c.node)
          .map((c) => c.node as string),
      );
    } catch {
      return new Set();
    }
  }

  async function refresh() {
    try {
      const placements = await Promise.all(
        queues.map(async (queue): Promise<QueuePlacement> => {
          const info = await queueInfo(queue);
          const members = info.members ?? (info.node ? [info.node] : []);
          return { queue, leader: info.leader ?? info.node ?? null, members, online: info.online ?? members };
        }),
      );
      const connected = await connectedNodes();
      const names = [...new Set([...placements.flatMap((p) => p.members), ...connected])].sort();
      const online = new Set(placements.flatMap((p) => p.online));
      view = {
        nodes: names.map((name) => ({ name, up: online.has(name), connected: connected.has(name) })),
        queues: placements,
        checkedAt: Date.now(),
        error: null,
      };
    } catch (error) {
      view = {
        nodes: view?.nodes ?? [],
        queues: view?.queues ?? [],
        checkedAt: Date.now(),
        error: (error as Error).message,
      };
    }
  }

  void refresh();
  const timer = setInterval(() => void refresh(), options.intervalMs ?? 5_000);
  timer.unref();
  return {
    current: () => view,
    stop: () => clearInterval(timer),
  };
}
