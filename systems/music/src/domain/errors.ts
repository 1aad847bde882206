/** Domain failures that the edge (API, actions) turns into a 404 or 409 with the message as is. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
}

export class ConflictError extends Error {
  override readonly name = "ConflictError";
}
