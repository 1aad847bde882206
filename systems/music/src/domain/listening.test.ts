import { describe, expect, it } from "vitest";
import { type ListeningContext, mayListen } from "./listening";

const onSale = { published: true, deletedAt: null };
const draft = { published: false, deletedAt: null };
const deleted = { published: true, deletedAt: 1 };
const visitor = { signedIn: false, isAdmin: false, owner: false };
const customer = { signedIn: true, isAdmin: false, owner: false };
const owner = { signedIn: true, isAdmin: false, owner: true };
const admin = { signedIn: true, isAdmin: true, owner: false };

const status = (context: ListeningContext) => {
  const decision = mayListen(context);
  return decision.allowed ? 200 : decision.status;
};

describe("mayListen", () => {
  it("lets everybody hear the preview of a track on sale", () => {
    for (const who of [visitor, customer, owner, admin]) {
      expect(status({ kind: "preview", album: onSale, ...who })).toBe(200);
    }
  });

  it("plays full tracks for owners only: 401 for visitors, 403 for everybody else", () => {
    expect(status({ kind: "full", album: onSale, ...owner })).toBe(200);
    expect(status({ kind: "full", album: onSale, ...visitor })).toBe(401);
    expect(status({ kind: "full", album: onSale, ...customer })).toBe(403);
    expect(status({ kind: "full", album: onSale, ...admin })).toBe(403);
  });

  it("keeps an album playable for its owners once it is off sale, and hides it from the others", () => {
    for (const album of [draft, deleted]) {
      expect(status({ kind: "full", album, ...owner })).toBe(200);
      expect(status({ kind: "preview", album, ...owner })).toBe(200);
      expect(status({ kind: "full", album, ...visitor })).toBe(404);
      expect(status({ kind: "preview", album, ...customer })).toBe(404);
    }
  });

  it("lets administrators preview drafts but not deleted albums", () => {
    expect(status({ kind: "preview", album: draft, ...admin })).toBe(200);
    expect(status({ kind: "preview", album: deleted, ...admin })).toBe(404);
    expect(status({ kind: "full", album: draft, ...admin })).toBe(403);
  });
});
