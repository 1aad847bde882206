"use client";

import { idleFormState } from "@scs/web/form-state";
import { useActionState } from "react";
import { deleteProductAction } from "@/actions/delete-product";

export function DeleteProductForm({ productId, title }: { productId: string; title: string }) {
  const [state, formAction, pending] = useActionState(deleteProductAction, idleFormState);
  return (
    <form key={state.attempt ?? "initial"} action={formAction} className="space-y-4">
      <input type="hidden" name="id" value={productId} />
      <p className="text-sm text-ink-700">
        “{title}” disappears from the shop and from the Store at once. Orders already placed keep their lines.
      </p>
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="confirm" value="yes" required className="size-4 accent-danger-600" />
        Yes, remove this product
      </label>
      {state.status === "error" && state.message ? (
        <p role="alert" className="text-sm font-medium text-danger-600">
          {state.message}
        </p>
      ) : null}
      <button type="submit" className="btn-danger" disabled={pending}>
        {pending ? "Removing…" : "Remove product"}
      </button>
    </form>
  );
}
