"use client";

import { idleFormState } from "@scs/web/form-state";
import { useActionState } from "react";
import { setAlbumPublishedAction } from "@/actions/set-album-published";

/** "Publish" on a draft, "Unpublish" on an album on sale: one click, with the version edited. */
export function PublishToggle({
  album,
  from,
  size = "sm",
}: {
  album: { id: string; title: string; published: boolean; version: number };
  from: "list" | "album";
  size?: "sm" | "lg";
}) {
  const [state, action, pending] = useActionState(setAlbumPublishedAction, idleFormState);
  const verb = album.published ? "Unpublish" : "Publish";
  return (
    <form
      action={action}
      className={`${size === "lg" ? "flex w-full" : "inline-flex"} flex-col items-end gap-1`}
    >
      <input type="hidden" name="id" value={album.id} />
      <input type="hidden" name="version" value={album.version} />
      <input type="hidden" name="published" value={album.published ? "false" : "true"} />
      <input type="hidden" name="from" value={from} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded-full font-semibold transition-colors disabled:opacity-60 ${
          size === "lg" ? "w-full px-4 py-2.5" : "px-3.5 py-1.5"
        } ${
          album.published
            ? "border border-white/10 text-haze-300 hover:border-amber-300/50 hover:text-amber-200"
            : "bg-emerald-400 text-night-950 hover:bg-emerald-300"
        }`}
      >
        {pending ? `${verb}ing…` : verb}
        <span className="sr-only"> {album.title}</span>
      </button>
      {state.message && (
        <span role="alert" className="max-w-60 text-right text-xs text-glow-400">
          {state.message}
        </span>
      )}
    </form>
  );
}
