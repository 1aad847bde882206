"use client";
/** The round "play" button on an album card's cover: a preview of the album's opening track. */
import { PauseIcon, PlayIcon } from "@/components/icons";
import { usePlayer } from "./player";
import { type TrackListAlbum, type TrackListTrack, toQueue } from "./track-list";

export function CoverPlayButton({ album, track }: { album: TrackListAlbum; track: TrackListTrack }) {
  const player = usePlayer();
  const queue = toQueue(album, [track], false);
  const current = player.current?.id === track.id && player.current.kind === "preview";
  const playing = current && player.playing;
  return (
    <button
      type="button"
      onClick={() => player.play(queue, 0)}
      aria-label={`${playing ? "Pause" : "Play"} a preview of ${album.title}`}
      className={`absolute right-3 bottom-3 z-10 grid h-12 w-12 place-items-center rounded-full bg-white text-night-950 shadow-xl shadow-black/50 transition-all hover:scale-105 focus-visible:translate-y-0 focus-visible:opacity-100 ${
        current
          ? "translate-y-0 opacity-100"
          : "translate-y-2 opacity-0 group-hover:translate-y-0 group-hover:opacity-100"
      }`}
    >
      {playing ? <PauseIcon className="h-5 w-5" /> : <PlayIcon className="ml-0.5 h-5 w-5" />}
    </button>
  );
}
