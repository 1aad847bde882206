import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { type ActionSystem, serverActions } from "./action";
import { type FormState, idleFormState } from "./form-state";
import type { Session } from "./session";

const admin: Session = { sub: "a1", email: "ada@example.com", name: "Ada", roles: ["customer", "admin"] };
const customer: Session = { sub: "c1", email: "cy@example.com", name: "Cy", roles: ["customer"] };

class StockRefused extends Error {}

function system(session: Session | null, overrides: Partial<ActionSystem> = {}) {
  const getSession = vi.fn(async () => session);
  const action = serverActions({
    getSession,
    signedOut: (returnPath) => `Signed out; sign in to come back to ${returnPath}`,
    notAdministrator: "Only administrators can change this.",
    invalid: "Please correct the highlighted fields.",
    refusalOf: (error) => (error instanceof StockRefused ? { message: error.message } : undefined),
    ...overrides,
  });
  return { action, getSession };
}

const schema = z.object({
  title: z.string().min(1, "Enter a title"),
  quantity: z.coerce.number().int("Enter a whole number"),
});

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("serverActions", () => {
  it("refuses by the access rule before reading the form or running the work", async () => {
    const run = vi.fn(() => idleFormState);
    const signedOut = system(null).action({ access: "customer", schema, returnPath: () => "/account", run });
    const notAdmin = system(customer).action({ access: "administrator", schema, run });
    const input = form({ title: "", quantity: "x" });

    expect(await signedOut(idleFormState, input)).toMatchObject({
      status: "error",
      message: "Signed out; sign in to come back to /account",
      errors: {},
    });
    expect(await notAdmin(idleFormState, input)).toMatchObject({
      status: "error",
      message: "Only administrators can change this.",
      errors: {},
      values: { title: "", quantity: "x" },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it("lets a customer's rule pass any account and an open action pass without reading the session", async () => {
    const run = vi.fn((): FormState => ({ status: "done", errors: {} }));
    const forCustomers = system(admin).action({ access: "customer", schema, run });
    expect(await forCustomers(idleFormState, form({ title: "Mug", quantity: "2" }))).toEqual({
      status: "done",
      errors: {},
    });
    expect(run).toHaveBeenLastCalledWith(
      { title: "Mug", quantity: 2 },
      expect.objectContaining({ session: admin }),
    );

    const open = system(null);
    const forAnyone = open.action({ access: "anyone", schema, run });
    await forAnyone(idleFormState, form({ title: "Mug", quantity: "2" }));
    expect(open.getSession).not.toHaveBeenCalled();
    expect(run).toHaveBeenLastCalledWith(
      { title: "Mug", quantity: 2 },
      expect.objectContaining({ session: null }),
    );
  });

  it("answers invalid input with each field's first error and the submitted values, never a password", async () => {
    const run = vi.fn(() => idleFormState);
    const action = system(admin).action({ access: "administrator", schema, run });
    const state = await action(idleFormState, form({ title: "", quantity: "1.5", password: "hunter2" }));
    expect(state).toMatchObject({
      status: "error",
      message: "Please correct the highlighted fields.",
      errors: { title: "Enter a title", quantity: "Enter a whole number" },
      values: { title: "", quantity: "1.5" },
    });
    expect(state.values).not.toHaveProperty("password");
    expect(state.attempt).toMatch(/^[0-9a-f-]{36}$/);
    expect(run).not.toHaveBeenCalled();
  });

  it("says an issue on no field of the form as the form's message", async () => {
    const action = system(admin).action({
      access: "administrator",
      schema,
      field: (path) => (path === "title" ? "title" : undefined),
      run: () => idleFormState,
    });
    expect(await action(idleFormState, form({ title: "", quantity: "x" }))).toMatchObject({
      message: expect.stringContaining("number"),
      errors: { title: "Enter a title" },
    });
  });

  it("turns a thrown domain error into the form's message and lets any other error through", async () => {
    const refusing = system(admin).action({
      access: "administrator",
      schema,
      run: () => {
        throw new StockRefused("Only 2 left in stock");
      },
    });
    expect(await refusing(idleFormState, form({ title: "Mug", quantity: "3" }))).toMatchObject({
      status: "error",
      message: "Only 2 left in stock",
      values: { title: "Mug", quantity: "3" },
    });

    const failing = system(admin).action({
      access: "administrator",
      schema,
      run: () => {
        throw new Error("NEXT_REDIRECT");
      },
    });
    await expect(failing(idleFormState, form({ title: "Mug", quantity: "3" }))).rejects.toThrow(
      "NEXT_REDIRECT",
    );
  });

  it("lets the work refuse on its own terms, with issues on fields", async () => {
    const action = system(null).action({
      access: "anyone",
      schema,
      run: (_input, { refuse }) => refuse({ issues: [{ path: "title", message: "Taken" }] }),
    });
    expect(await action(idleFormState, form({ title: "Mug", quantity: "1" }))).toMatchObject({
      status: "error",
      errors: { title: "Taken" },
    });
  });
});
