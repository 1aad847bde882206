"use client";
import { idleFormState } from "@scs/web/form-state";
import { useActionState } from "react";
import { changePasswordAction } from "@/actions/change-password";
import { Field } from "@/components/field";
import { Notice } from "@/components/notice";

export function PasswordForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState(changePasswordAction, idleFormState);
  return (
    <form action={action} noValidate className="space-y-5" aria-labelledby="password-heading">
      {/* For password managers: which account this password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      {state.message && <Notice tone="error">{state.message}</Notice>}
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        error={state.errors.currentPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters. Every other device is signed out."
        error={state.errors.newPassword}
      />
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-xl bg-accent-600 px-5 py-3 font-semibold text-white shadow-sm hover:bg-accent-700 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Changing your password…" : "Change password"}
      </button>
    </form>
  );
}
