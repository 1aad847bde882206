"use client";

import { type FormState, idleFormState } from "@scs/web/form-state";
import Link from "next/link";
import { useActionState, useId, useState } from "react";
import { DownIcon, PlusIcon, TrashIcon, UpIcon } from "@/components/icons";
import { formatDuration, formatRunningTime, parseDuration } from "@/lib/format";

export interface AlbumFormValues {
  id: string;
  title: string;
  artist: string;
  artistId?: string;
  year: number;
  genre: string;
  priceCents: number;
  published: boolean;
  version: number;
  tracks: { id: string; title: string; durationSeconds: number }[];
}

interface Row {
  key: number;
  /** The stored track's id (its sound follows it when reordered); none for a new row. */
  id?: string;
  title: string;
  duration: string;
}

let nextKey = 1;
const isBlank = (r: Row) => r.title.trim() === "" && r.duration.trim() === "";
const row = (title = "", duration = "", id?: string): Row => ({ key: nextKey++, id, title, duration });

const inputClass = (invalid: boolean) =>
  `w-full rounded-xl border bg-night-900 px-3.5 py-2.5 text-white placeholder:text-haze-500 focus:outline-none focus:ring-2 ${
    invalid
      ? "border-glow-500/80 focus:ring-glow-500/40"
      : "border-white/10 focus:border-accent-400 focus:ring-accent-500/30"
  }`;

