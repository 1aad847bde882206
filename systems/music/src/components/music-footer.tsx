import { WavelineMark } from "./icons";

export function MusicFooter({ storeUrl }: { storeUrl: string }) {
  return (
    <footer className="mt-24 border-t border-white/5 bg-night-900">
      <div className="container-music grid gap-8 py-12 text-sm text-haze-400 sm:grid-cols-3">
        <div>
          <div className="flex items-center gap-2 text-white">
            <WavelineMark className="h-6 w-6" />
            <span className="headline text-lg">Waveline</span>
          </div>
          <p className="mt-3 max-w-xs leading-relaxed">
            The music service of Suite Shop: independent artists, whole albums, fair prices. Buy once, keep it
            forever.
          </p>
        </div>
        <div>
          <h2 className="font-semibold text-white">Buying music</h2>
          <p className="mt-3 leading-relaxed">
            Albums are paid for at the{" "}
            <a href={storeUrl} className="text-accent-300 underline-offset-4 hover:underline">
              Suite Shop store
            </a>
            , together with anything else in your basket. Prices are in euros and include VAT.
          </p>
        </div>
        <div>
          <h2 className="font-semibold text-white">For labels</h2>
          <p className="mt-3 leading-relaxed">
            Label managers publish artists, albums and tracklists from the back office; the store offers a new
            album within seconds.
          </p>
        </div>
      </div>
      <p className="container-music pb-10 text-xs text-haze-500">
        © {new Date().getFullYear()} Suite Shop · Cover art is generated for every album.
      </p>
    </footer>
  );
}
