import { idleFormState } from "@scs/web/form-state";
import { describe, expect, it, vi } from "vitest";

vi.mock("@/auth/session", async () => ({
  isAdmin: (await import("@scs/web/session")).isAdmin,
  getSession: async () => ({
    sub: "a1",
    email: "ada@example.com",
    name: "Ada",
    roles: ["customer", "admin"],
  }),
}));
vi.mock("@/db/client", () => ({
  getDb: () => {
    throw new Error("the database is not reached with a bad id");
  },
}));

const { updateAlbumAction } = await import("./update-album");

describe("the album edit form's action", () => {
  it("answers a missing album id on the form, not with a 500", async () => {
    const form = new FormData();
    const fields: [string, string][] = [
      ["id", ""],
      ["title", "Low Tide"],
      ["genre", "Ambient"],
      ["price", "8.99"],
      ["trackTitle", "One"],
      ["trackDuration", "3:00"],
    ];
    for (const [key, value] of fields) form.append(key, value);
    const state = await updateAlbumAction(idleFormState, form);
    expect(state).toMatchObject({ status: "error", message: "Some fields need your attention." });
    expect(state.errors.id).toBeDefined();
  });
});