function Field({
  id,
  label,
  hint,
  error,
  children,
  className = "",
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-semibold text-haze-300">
        {label}
      </label>
      <div className="mt-1.5">{children}</div>
      {error ? (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-glow-400">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="mt-1.5 text-sm text-haze-500">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

/** The album editor of the back office: "New album" (with artist) and "Edit album". */
export function AlbumForm({
  action,
  album,
  artists,
  genres,
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  album?: AlbumFormValues;
  artists: string[];
  genres: string[];
}) {
  const [state, formAction, pending] = useActionState(action, idleFormState);
  const [rows, setRows] = useState<Row[]>(() =>
    album
      ? album.tracks.map((t) => row(t.title, formatDuration(t.durationSeconds), t.id))
      : [row(), row(), row()],
  );
  const uid = useId();
  const errors = state.errors ?? {};
  const values = state.values;
  const value = (name: string, fallback: string) => values?.[name] ?? fallback;
  const describedBy = (field: string, errorKey = field, hasHint = false) =>
    errors[errorKey] ? `${uid}-${field}-error` : hasHint ? `${uid}-${field}-hint` : undefined;
  const filled = rows.filter((r) => !isBlank(r)).length;
  const total = rows.reduce((sum, r) => {
    const seconds = parseDuration(r.duration);
    return Number.isNaN(seconds) ? sum : sum + seconds;
  }, 0);

  const update = (key: number, change: Partial<Row>) =>
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const move = (index: number, by: number) =>
    setRows((current) => {
      const next = [...current];
      const [moved] = next.splice(index, 1);
      if (moved) next.splice(index + by, 0, moved);
      return next;
    });

  return (
    <form action={formAction} noValidate className="space-y-8">
      {album && (
        <>
          <input type="hidden" name="id" value={album.id} />
          <input type="hidden" name="version" value={album.version} />
        </>
      )}

      {state.message && (
        <div
          role={state.status === "error" ? "alert" : "status"}
          className={`rounded-2xl border px-4 py-3 text-sm ${
            state.status === "error"
              ? "border-glow-500/40 bg-glow-500/10 text-glow-400"
              : "border-emerald-400/30 bg-emerald-400/10 text-emerald-300"
          }`}
        >
          {state.message}
        </div>
      )}

      <section
        aria-labelledby={`${uid}-about`}
        className="rounded-3xl border border-white/5 bg-night-850 p-5 sm:p-7"
      >
        <h2 id={`${uid}-about`} className="headline text-2xl">
          About the album
        </h2>
        <div className="mt-6 grid gap-5 sm:grid-cols-2">
          <Field id={`${uid}-title`} label="Title" error={errors.title} className="sm:col-span-2">
            <input
              id={`${uid}-title`}
              name="title"
              defaultValue={value("title", album?.title ?? "")}
              required
              maxLength={200}
              aria-invalid={!!errors.title}
              aria-describedby={describedBy("title")}
              className={inputClass(!!errors.title)}
              placeholder="e.g. Harbor Lights"
            />
          </Field>
          {album ? (
            <div>
              <p className="block text-sm font-semibold text-haze-300">Artist</p>
              <p className="mt-1.5 flex items-center justify-between gap-3 rounded-xl border border-white/5 bg-night-900/50 px-3.5 py-2.5 text-haze-300">
                <span className="truncate">{album.artist}</span>
                {album.artistId && (
                  <Link
                    href={`/admin/artists/${album.artistId}`}
                    className="shrink-0 text-sm font-semibold text-accent-300 underline-offset-4 hover:underline"
                  >
                    Edit artist
                  </Link>
                )}
              </p>
            </div>
          ) : (
            <Field
              id={`${uid}-artist`}
              label="Artist"
              hint="An existing artist, or a new name to create the artist."
              error={errors.artist}
            >
              <input
                id={`${uid}-artist`}
                name="artist"
                list={`${uid}-artists`}
                defaultValue={value("artist", "")}
                required
                maxLength={200}
                autoComplete="off"
                aria-invalid={!!errors.artist}
                aria-describedby={describedBy("artist", "artist", true)}
                className={inputClass(!!errors.artist)}
              />
              <datalist id={`${uid}-artists`}>
                {artists.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            </Field>
          )}
          <Field id={`${uid}-genre`} label="Genre" error={errors.genre}>
            <input
              id={`${uid}-genre`}
              name="genre"
              list={`${uid}-genres`}
              defaultValue={value("genre", album?.genre ?? "")}
              required
              maxLength={60}
              autoComplete="off"
              aria-invalid={!!errors.genre}
              aria-describedby={describedBy("genre")}
              className={inputClass(!!errors.genre)}
              placeholder="e.g. Dream Pop"
            />
            <datalist id={`${uid}-genres`}>
              {genres.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </Field>
          <Field id={`${uid}-year`} label="Release year" error={errors.year}>
            <input
              id={`${uid}-year`}
              name="year"
              inputMode="numeric"
              defaultValue={value("year", String(album?.year ?? new Date().getFullYear()))}
              aria-invalid={!!errors.year}
              aria-describedby={describedBy("year")}
              className={inputClass(!!errors.year)}
            />
          </Field>
          <Field
            id={`${uid}-price`}
            label="Price (€, VAT included)"
            hint="For the whole album, e.g. 9.99"
            error={errors.priceCents}
          >
            <input
              id={`${uid}-price`}
              name="price"
              inputMode="decimal"
              defaultValue={value("price", album ? (album.priceCents / 100).toFixed(2) : "")}
              required
              aria-invalid={!!errors.priceCents}
              aria-describedby={describedBy("price", "priceCents", true)}
              className={inputClass(!!errors.priceCents)}
              placeholder="9.99"
            />
          </Field>
          <div className="sm:col-span-2">
            <label className="flex cursor-pointer items-start gap-3 rounded-2xl border border-white/5 bg-night-900/60 p-4">
              <input
                type="checkbox"
                name="published"
                defaultChecked={values ? values.published === "on" : (album?.published ?? true)}
                className="mt-0.5 h-5 w-5 accent-accent-500"
              />
              <span>
                <span className="block font-semibold text-white">Published</span>
                <span className="block text-sm text-haze-400">
                  Published albums are listed on Waveline and offered by the store. Unpublish to take an album
                  off sale without deleting it.
                </span>
              </span>
            </label>
          </div>
        </div>
      </section>

      <section
        aria-labelledby={`${uid}-tracks`}
        className="rounded-3xl border border-white/5 bg-night-850 p-5 sm:p-7"
      >
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id={`${uid}-tracks`} className="headline text-2xl">
            Tracklist
          </h2>
          <p className="text-sm text-haze-400" aria-live="polite">
            {filled} {filled === 1 ? "track" : "tracks"} · {formatRunningTime(total)}
          </p>
        </div>
        <p className="mt-2 text-sm text-haze-500">
          Durations as minutes:seconds, like 3:45. Empty rows are left out.
        </p>
        {errors.tracks && (
          <p role="alert" className="mt-3 text-sm text-glow-400">
            {errors.tracks}
          </p>
        )}
        <ol className="mt-5 space-y-3">
          {rows.map((r, index) => {
            // Blank rows are not submitted; errors refer to the position among submitted rows.
            const blank = isBlank(r);
            const submitted = rows.slice(0, index).filter((x) => !isBlank(x)).length;
            const titleError = blank ? undefined : errors[`tracks.${submitted}.title`];
            const durationError = blank ? undefined : errors[`tracks.${submitted}.durationSeconds`];
            const titleId = `${uid}-track-${r.key}-title`;
            const durationId = `${uid}-track-${r.key}-duration`;
            return (
              <li
                key={r.key}
                className="grid grid-cols-[2rem_1fr] gap-x-3 gap-y-1 sm:grid-cols-[2rem_1fr_7rem_auto]"
              >
                <span className="pt-3 text-right font-semibold text-haze-500 tabular-nums">{index + 1}</span>
                <div>
                  <input type="hidden" name={blank ? undefined : "trackId"} value={r.id ?? ""} />
                  <label htmlFor={titleId} className="sr-only">
                    Title of track {index + 1}
                  </label>
                  <input
                    id={titleId}
                    name={blank ? undefined : "trackTitle"}
                    value={r.title}
                    onChange={(e) => update(r.key, { title: e.target.value })}
                    placeholder="Track title"
                    maxLength={200}
                    aria-invalid={!!titleError}
                    aria-describedby={titleError ? `${titleId}-error` : undefined}
                    className={inputClass(!!titleError)}
                  />
                </div>
                <div className="col-start-2 sm:col-start-auto">
                  <label htmlFor={durationId} className="sr-only">
                    Duration of track {index + 1} (minutes:seconds)
                  </label>
                  <input
                    id={durationId}
                    name={blank ? undefined : "trackDuration"}
                    value={r.duration}
                    onChange={(e) => update(r.key, { duration: e.target.value })}
                    placeholder="3:45"
                    inputMode="numeric"
                    aria-invalid={!!durationError}
                    aria-describedby={durationError ? `${durationId}-error` : undefined}
                    className={`${inputClass(!!durationError)} tabular-nums`}
                  />
                </div>
                <div className="col-start-2 flex gap-1 sm:col-start-auto">
                  <button
                    type="button"
                    onClick={() => move(index, -1)}
                    disabled={index === 0}
                    aria-label={`Move track ${index + 1} up`}
                    className="rounded-lg p-2.5 text-haze-400 hover:bg-white/10 hover:text-white disabled:opacity-30 disabled:hover:bg-transparent"
                  >
                    <UpIcon className="h-4 w-4" />
                  </button>
                  <button
                    type="button"
                    onClick={() => move(index, 1)}
                    disabled={index === rows.length - 1}
                    aria-label={`Move track ${index + 1} down`}
                    className="rounded-lg p-2.5 text-haze-400 hover:bg-white/10 hover:text-white disabled:opacity-30 disabled:hover:bg-transparent"
                  >
                    <DownIcon className="h-4 w-4" />
                  </button>
                  <button
                    type="button"
                    onClick={() => setRows((current) => current.filter((x) => x.key !== r.key))}
                    aria-label={`Remove track ${index + 1}`}
                    className="rounded-lg p-2.5 text-haze-400 hover:bg-glow-500/15 hover:text-glow-400"
                  >
                    <TrashIcon className="h-4 w-4" />
                  </button>
                </div>
                {(titleError || durationError) && (
                  <div className="col-start-2 text-sm text-glow-400 sm:col-span-3">
                    {titleError && <p id={`${titleId}-error`}>{titleError}</p>}
                    {durationError && <p id={`${durationId}-error`}>{durationError}</p>}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          onClick={() => setRows((current) => [...current, row()])}
          className="mt-4 ml-11 inline-flex items-center gap-2 rounded-full border border-dashed border-white/20 px-4 py-2 text-sm font-semibold text-haze-300 hover:border-accent-400 hover:text-white"
        >
          <PlusIcon className="h-4 w-4" /> Add a track
        </button>
      </section>

      <div className="flex flex-wrap items-center gap-4">
        <button
          type="submit"
          disabled={pending}
          className="bg-brand rounded-full px-7 py-3 font-semibold text-white shadow-glow transition-transform hover:scale-[1.02] disabled:opacity-60"
        >
          {pending ? "Saving…" : album ? "Save changes" : "Create album"}
        </button>
        <Link href="/admin" className="rounded-full px-4 py-3 font-semibold text-haze-300 hover:text-white">
          Cancel
        </Link>
      </div>
    </form>
  );
}
