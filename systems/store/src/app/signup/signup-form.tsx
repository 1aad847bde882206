"use client";
import { idleFormState } from "@scs/web/form-state";
import { useActionState } from "react";
import { signUp } from "@/actions/sign-up";
import { Field } from "@/components/field";

export function SignUpForm({ returnTo, signInHref }: { returnTo: string; signInHref: string }) {
  const [state, action, pending] = useActionState(signUp, idleFormState);
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
        name="name"
        label="Your name"
        autoComplete="name"
        required
        defaultValue={state.values?.name}
        error={state.errors.name}
        autoFocus
      />
      <Field
        name="email"
        label="Email address"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.errors.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        error={state.errors.password}
      />
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-xl bg-accent-600 px-5 py-3 font-semibold text-white shadow-sm hover:bg-accent-700 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-center text-sm text-ink-500">
        Already have an account?{" "}
        <a href={signInHref} className="font-semibold text-accent-600 hover:text-accent-700">
          Sign in
        </a>
      </p>
    </form>
  );
}
