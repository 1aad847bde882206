import { afterEach, describe, expect, it, vi } from "vitest";
import { watchBrokerView } from "./broker-view";

const queue = (leader: string, online: string[]) => ({
  leader,
  members: ["rabbit-1@a", "rabbit-2@b", "rabbit-3@c"],
  online,
});

/** A management API answering for a cluster whose node 1 is down (its URL refuses). */
function managementApi(connections: { node: string; user: string }[]) {
  return vi.fn(async (input: string | URL | Request) => {
    const url = String(input);
    if (url.startsWith("http://node-1")) throw new TypeError("fetch failed");
    if (url.includes("/api/connections")) return Response.json(connections);
    if (url.includes("/api/queues/scs/store.inbox"))
      return Response.json(queue("rabbit-2@b", ["rabbit-2@b", "rabbit-3@c"]));
    if (url.includes("/api/queues/scs/store.dead-letters"))
      return Response.json(queue("rabbit-3@c", ["rabbit-2@b", "rabbit-3@c"]));
    return new Response("not found", { status: 404 });
  });
}

async function viewOf(connections: { node: string; user: string }[]) {
  vi.stubGlobal("fetch", managementApi(connections));
  const watch = watchBrokerView({
    system: "store",
    managementUrl: "http://node-1:15672,http://node-2:15672",
    amqpUrl: "amqp://store:secret@node-1:5672/scs,amqp://store:secret@node-2:5672/scs",
    intervalMs: 60_000,
  });
  try {
    await vi.waitFor(() => expect(watch.current()).not.toBeNull(), { timeout: 10_000 });
    return watch.current();
  } finally {
    watch.stop();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the broker view of /ops", () => {
  it("names the node the system is connected to, from its own connections, among the nodes up and down", async () => {
    const view = await viewOf([
      { node: "rabbit-3@c", user: "store" },
      { node: "rabbit-2@b", user: "catalog" },
    ]);
    expect(view?.error).toBeNull();
    expect(view?.nodes).toEqual([
      { name: "rabbit-1@a", up: false, connected: false },
      { name: "rabbit-2@b", up: true, connected: false },
      { name: "rabbit-3@c", up: true, connected: true },
    ]);
    expect(view?.queues.map((q) => [q.queue, q.leader])).toEqual([
      ["store.inbox", "rabbit-2@b"],
      ["store.dead-letters", "rabbit-3@c"],
    ]);
  });

  it("shows no connection when the system has none", async () => {
    const view = await viewOf([]);
    expect(view?.nodes.map((n) => [n.name, n.up, n.connected])).toEqual([
      ["rabbit-1@a", false, false],
      ["rabbit-2@b", true, false],
      ["rabbit-3@c", true, false],
    ]);
  });
});
