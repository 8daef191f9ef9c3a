/** One match as this viewer sees it: the latest view, a log of what happened, and the clock. */
import { Store } from "./store";
import { cellName } from "../game/board";
import type { MatchView, ShotView } from "../api/types";

export interface MatchState {
  view: MatchView | null;
  log: string[];
  connection: "connected" | "reconnecting" | "disconnected";
}

const statusRank: Record<string, number> = { None: 0, Placing: 1, InProgress: 2, Finished: 3 };

export class MatchStore {
  readonly state = new Store<MatchState>({ view: null, log: [], connection: "connected" });

  /** Takes a view unless it is older than the one held (by status, then turn, then chat). */
  applyView(view: MatchView): void {
    const current = this.state.value.view;
    if (current && current.matchId === view.matchId && isOlder(view, current)) return;
    this.state.update((s) => ({ ...s, view }));
  }

  /** Replaces the view whatever its age (a resync after reconnecting). */
  resync(view: MatchView): void {
    this.state.update((s) => ({
      ...s,
      view,
      log: [...s.log, "Reconnected: the match is up to date."],
    }));
  }

  /** Adds a line to the match log for a shot. */
  logShot(shot: ShotView): void {
    const view = this.state.value.view;
    const columns = view?.rules.columns ?? 10;
    const name = view ? this.playerName(shot.player) : `Player ${shot.player + 1}`;
    const outcome =
      shot.outcome === "Sunk" || shot.outcome === "Win"
        ? `sunk ${shot.sunkShip ?? "a ship"}`
        : shot.outcome.toLowerCase();
    this.log(`${name} fires at ${cellName(shot.cell, columns)}: ${outcome}.`);
  }

  log(line: string): void {
    this.state.update((s) => ({ ...s, log: [...s.log.slice(-199), line] }));
  }

  setConnection(connection: MatchState["connection"]): void {
    this.state.update((s) => ({ ...s, connection }));
  }

  clear(): void {
    this.state.set({ view: null, log: [], connection: "connected" });
  }

  playerName(index: number): string {
    const p = this.state.value.view?.players[index];
    return p?.displayName ?? `Player ${index + 1}`;
  }

  /** The viewer's seat (0 or 1), or null for a spectator. */
  seat(view: MatchView | null = this.state.value.view): number | null {
    if (!view) return null;
    return view.role === "PlayerOne" ? 0 : view.role === "PlayerTwo" ? 1 : null;
  }

  /** Whether the viewer may fire now. */
  myTurn(view: MatchView | null = this.state.value.view): boolean {
    const seat = this.seat(view);
    return !!view && view.status === "InProgress" && seat !== null && view.currentPlayer === seat;
  }
}

function isOlder(a: MatchView, b: MatchView): boolean {
  const rank = (statusRank[a.status] ?? 0) - (statusRank[b.status] ?? 0);
  if (rank !== 0) return rank < 0;
  if (a.turnNumber !== b.turnNumber) return a.turnNumber < b.turnNumber;
  return a.chat.length < b.chat.length;
}

/** Seconds left on the turn clock: see game/timeControl.ts (capped at the turn's length). */
export { secondsLeft } from "../game/timeControl";
