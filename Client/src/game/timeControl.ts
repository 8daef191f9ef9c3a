/**
 * Time controls: how long a person has for each shot. The gateway takes `turnSeconds` (1–86400, or
 * 0 for no clock) when a room or a match against an agent is created, and every room and match view
 * carries it back (0 = untimed). See docs/ux.md ("Time controls").
 */

/** No clock: nobody loses on time. */
export const UNTIMED = 0;

/** The presets offered for a room between people; 60 s a shot is the default. */
export const HUMAN_PRESETS: readonly number[] = [15, 30, 60, 120, UNTIMED];
export const HUMAN_DEFAULT = 60;

/** The presets offered against an agent: untimed by default, or a generous clock to practise with. */
export const AGENT_PRESETS: readonly number[] = [UNTIMED, 300, 120, 60, 30, 15];
export const AGENT_DEFAULT = UNTIMED;

/** "15 s", "2 min", "1 min 30 s". */
export function formatSeconds(seconds: number): string {
  if (seconds <= 60) return `${seconds} s`; // "60 s", as a minute a shot is usually said
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** A time control in a few words: "Untimed", "60 s a shot", "2 min a shot". */
export function describeTimeControl(turnSeconds: number | null | undefined): string {
  if (!turnSeconds || turnSeconds <= 0) return "Untimed";
  return `${formatSeconds(turnSeconds)} a shot`;
}

/** What happens when time runs out, said in the match and the room. */
export function timeoutRule(turnSeconds: number | null | undefined): string {
  if (!turnSeconds || turnSeconds <= 0) return "Untimed — no clock, take your time.";
  return `${formatSeconds(turnSeconds)} a shot — a player who runs out loses the match.`;
}

/** The label of a preset in a time-control select. */
export function presetLabel(turnSeconds: number): string {
  return turnSeconds === UNTIMED ? "Untimed (no clock)" : `${formatSeconds(turnSeconds)} a shot`;
}

/**
 * Whole seconds left on the turn clock (never negative, never more than the turn lasts); null when
 * there is no deadline. The deadline comes from the server's clock: a browser clock a little behind
 * it would make a fresh 60 s turn read 61 when rounded up, so the count is capped at the turn's
 * length (`turnSeconds`, when known).
 */
export function secondsLeft(
  deadline: string | null | undefined,
  now: number,
  turnSeconds?: number | null,
): number | null {
  if (!deadline) return null;
  const left = Math.max(0, Math.ceil((Date.parse(deadline) - now) / 1000));
  return turnSeconds && turnSeconds > 0 ? Math.min(left, turnSeconds) : left;
}
