"use client";
/**
 * An album's tracklist with a play button per track: clicking a track plays the album from there
 * in the persistent player (previews for everybody, full tracks for owners).
 */
import { ClockIcon, EqualizerIcon, PauseIcon, PlayIcon } from "@/components/icons";
import { formatDuration, plural } from "@/lib/format";
import { type QueueTrack, usePlayer } from "./player";

export interface TrackListAlbum {
  id: string;
  title: string;
  artist: string;
  cover: string;
  year: number;
  durationSeconds: number;
}

export interface TrackListTrack {
  id: string;
  position: number;
  title: string;
  durationSeconds: number;
}

export function toQueue(album: TrackListAlbum, tracks: TrackListTrack[], full: boolean): QueueTrack[] {
  return tracks.map((track) => ({
    id: track.id,
    title: track.title,
    artist: album.artist,
    albumId: album.id,
    albumTitle: album.title,
    cover: album.cover,
    src: `/audio/tracks/${encodeURIComponent(track.id)}/${full ? "full" : "preview"}.wav`,
    kind: full ? "full" : "preview",
    durationSeconds: track.durationSeconds,
  }));
}

export function TrackList({
  album,
  tracks,
  full,
}: {
  album: TrackListAlbum;
  tracks: TrackListTrack[];
  /** The listener owns the album: full tracks instead of previews. */
  full: boolean;
}) {
  const player = usePlayer();
  const queue = toQueue(album, tracks, full);
  return (
    <table className="w-full text-left">
      <caption className="sr-only">
        Tracklist of {album.title}: {full ? "full tracks" : "30-second previews"}
      </caption>
      <thead>
        <tr className="border-b border-white/10 text-xs tracking-[0.15em] text-haze-500 uppercase">
          <th scope="col" className="w-14 py-3 pr-2 text-right font-medium">
            #
          </th>
          <th scope="col" className="py-3 pl-4 font-medium">
            Title
          </th>
          <th scope="col" className="py-3 pr-2 text-right font-medium">
            <ClockIcon className="ml-auto h-4 w-4" />
            <span className="sr-only">Duration</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tracks.map((track, index) => {
          const isCurrent = player.current?.id === track.id && player.current.kind === queue[index]?.kind;
          const playing = isCurrent && player.playing;
          const label = `${playing ? "Pause" : "Play"} ${track.title}${full ? "" : " (preview)"}`;
          return (
            <tr
              key={track.id}
              data-testid="track"
              aria-current={isCurrent ? "true" : undefined}
              className={`group border-b border-white/5 transition-colors hover:bg-white/[0.04] ${
                isCurrent ? "bg-white/[0.06]" : ""
              }`}
            >
              <td className="py-2 pr-2 text-right">
                <button
                  type="button"
                  onClick={() => player.play(queue, index)}
                  title={label}
                  className="relative ml-auto grid h-9 w-9 place-items-center rounded-full text-haze-500 tabular-nums hover:bg-white hover:text-night-950 focus-visible:bg-white focus-visible:text-night-950"
                >
                  {/* Named by this text, not aria-label: the track number it shows is decoration, and an
                      aria-label that leaves out visible text fails WCAG 2.5.3 (label in name). */}
                  <span className="sr-only">{label}</span>
                  {playing ? (
                    <>
                      <EqualizerIcon className="text-accent-300 group-hover:hidden group-focus-within:hidden" />
                      <PauseIcon className="hidden h-4 w-4 group-hover:block group-focus-within:block" />
                    </>
                  ) : (
                    <>
                      <span
                        aria-hidden
                        className={`group-hover:hidden group-focus-within:hidden ${isCurrent ? "text-accent-300" : ""}`}
                      >
                        {track.position}
                      </span>
                      <PlayIcon className="ml-0.5 hidden h-4 w-4 group-hover:block group-focus-within:block" />
                    </>
                  )}
                </button>
              </td>
              <td className="py-2.5 pl-4">
                <span className={`font-medium ${isCurrent ? "text-accent-300" : "text-white"}`}>
                  {track.title}
                </span>
                <span className="block text-sm text-haze-400">{album.artist}</span>
              </td>
              <td className="py-2.5 pr-2 text-right text-haze-400 tabular-nums">
                {formatDuration(track.durationSeconds)}
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <td />
          <td className="py-4 pl-4 text-sm text-haze-400">
            {plural(tracks.length, "track")} · released {album.year}
            {full ? " · in your library: full tracks" : " · 30-second previews"}
          </td>
          <td className="py-4 pr-2 text-right text-sm text-haze-400 tabular-nums">
            {formatDuration(album.durationSeconds)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** "Play" for a whole album: starts its first track (or pauses/resumes it when it is playing). */
export function PlayAlbumButton({
  album,
  tracks,
  full,
  variant = "solid",
  label,
}: {
  album: TrackListAlbum;
  tracks: TrackListTrack[];
  full: boolean;
  /** "solid": the page's main action; "ghost": next to another main action. */
  variant?: "solid" | "ghost";
  label?: string;
}) {
  const player = usePlayer();
  const queue = toQueue(album, tracks, full);
  const playingThis = player.current?.albumId === album.id && player.current.kind === queue[0]?.kind;
  const text = label ?? (full ? "Play" : "Play previews");
  if (queue.length === 0) return null;
  return (
    <button
      type="button"
      onClick={() => (playingThis ? player.toggle() : player.play(queue, 0))}
      className={`inline-flex items-center gap-2 rounded-full px-6 py-3 font-semibold transition-transform hover:scale-[1.03] ${
        variant === "solid"
          ? "bg-white text-night-950"
          : "border border-white/20 bg-white/5 text-white hover:bg-white/10"
      }`}
    >
      {playingThis && player.playing ? (
        <>
          <PauseIcon className="h-4 w-4" /> Pause
        </>
      ) : (
        <>
          <PlayIcon className="h-4 w-4" /> {playingThis ? "Resume" : text}
        </>
      )}
      <span className="sr-only"> {album.title}</span>
    </button>
  );
}
