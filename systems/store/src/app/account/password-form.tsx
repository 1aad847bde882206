"use client";
import { useActionState } from "react";
import { changePasswordAction } from "@/actions/change-password";
import type { FormState } from "@/actions/form-state";
import { Field } from "@/components/field";
import { Notice } from "@/components/notice";

type FieldName = "currentPassword" | "newPassword";

export function PasswordForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState(changePasswordAction, {} as FormState<FieldName>);
  return (
    <form action={action} noValidate className="space-y-5" aria-labelledby="password-heading">
      {/* For password managers: which account this password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      {state.formError && <Notice tone="error">{state.formError}</Notice>}
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.currentPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters. Every other device is signed out."
        error={state.fieldErrors?.newPassword}
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
