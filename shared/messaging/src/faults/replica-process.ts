/**
 * The replica ("store") as a process of its own, so that tests can SIGKILL it mid-stream.
 * Usage: tsx replica-process.ts <amqp url> <sqlite file>. Prints `STATUS <json>` every 100 ms.
 */

import { createTestDb } from "@scs/testing";
import { createMessaging } from "../runtime";
import * as messagingTables from "../tables";
import { modelTables } from "./model";
import { replicaSubscriptions } from "./replica";

const [url, file] = process.argv.slice(2);
if (!url || !file) throw new Error("usage: replica-process.ts <amqp url> <sqlite file>");
const db = await createTestDb({ ...messagingTables, ...modelTables }, file);
const messaging = createMessaging({
  system: "store",
  amqpUrl: url,
  db,
  subscriptions: replicaSubscriptions,
  log: (line) => console.error(`[replica] ${line}`),
});
setInterval(() => console.log(`STATUS ${JSON.stringify(messaging.status())}`), 100);
process.once("SIGTERM", () => void messaging.stop().then(() => process.exit(0)));
