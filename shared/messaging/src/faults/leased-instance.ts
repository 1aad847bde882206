/**
 * One instance of a system ("store") under the messaging lease, as a process of its own so that
 * the lease test can SIGKILL or SIGTERM it. Usage: tsx leased-instance.ts <amqp url> <sqlite file>
 * <name>. It applies catalog's products (the fault lab's replica handlers) while it holds the lease,
 * writes one event of its own to the shared outbox every 20 ms whatever its role (a page-serving
 * instance keeps writing), and prints `ROLE <active|standby> <epoch ms>`, `STOPPED <epoch ms>` and
 * `STATUS <json>` lines.
 */

import { createTestDb } from "@scs/testing";
import { leadMessaging } from "../lease";
import { recordEvent, transact } from "../outbox";
import { createMessaging } from "../runtime";
import * as messagingTables from "../tables";
import { modelTables } from "./model";
import { replicaSubscriptions } from "./replica";

const [url, file, name] = process.argv.slice(2);
if (!url || !file || !name) throw new Error("usage: leased-instance.ts <amqp url> <sqlite file> <name>");

const db = await createTestDb({ ...messagingTables, ...modelTables }, file);
const messaging = leadMessaging(
  {
    system: "store",
    amqpUrl: url,
    db,
    subscriptions: replicaSubscriptions,
    log: (line) => console.error(`[${name}] ${line}`),
  },
  createMessaging,
  {
    // Short, so that the test waits little: lease.integration.test.ts states the bound from these.
    timing: { ttlMs: 2_000, renewEveryMs: 200, pollEveryMs: 100 },
    instanceId: name,
    onRole: (role) => console.log(`ROLE ${role} ${Date.now()}`),
  },
);
let n = 0;
const writer = setInterval(() => {
  n++;
  const id = `${name}-${n}`;
  transact(db, (tx) =>
    recordEvent(
      tx,
      "store.customer.upserted",
      id,
      { id, email: `${id}@example.com`, name: id },
      { aggregateVersion: 1 },
    ),
  );
  messaging.wake();
}, 20);
const reporter = setInterval(() => console.log(`STATUS ${JSON.stringify(messaging.status())}`), 100);
process.once("SIGTERM", () => {
  clearInterval(writer);
  void messaging.stop().then(() => {
    clearInterval(reporter);
    console.log(`STOPPED ${Date.now()}`);
    process.exit(0);
  });
});
