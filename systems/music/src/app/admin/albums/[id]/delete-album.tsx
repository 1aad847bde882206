"use client";

import { idleFormState } from "@scs/web/form-state";
import { useActionState } from "react";
import { deleteAlbumAction } from "@/actions/delete-album";
import { TrashIcon } from "@/components/icons";

/** Deleting asks for a second click: the first one opens the confirmation. */
export function DeleteAlbum({ id, title, version }: { id: string; title: string; version: number }) {
  const [state, action, pending] = useActionState(deleteAlbumAction, idleFormState);
  return (
    <details className="group rounded-2xl border border-glow-500/20 bg-glow-500/5 p-4">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-lg font-semibold text-glow-400 [&::-webkit-details-marker]:hidden">
        <TrashIcon className="h-4 w-4" /> Delete album…
      </summary>
      <form action={action} className="mt-3 space-y-3">
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="version" value={version} />
        <p className="text-sm text-haze-300">
          “{title}” leaves Waveline and is withdrawn from sale at the store. This cannot be undone.
        </p>
        {state.message && (
          <p role="alert" className="text-sm text-glow-400">
            {state.message}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-full bg-glow-500 px-4 py-2.5 font-semibold text-white hover:bg-glow-400 disabled:opacity-60"
        >
          {pending ? "Deleting…" : "Delete for good"}
        </button>
      </form>
    </details>
  );
}
