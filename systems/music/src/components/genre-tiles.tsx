import Link from "next/link";
import { hashString } from "@/domain/cover-art";

const gradients = [
  "from-[#8b3dff] to-[#ff2e93]",
  "from-[#0fb9b1] to-[#3a86ff]",
  "from-[#ff7b00] to-[#ff006e]",
  "from-[#17694c] to-[#a3e635]",
  "from-[#240046] to-[#c026d3]",
  "from-[#1f2937] to-[#38bdf8]",
  "from-[#7a0019] to-[#ffb000]",
  "from-[#3b0764] to-[#22d3ee]",
];

/** One bright tile per genre, linking to the albums of that genre. */
export function GenreTiles({ genres }: { genres: { genre: string; albums: number }[] }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {genres.map(({ genre, albums }) => (
        <li key={genre}>
          <Link
            href={`/albums?genre=${encodeURIComponent(genre)}`}
            className={`group relative flex h-28 flex-col justify-between overflow-hidden rounded-2xl bg-gradient-to-br p-4 ${
              gradients[hashString(genre) % gradients.length]
            } transition-transform hover:-translate-y-0.5`}
          >
            <span className="headline relative z-10 text-xl text-white">{genre}</span>
            <span className="relative z-10 text-sm font-medium text-white/80">
              {albums} {albums === 1 ? "album" : "albums"}
            </span>
            <span
              aria-hidden="true"
              className="absolute -right-6 -bottom-8 h-24 w-24 rounded-full border-[14px] border-white/15 transition-transform duration-500 group-hover:scale-125"
            />
          </Link>
        </li>
      ))}
    </ul>
  );
}
