/**
 * The one wrapper every server action of the suite is built from (as dub's `safe-action.ts`): the
 * action's access rule first, then the form read into its one zod schema, then the work. What
 * goes wrong on the way comes back to the form as a `FormState` — the refusal, the fields' errors,
 * a domain error's message — never as a 500. A redirect (the answer of a success, or a system's
 * sign-in) passes through: Next.js throws it, and only the system's domain errors are caught.
 *
 * A system binds it once (`serverActions` in its `src/lib/action.ts`) with its session and its
 * words; each action then names its rule, its schema and its work.
 */
import type { z } from "zod";
import { type FormState, idleFormState } from "./form-state";
import { isAdmin, type Session } from "./session";

/** Who may run an action: an administrator, any signed-in account (a customer), or anyone. */
export type Access = "administrator" | "customer" | "anyone";

/** An issue on a field: its path in the schema's input ("price", "tracks.2.title") and message. */
export interface Issue {
  path: string;
  message: string;
}

/** A refusal as the form shows it: a message about the form, issues on its fields, or both. */
export interface Refusal {
  message?: string;
  issues?: readonly Issue[];
}

/** What a system says once for all its actions. */
export interface ActionSystem {
  /** The visitor's session (the system's `getSession`). */
  getSession: () => Promise<Session | null>;
  /**
   * A signed-out visitor at an action that needs an account: a redirect to the system's sign-in,
   * coming back to `returnPath` (it throws), or the message the form shows.
   */
  signedOut: (returnPath: string) => string;
  /** The form's message for a signed-in visitor who is not an administrator. */
  notAdministrator: string;
  /** The form's message when fields are invalid; without it only the fields say so. */
  invalid?: string;
  /** The system's domain errors as refusals; any other error goes on (a bug: a 500). */
  refusalOf: (error: unknown) => Refusal | undefined;
}

export interface ActionContext<A extends Access> {
  /** The visitor's session; actions open to anyone do not read it. */
  session: A extends "anyone" ? null : Session;
  form: FormData;
  /** The form's answer to a refusal the work decides on itself, with the submitted values. */
  refuse: (refusal: Refusal) => FormState;
}

export interface ActionDefinition<S extends z.ZodType, A extends Access, R extends FormState> {
  access: A;
  /** The one schema the input must pass (often the JSON API's own). */
  schema: S;
  /** The form as the schema's input; by default its entries (a field given twice: the last one). */
  read?: (form: FormData) => unknown;
  /**
   * The form field an issue's path is shown at (by default the path itself); an issue on no field
   * becomes the form's message.
   */
  field?: (path: string) => string | undefined;
  /** The page a signed-out visitor comes back to after signing in ("/" unless said). */
  returnPath?: (form: FormData) => string;
  /** This action's words for a visitor who is not an administrator, if not the system's. */
  notAdministrator?: string;
  /**
   * The work, as the session's account: the form's next state, or a redirect. (`R` is never read
   * off the work, which may only redirect: a state with more than a FormState is named.)
   */
  run: (input: z.output<S>, context: ActionContext<A>) => NoInfer<R> | Promise<NoInfer<R>>;
}

/** A system's `action(…)`: builds each of its server actions (`(previous, form) => next state`). */
export function serverActions(system: ActionSystem) {
  return function action<S extends z.ZodType, A extends Access, R extends FormState = FormState>(
    definition: ActionDefinition<S, A, R>,
  ): (previous: R, form: FormData) => Promise<R> {
    const field = definition.field ?? ((path: string) => path || undefined);
    return async (_previous, form) => {
      const values = submittedValues(form);
      const refuse = ({ message, issues = [] }: Refusal, fallback?: string): FormState => {
        const errors: Record<string, string> = {};
        const other: string[] = [];
        for (const issue of issues) {
          const key = field(issue.path);
          if (key === undefined) other.push(issue.message);
          else errors[key] ??= issue.message;
        }
        const said = message ?? other[0] ?? fallback;
        return {
          status: "error",
          ...(said === undefined ? {} : { message: said }),
          errors,
          values,
          attempt: crypto.randomUUID(),
        };
      };
      // The refusals are FormStates; a state with more (R) has only optional extras.
      const refused = (refusal: Refusal, fallback?: string) => refuse(refusal, fallback) as R;

      let session: Session | null = null;
      if (definition.access !== "anyone") {
        session = await system.getSession();
        if (!session) return refused({ message: system.signedOut(definition.returnPath?.(form) ?? "/") });
        if (definition.access === "administrator" && !isAdmin(session)) {
          return refused({ message: definition.notAdministrator ?? system.notAdministrator });
        }
      }
      const parsed = await definition.schema.safeParseAsync(
        definition.read ? definition.read(form) : Object.fromEntries(form),
      );
      if (!parsed.success) return refused({ issues: issuesOf(parsed.error) }, system.invalid);
      try {
        const context = { session, form, refuse } as ActionContext<A>;
        return await definition.run(parsed.data, context);
      } catch (error) {
        const refusal = system.refusalOf(error);
        if (!refusal) throw error;
        return refused(refusal);
      }
    };
  };
}

/**
 * A built action for a form without state (`<form action={…}>`: a sign-out button that works
 * without JavaScript), whose answer is a redirect; a refusal leaves the visitor on the page.
 */
export const withoutState =
  (action: (previous: FormState, form: FormData) => Promise<FormState>) =>
  async (form: FormData): Promise<void> => {
    await action(idleFormState, form);
  };

/** A zod error's issues with their paths as the form names fields ("tracks.2.title"). */
export const issuesOf = (error: z.ZodError): Issue[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));

/** The form's text fields to show again, without Next's own and never a password. */
export function submittedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION") || /password/i.test(key)) continue;
    values[key] ??= value;
  }
  return values;
}
