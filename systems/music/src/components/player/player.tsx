"use client";
/**
 * Waveline's player: one <audio> element in the root layout, so music keeps playing while the
 * listener moves between pages (links are client-side navigations; the layout stays mounted).
 * Track lists hand it a queue; the bar at the bottom of the screen shows and controls it.
 */
import Link from "next/link";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import {
  CloseIcon,
  EqualizerIcon,
  NextIcon,
  PauseIcon,
  PlayIcon,
  PreviousIcon,
  VolumeIcon,
} from "@/components/icons";
import { formatDuration } from "@/lib/format";

export interface QueueTrack {
  id: string;
  title: string;
  artist: string;
  albumId: string;
  albumTitle: string;
  cover: string;
  /** The audio URL: the preview for everybody, the full track for owners. */
  src: string;
  kind: "preview" | "full";
  /** Length of the whole track (a preview plays its first 30 s). */
  durationSeconds: number;
}

interface PlayerState {
  queue: QueueTrack[];
  index: number;
  playing: boolean;
}

interface PlayerApi {
  current: QueueTrack | undefined;
  playing: boolean;
  /** Plays `queue` from `index` (or toggles pause when that track is already the current one). */
  play: (queue: QueueTrack[], index: number) => void;
  toggle: () => void;
}

const PlayerContext = createContext<PlayerApi | null>(null);

export function usePlayer(): PlayerApi {
  const api = useContext(PlayerContext);
  if (!api) throw new Error("usePlayer outside <PlayerProvider>");
  return api;
}

export function PlayerProvider({ children }: { children: ReactNode }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [state, setState] = useState<PlayerState>({ queue: [], index: 0, playing: false });
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [volume, setVolume] = useState(1);
  const [muted, setMuted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = state.queue[state.index];

  /** Starts a track straight from the click (browsers only let a user gesture start playback). */
  const start = useCallback((queue: QueueTrack[], index: number) => {
    const element = audio.current;
    const track = queue[index];
    if (!element || !track) return;
    setError(null);
    setTime(0);
    setDuration(Math.min(track.durationSeconds, track.kind === "preview" ? 30 : track.durationSeconds));
    setState({ queue, index, playing: true });
    element.src = track.src;
    element.play().catch((reason: unknown) => {
      if (reason instanceof DOMException && reason.name === "AbortError") return;
      setState((s) => ({ ...s, playing: false }));
    });
  }, []);

  const toggle = useCallback(() => {
    const element = audio.current;
    if (!element?.src) return;
    if (element.paused) void element.play().catch(() => {});
    else element.pause();
  }, []);

  const play = useCallback(
    (queue: QueueTrack[], index: number) => {
      const track = queue[index];
      if (track && current?.src === track.src) {
        // Same track: keep the position, just pause or resume (and adopt the new queue).
        setState((s) => ({ ...s, queue, index }));
        toggle();
      } else {
        start(queue, index);
      }
    },
    [current?.src, start, toggle],
  );

  const skip = useCallback(
    (by: number) => {
      const element = audio.current;
      // "Previous" restarts the track unless it has only just begun, like every player does.
      if (by < 0 && element && element.currentTime > 3) {
        element.currentTime = 0;
        return;
      }
      const next = state.index + by;
      if (next >= 0 && next < state.queue.length) start(state.queue, next);
    },
    [start, state.index, state.queue],
  );

  const close = useCallback(() => {
    const element = audio.current;
    if (element) {
      element.pause();
      element.removeAttribute("src");
      element.load();
    }
    setState({ queue: [], index: 0, playing: false });
  }, []);

  useEffect(() => {
    if (audio.current) {
      audio.current.volume = volume;
      audio.current.muted = muted;
    }
  }, [volume, muted]);

  // The operating system's media controls (lock screen, media keys).
  useEffect(() => {
    if (!current || typeof navigator === "undefined" || !("mediaSession" in navigator)) return;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: current.title,
      artist: current.artist,
      album: current.albumTitle,
      artwork: [{ src: current.cover, sizes: "600x600", type: "image/svg+xml" }],
    });
    navigator.mediaSession.setActionHandler("nexttrack", () => skip(1));
    navigator.mediaSession.setActionHandler("previoustrack", () => skip(-1));
  }, [current, skip]);

  const api = useMemo<PlayerApi>(
    () => ({ current, playing: state.playing, play, toggle }),
    [current, state.playing, play, toggle],
  );

  return (
    <PlayerContext.Provider value={api}>
      {children}
      {/* biome-ignore lint/a11y/useMediaCaption: generated instrumental music, nothing to caption */}
      <audio
        ref={audio}
        preload="metadata"
        data-testid="player-audio"
        data-kind={current?.kind}
        data-track-id={current?.id}
        onPlay={() => setState((s) => ({ ...s, playing: true }))}
        onPause={() => setState((s) => ({ ...s, playing: false }))}
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) =>
          Number.isFinite(e.currentTarget.duration) && setDuration(e.currentTarget.duration)
        }
        onEnded={() => {
          if (state.index + 1 < state.queue.length) start(state.queue, state.index + 1);
          else setState((s) => ({ ...s, playing: false }));
        }}
        onError={() => {
          if (!audio.current?.getAttribute("src")) return;
          setState((s) => ({ ...s, playing: false }));
          setError("This track could not be played. Reload the page and try again.");
        }}
      />
      {current && (
        <PlayerBar
          track={current}
          playing={state.playing}
          time={time}
          duration={duration}
          hasPrevious={state.index > 0}
          hasNext={state.index + 1 < state.queue.length}
          volume={volume}
          muted={muted}
          error={error}
          onToggle={toggle}
          onSkip={skip}
          onSeek={(seconds) => {
            if (audio.current) audio.current.currentTime = seconds;
            setTime(seconds);
          }}
          onVolume={(v) => {
            setVolume(v);
            setMuted(v === 0);
          }}
          onMute={() => setMuted((m) => !m)}
          onClose={close}
        />
      )}
    </PlayerContext.Provider>
  );
}

