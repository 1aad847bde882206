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
