/** Request header carrying the page's path and query from the proxy to server components. */
export const PATH_HEADER = "x-music-path";
