"use client";

import { idleFormState } from "@scs/web/form-state";
import { useActionState } from "react";
import { createArtistAction } from "@/actions/create-artist";
import { updateArtistAction } from "@/actions/update-artist";

const inputClass = (invalid: boolean) =>
  `w-full rounded-xl border bg-night-900 px-3.5 py-2.5 text-white placeholder:text-haze-500 focus:outline-none focus:ring-2 ${
    invalid
      ? "border-glow-500/80 focus:ring-glow-500/40"
      : "border-white/10 focus:border-accent-400 focus:ring-accent-500/30"
  }`;

/** "New artist" (no `artist`) or the editor of an existing one (name and biography). */
export function ArtistForm({
  artist,
}: {
  artist?: { id: string; name: string; bio: string; version: number };
}) {
  const [state, action, pending] = useActionState(
    artist ? updateArtistAction : createArtistAction,
    idleFormState,
  );
  const errors = state.errors ?? {};
  return (
    <form action={action} noValidate className="space-y-4">
      {artist && (
        <>
          <input type="hidden" name="id" value={artist.id} />
          <input type="hidden" name="version" value={artist.version} />
        </>
      )}
      {state.message && (
        <p
          role="alert"
          className="rounded-xl border border-glow-500/40 bg-glow-500/10 px-3 py-2 text-sm text-glow-400"
        >
          {state.message}
        </p>
      )}
      <div>
        <label htmlFor="artist-name" className="block text-sm font-semibold text-haze-300">
          Name
        </label>
        <input
          id="artist-name"
          name="name"
          required
          maxLength={200}
          defaultValue={state.values?.name ?? artist?.name ?? ""}
          aria-invalid={!!errors.name}
          aria-describedby={errors.name ? "artist-name-error" : undefined}
          className={`mt-1.5 ${inputClass(!!errors.name)}`}
        />
        {errors.name && (
          <p id="artist-name-error" className="mt-1.5 text-sm text-glow-400">
            {errors.name}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="artist-bio" className="block text-sm font-semibold text-haze-300">
          Biography <span className="font-normal text-haze-500">(optional)</span>
        </label>
        <textarea
          id="artist-bio"
          name="bio"
          rows={artist ? 8 : 5}
          maxLength={2000}
          defaultValue={state.values?.bio ?? artist?.bio ?? ""}
          aria-invalid={!!errors.bio}
          aria-describedby={errors.bio ? "artist-bio-error" : undefined}
          className={`mt-1.5 ${inputClass(!!errors.bio)}`}
          placeholder="Where they are from, what they sound like."
        />
        {errors.bio && (
          <p id="artist-bio-error" className="mt-1.5 text-sm text-glow-400">
            {errors.bio}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={pending}
        className={`bg-brand rounded-full py-2.5 font-semibold text-white shadow-glow disabled:opacity-60 ${
          artist ? "px-7" : "w-full px-5"
        }`}
      >
        {pending ? (artist ? "Saving…" : "Adding…") : artist ? "Save changes" : "Add artist"}
      </button>
    </form>
  );
}
