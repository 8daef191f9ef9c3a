/** The agent's view of a replay's move, as people read it: chances, colours and one sentence. */
import type { MoveAnalysis } from "../api/types";

/** A chance as a whole percentage ("34 %"); "<1 %" for a chance that is small but not nil. */
export function percent(p: number): string {
  if (p > 0 && p < 0.005) return "<1 %";
  return `${Math.round(p * 100)} %`;
}

/** The heat scale's ends: white for no chance, the Okabe–Ito reddish purple for a certain hit. */
const cold = [255, 255, 255] as const;
const hot = [204, 121, 167] as const;

/**
 * The background of a cell with hit chance `p`: white to reddish purple. The shade grows with the
 * square root of the chance, so that the small chances of the early game (a few per cent to a
 * quarter) are still told apart. It stays apart from the boards' other colours (sky-blue misses,
 * vermillion hits, black sunk ships), and the dark ink of a mark drawn on it keeps at least 5:1
 * contrast on every shade.
 */
export function heatColour(p: number): string {
  const t = Math.sqrt(Math.min(1, Math.max(0, p)));
  const [r, g, b] = cold.map((c, i) => Math.round(c + (hot[i]! - c) * t));
  return `rgb(${r}, ${g}, ${b})`;
}

/** What the analysis came from, in a sentence. */
export function describeSource(source: string): string {
  return source === "dqn"
    ? "The shipped DQN agent's view."
    : "The density agent's view (the DQN agent needs a trainer silo, and none is up).";
}

/**
 * The line under the boards: "The agent would have fired at E5 (34 %); Alice fired at B2 (12 %)."
 * For a resignation, what the player did instead.
 */
export function describeAnalysis(
  analysis: MoveAnalysis,
  names: readonly string[],
  cellName: (cell: number) => string,
): string {
  const chance = (cell: number) => percent(analysis.hitProbabilities[cell] ?? 0);
  const who = names[analysis.shooter] ?? `Player ${analysis.shooter + 1}`;
  const agent = `The agent would have fired at ${cellName(analysis.suggestedCell)} (${chance(analysis.suggestedCell)})`;
  const fired = analysis.firedCell;
  if (fired === null || fired === undefined) return `${agent}; ${who} resigned instead.`;
  return `${agent}; ${who} fired at ${cellName(fired)} (${chance(fired)}).`;
}
