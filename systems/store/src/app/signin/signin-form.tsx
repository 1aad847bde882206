"use client";
import { idleFormState } from "@scs/web/form-state";
import { useActionState } from "react";
import { signIn } from "@/actions/sign-in";
import { Field } from "@/components/field";

export function SignInForm({ returnTo, signUpHref }: { returnTo: string; signUpHref: string }) {
  const [state, action, pending] = useActionState(signIn, idleFormState);
  return (
    <form action={action} noValidate className="space-y-5">
      <input type="hidden" name="returnTo" value={returnTo} />
      {state.message && (
        <p
          role="alert"
          data-testid="form-error"
          className="rounded-xl border border-danger-600/30 bg-danger-600/5 px-4 py-3 text-sm text-danger-600"
        >
          {state.message}
        </p>
      )}
      <Field
        name="email"
        label="Email address"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.errors.email}
        autoFocus
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={state.errors.password}
      />
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-xl bg-accent-600 px-5 py-3 font-semibold text-white shadow-sm hover:bg-accent-700 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-sm text-ink-500">
        New to the Suite?{" "}
        <a href={signUpHref} className="font-semibold text-accent-600 hover:text-accent-700">
          Create an account
        </a>
      </p>
    </form>
  );
}
