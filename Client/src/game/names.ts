/**
 * Telling people apart and reading ratings: a short tag from an id (several players may share a
 * display name), and a rating's likely range.
 */

/** The last four hex digits of an id, as "#1a2b": enough to tell two "Alice"s apart on one page. */
export function shortTag(id: string): string {
  return `#${id.replace(/-/g, "").slice(-4).toLowerCase()}`;
}

/**
 * A Glicko-2 rating's likely range: rating ± 2 × deviation (about 95% sure the true strength lies
 * in it). The deviation shrinks as a player plays more games.
 */
export function ratingRange(rating: number, deviation: number): { low: number; high: number } {
  return {
    low: Math.round(rating - 2 * deviation),
    high: Math.round(rating + 2 * deviation),
  };
}

/** The explanation shown on hover (and to screen readers) beside a rating's range. */
export const DEVIATION_HELP =
  "Rating ± 2 × deviation: the player's true strength is very likely (about 95%) in this range. The deviation shrinks as they play more games and grows again after a long break.";
