/**
 * The suite's integration events: type, schema version and the schema of `data`.
 * Owned here, not derived from any system's tables, so that a system can change its own
 * storage without breaking its consumers. Add a new version rather than changing one.
 */
import { z } from "zod";

const id = z.string().min(1).max(100);
const cents = z.number().int().nonnegative().max(100_000_000);
const currency = z.literal("EUR");
const orderLine = z.object({
  source: z.enum(["catalog", "music"]),
  itemId: id,
  quantity: z.number().int().positive().max(1000),
  unitPriceCents: cents,
});

export const events = {
  "catalog.product.upserted": {
    version: 1,
    copiesState: true,
    schema: z.object({
      id,
      sku: z.string().min(1).max(64),
      title: z.string().min(1).max(200),
      description: z.string().max(5000),
      priceCents: cents,
      currency,
      category: z.string().min(1).max(80),
      stock: z.number().int().nonnegative(),
      /** URL of the product image, served by catalog. */
      image: z.string().max(500),
    }),
  },
  "catalog.product.removed": { version: 1, copiesState: true, schema: z.object({ id }) },
  "catalog.stock.reserved": { version: 1, copiesState: false, schema: z.object({ orderId: id }) },
  "catalog.stock.rejected": {
    version: 1,
    copiesState: false,
    schema: z.object({ orderId: id, reason: z.string().min(1).max(500) }),
  },
  "music.album.upserted": {
    version: 1,
    copiesState: true,
    schema: z.object({
      id,
      title: z.string().min(1).max(200),
      artist: z.string().min(1).max(200),
      priceCents: cents,
      currency,
      trackCount: z.number().int().nonnegative(),
      /** URL of the cover image, served by music. */
      cover: z.string().max(500),
    }),
  },
  "music.album.removed": { version: 1, copiesState: true, schema: z.object({ id }) },
  /**
   * An account's state as the other systems need it. `roles` and `sessionsValidAfter` were added
   * to version 1 as optional fields (older events lack them; consumers that do not know them
   * ignore them): `sessionsValidAfter` (ISO 8601 instant, milliseconds) revokes every session of
   * the account whose `iat` is earlier — password change, sign out everywhere, demotion, deletion.
   */
  "store.customer.upserted": {
    version: 1,
    copiesState: true,
    schema: z.object({
      id,
      email: z.email().max(254),
      name: z.string().min(1).max(120),
      roles: z
        .array(z.enum(["customer", "admin"]))
        .max(2)
        .optional(),
      sessionsValidAfter: z.iso.datetime({ offset: true }).optional(),
    }),
  },
  "store.order.placed": {
    version: 1,
    copiesState: false,
    schema: z.object({ orderId: id, customerId: id, lines: z.array(orderLine).min(1).max(100) }),
  },
  "store.order.confirmed": {
    version: 1,
    copiesState: false,
    schema: z.object({ orderId: id, customerId: id, lines: z.array(orderLine).min(1).max(100) }),
  },
  "store.order.rejected": {
    version: 1,
    copiesState: false,
    schema: z.object({ orderId: id, reason: z.string().min(1).max(500) }),
  },
  /**
   * A replica that is new or lost its data asks the owners to re-publish their current state.
   * Owners answer by re-publishing every aggregate as `...upserted` with its current version.
   */
  "store.resync.requested": {
    version: 1,
    copiesState: false,
    schema: z.object({ from: z.array(z.enum(["catalog", "music"])).min(1) }),
  },
  "music.resync.requested": {
    version: 1,
    copiesState: false,
    schema: z.object({ from: z.array(z.enum(["store"])).min(1) }),
  },
  "catalog.resync.requested": {
    version: 1,
    copiesState: false,
    schema: z.object({ from: z.array(z.enum(["store"])).min(1) }),
  },
} as const;

export type EventType = keyof typeof events;
export type EventData<T extends EventType> = z.infer<(typeof events)[T]["schema"]>;
export type SystemName = "catalog" | "music" | "store";

export const isEventType = (type: string): type is EventType => Object.hasOwn(events, type);

/** The system that owns (and alone may publish) an event type: its first segment. */
export const ownerOf = (type: EventType): SystemName => type.split(".")[0] as SystemName;
