/** Small inline icons (decorative: always next to a text label, hidden from assistive tech). */
import type { ReactNode } from "react";

type IconProps = { className?: string };

function Svg({ className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      width={20}
      height={20}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
    >
      {children}
    </svg>
  );
}

export const SearchIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <circle cx="11" cy="11" r="7" />
    <path d="m20 20-3.5-3.5" />
  </Svg>
);

export const BagIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M6 7h12l1 13H5L6 7Z" />
    <path d="M9 7a3 3 0 0 1 6 0" />
  </Svg>
);

export const ArrowIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M5 12h14M13 6l6 6-6 6" />
  </Svg>
);

export const ClockIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Svg>
);

export const PlusIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M12 5v14M5 12h14" />
  </Svg>
);

export const TrashIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
  </Svg>
);

export const UpIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="m6 15 6-6 6 6" />
  </Svg>
);

export const DownIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="m6 9 6 6 6-6" />
  </Svg>
);

/** The Waveline mark: five level bars in the brand gradient. */
export function WavelineMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <defs>
        <linearGradient id="waveline-mark" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#b07bff" />
          <stop offset="1" stopColor="#ff2e93" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="9" fill="url(#waveline-mark)" />
      {[
        [7, 12, 8],
        [11.5, 8, 16],
        [16, 5, 22],
        [20.5, 9, 14],
        [25, 13, 6],
      ].map(([x, y, h]) => (
        <rect key={x} x={(x as number) - 1.25} y={y} width="2.5" height={h} rx="1.25" fill="white" />
      ))}
    </svg>
  );
}

/** Filled glyphs for the player (they read better solid at small sizes). */
function Solid({ className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      width={20}
      height={20}
      viewBox="0 0 24 24"
      fill="currentColor"
      className={className}
    >
      {children}
    </svg>
  );
}

export const PlayIcon = ({ className }: IconProps) => (
  <Solid className={className}>
    <path d="M8 5.14v13.72a1 1 0 0 0 1.5.86l11-6.86a1 1 0 0 0 0-1.72l-11-6.86A1 1 0 0 0 8 5.14Z" />
  </Solid>
);

export const PauseIcon = ({ className }: IconProps) => (
  <Solid className={className}>
    <rect x="6" y="4.5" width="4" height="15" rx="1.2" />
    <rect x="14" y="4.5" width="4" height="15" rx="1.2" />
  </Solid>
);

export const NextIcon = ({ className }: IconProps) => (
  <Solid className={className}>
    <path d="M5 6.2v11.6a1 1 0 0 0 1.52.85l8.9-5.8a1 1 0 0 0 0-1.7l-8.9-5.8A1 1 0 0 0 5 6.2Z" />
    <rect x="16.5" y="5" width="2.8" height="14" rx="1" />
  </Solid>
);

export const PreviousIcon = ({ className }: IconProps) => (
  <Solid className={className}>
    <path d="M19 6.2v11.6a1 1 0 0 1-1.52.85l-8.9-5.8a1 1 0 0 1 0-1.7l8.9-5.8A1 1 0 0 1 19 6.2Z" />
    <rect x="4.7" y="5" width="2.8" height="14" rx="1" />
  </Solid>
);

export const VolumeIcon = ({ className, muted = false }: IconProps & { muted?: boolean }) => (
  <Svg className={className}>
    <path d="M4 9.5v5h3.5L12 18.5v-13L7.5 9.5H4Z" />
    {muted ? (
      <path d="m16 9.5 5 5M21 9.5l-5 5" />
    ) : (
      <path d="M15.5 9a4.2 4.2 0 0 1 0 6M18.2 6.5a8 8 0 0 1 0 11" />
    )}
  </Svg>
);

export const CloseIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Svg>
);

export const CheckIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Svg>
);

export const LibraryIcon = ({ className }: IconProps) => (
  <Svg className={className}>
    <path d="M5 4v16M9.5 4v16M14 5l4.5 15" />
  </Svg>
);

/** Three bars bouncing: "this track is playing". */
export function EqualizerIcon({ className, paused = false }: IconProps & { paused?: boolean }) {
  return (
    <span aria-hidden="true" className={`inline-flex h-4 items-end gap-[3px] ${className ?? ""}`}>
      {[0, 1, 2].map((i) => (
        <span
          key={i}
          className={`eq-bar w-[3px] rounded-full bg-current ${paused ? "eq-paused" : ""}`}
          style={{ animationDelay: `${i * -0.35}s` }}
        />
      ))}
    </span>
  );
}
