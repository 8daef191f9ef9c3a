/** How a match ended, in words: the one place that turns an end reason into text. */
import type { EndReason } from "../api/types";

/** How the winner won, to follow "won": "by sinking every ship", "by resignation", "on time". */
export function endReasonPhrase(reason: EndReason | null | undefined): string {
  switch (reason) {
    case "Resign":
      return "by resignation";
    case "Timeout":
      return "on time";
    case "Abandoned":
      return "after the match was abandoned";
    default:
      return "by sinking every ship";
  }
}

/** A sentence about the end: "Alice wins on time." (as it happens) or "Alice won on time.". */
export function describeEnd(
  winner: string,
  reason: EndReason | null | undefined,
  tense: "wins" | "won",
): string {
  return `${winner} ${tense} ${endReasonPhrase(reason)}.`;
}

/** The end reason alone, as a sentence: "By resignation.", "On time.". */
export function endReasonSentence(reason: EndReason | null | undefined): string {
  const phrase = endReasonPhrase(reason);
  return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
}