function PlayerBar({
  track,
  playing,
  time,
  duration,
  hasPrevious,
  hasNext,
  volume,
  muted,
  error,
  onToggle,
  onSkip,
  onSeek,
  onVolume,
  onMute,
  onClose,
}: {
  track: QueueTrack;
  playing: boolean;
  time: number;
  duration: number;
  hasPrevious: boolean;
  hasNext: boolean;
  volume: number;
  muted: boolean;
  error: string | null;
  onToggle: () => void;
  onSkip: (by: number) => void;
  onSeek: (seconds: number) => void;
  onVolume: (volume: number) => void;
  onMute: () => void;
  onClose: () => void;
}) {
  const progress = duration > 0 ? Math.min(100, (time / duration) * 100) : 0;
  const shownVolume = muted ? 0 : volume;
  return (
    <>
      {/* Keeps the end of every page clear of the bar. */}
      <div aria-hidden="true" className="h-24" />
      <p className="sr-only" aria-live="polite">
        {playing
          ? `Now playing: ${track.title} by ${track.artist}${track.kind === "preview" ? ", preview" : ""}`
          : ""}
      </p>
      <section
        aria-label="Player"
        data-testid="player"
        className="fixed inset-x-0 bottom-0 z-40 border-t border-white/10 bg-night-900/95 shadow-[0_-20px_60px_-20px_rgb(0_0_0/0.8)] backdrop-blur-xl"
      >
        <div className="container-music grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-1 py-3 md:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)_minmax(0,1fr)]">
          <div className="flex min-w-0 items-center gap-3 md:row-span-2">
            {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
            <img src={track.cover} alt="" width={48} height={48} className="h-12 w-12 shrink-0 rounded-lg" />
            <div className="min-w-0">
              <p className="flex items-center gap-2 truncate font-semibold text-white">
                {playing && <EqualizerIcon className="shrink-0 text-accent-300" />}
                <span className="truncate">{track.title}</span>
              </p>
              <p className="flex min-w-0 items-center gap-2 text-sm text-haze-400">
                <span
                  className={`shrink-0 rounded px-1.5 py-px text-[0.65rem] font-bold tracking-wider uppercase ${
                    track.kind === "full" ? "bg-emerald-400/15 text-emerald-300" : "bg-white/10 text-haze-300"
                  }`}
                >
                  {track.kind === "full" ? "Full" : "Preview"}
                </span>
                <Link href={`/albums/${track.albumId}`} className="truncate hover:text-white hover:underline">
                  {track.artist} · {track.albumTitle}
                </Link>
              </p>
            </div>
          </div>

          <div className="flex flex-col items-center gap-1 md:col-start-2 md:row-start-1">
            <div className="flex items-center gap-2">
              <button
                type="button"
                onClick={() => onSkip(-1)}
                aria-label="Previous track"
                className="hidden rounded-full p-2 text-haze-300 hover:text-white disabled:opacity-30 sm:block"
                disabled={!hasPrevious && time < 3}
              >
                <PreviousIcon className="h-5 w-5" />
              </button>
              <button
                type="button"
                onClick={onToggle}
                aria-label={playing ? `Pause ${track.title}` : `Play ${track.title}`}
                className="grid h-10 w-10 place-items-center rounded-full bg-white text-night-950 transition-transform hover:scale-105"
              >
                {playing ? <PauseIcon className="h-5 w-5" /> : <PlayIcon className="ml-0.5 h-5 w-5" />}
              </button>
              <button
                type="button"
                onClick={() => onSkip(1)}
                aria-label="Next track"
                className="hidden rounded-full p-2 text-haze-300 hover:text-white disabled:opacity-30 sm:block"
                disabled={!hasNext}
              >
                <NextIcon className="h-5 w-5" />
              </button>
              <button
                type="button"
                onClick={onClose}
                aria-label="Close the player"
                className="rounded-full p-2 text-haze-400 hover:text-white md:hidden"
              >
                <CloseIcon className="h-4 w-4" />
              </button>
            </div>
          </div>

          <div className="col-span-2 flex items-center gap-2 text-xs text-haze-400 tabular-nums md:col-span-1 md:col-start-2 md:row-start-2 md:-mt-1">
            <span className="w-10 text-right">{formatDuration(time)}</span>
            <input
              type="range"
              min={0}
              max={Math.max(1, Math.floor(duration))}
              step={1}
              value={Math.floor(time)}
              onChange={(e) => onSeek(Number(e.target.value))}
              aria-label={`Seek in ${track.title}`}
              aria-valuetext={`${formatDuration(time)} of ${formatDuration(duration)}`}
              className="player-range min-w-0 flex-1"
              style={{ "--fill": `${progress}%` } as React.CSSProperties}
            />
            <span className="w-10">{formatDuration(duration)}</span>
          </div>

          <div className="hidden items-center justify-end gap-2 md:col-start-3 md:row-span-2 md:row-start-1 md:flex">
            {track.kind === "preview" && (
              <span className="mr-2 hidden text-xs whitespace-nowrap text-haze-500 xl:inline">
                Preview · buy to hear all {formatDuration(track.durationSeconds)}
              </span>
            )}
            <button
              type="button"
              onClick={onMute}
              aria-label={muted ? "Unmute" : "Mute"}
              className="rounded-full p-2 text-haze-300 hover:text-white"
            >
              <VolumeIcon className="h-5 w-5" muted={shownVolume === 0} />
            </button>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={shownVolume}
              onChange={(e) => onVolume(Number(e.target.value))}
              aria-label="Volume"
              className="player-range w-24"
              style={{ "--fill": `${shownVolume * 100}%` } as React.CSSProperties}
            />
            <button
              type="button"
              onClick={onClose}
              aria-label="Close the player"
              className="ml-1 rounded-full p-2 text-haze-400 hover:bg-white/10 hover:text-white"
            >
              <CloseIcon className="h-4 w-4" />
            </button>
          </div>
          {error && (
            <p role="alert" className="col-span-full text-center text-sm text-glow-400">
              {error}
            </p>
          )}
        </div>
      </section>
    </>
  );
}
