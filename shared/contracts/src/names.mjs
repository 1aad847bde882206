// @ts-check
// The suite's names fixed by CONTRACT.md "Messaging": the broker's virtual host and the three
// systems. Plain JavaScript, because the suite's tooling (tools/suite) runs on a fresh clone before
// node_modules exists and reads them by path; topology.ts gives the same values to TypeScript.

/** The virtual host of the suite's broker. */
export const VHOST = "scs";

/** The three systems, in the order the suite lists them everywhere. */
export const SYSTEMS = /** @type {const} */ (["catalog", "music", "store"]);

/** @typedef {(typeof SYSTEMS)[number]} System */

/** The content type of every event message (CloudEvents 1.0, JSON structured mode). */
export const CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json";
