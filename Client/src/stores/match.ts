/**
 * One match as this viewer sees it: the latest view, the history of what happened (every move by
 * its turn number, from the match's move log and then the live events), the sentence a screen
 * reader announces, and the connection.
 */
import { Store } from "./store";
import { cellName } from "../game/board";
import { describeEnd } from "../game/outcome";
import type { MatchClient, MatchReplay, MatchView, ShotView } from "../api/types";

/** How long an agent's answering shot waits after the viewer's own shot is shown (ms). */
export const ReplyDelayMs = 600;

/** One line of the match's history. */
export interface LogEntry {
  /** What makes the line unique: `turn:12` for a move, `start`, `end`, `note:3`… */
  key: string;
  /** Where the line sorts: a move's turn number; notes between the moves they followed. */
  order: number;
  /** The move's turn number, or null for a line that is no move. */
  turn: number | null;
  text: string;
  /** The shot, for a shot's line. */
  shot?: ShotView;
}

export interface MatchState {
  view: MatchView | null;
  log: LogEntry[];
  /** The last result or turn change, in words, for the page's live region. */
  announcement: string;
  connection: "connected" | "reconnecting" | "disconnected";
}

type ShotFired = MatchClient["ShotFired"];

const statusRank: Record<string, number> = { None: 0, Placing: 1, InProgress: 2, Finished: 3 };
const empty = (): MatchState => ({
  view: null,
  log: [],
  announcement: "",
  connection: "connected",
});

export class MatchStore {
  readonly state = new Store<MatchState>(empty());
  /** The pause before an agent's answer is shown; {@link ReplyDelayMs} unless a test sets it. */
  replyDelayMs = ReplyDelayMs;
  private notes = 0;

  /** Takes a view unless it is older than the one held (by status, then turn, then chat). */
  applyView(view: MatchView): void {
    const current = this.state.value.view;
    if (current && current.matchId === view.matchId && isOlder(view, current)) return;
    this.state.update((s) => ({ ...s, view }));
  }

  /** Replaces the view whatever its age (a resync after reconnecting). */
  resync(view: MatchView): void {
    this.state.update((s) => ({ ...s, view }));
    this.log("Reconnected: the match is up to date.");
  }

  /**
   * A shot, as it happens: drawn on the board at once (the view that follows the event may come
   * later, after an agent's answer), written in the history and announced.
   */
  applyShot(e: ShotFired): void {
    const view = this.state.value.view;
    if (view && view.matchId === e.matchId && e.shot.turnNumber > view.turnNumber) {
      this.state.update((s) => ({ ...s, view: withShot(view, e) }));
    }
    this.logShot(e.shot);
    this.announce(this.describeShot(e.shot, e.nextPlayer));
  }

  /** Adds a shot to the history (once per turn number). */
  logShot(shot: ShotView): void {
    this.merge([this.shotEntry(shot)]);
  }

  /** Adds the start of the match to the history and announces whose turn it is. */
  logStart(currentPlayer: number): void {
    this.merge([this.startEntry(currentPlayer)]);
    this.announce(`The match begins. ${this.turnSentence(currentPlayer)}`);
  }

  /** Adds the end of the match to the history and announces it. */
  logEnd(winner: number, reason: MatchView["endReason"]): void {
    const entry = this.endEntry(winner, reason);
    this.merge([entry]);
    this.announce(entry.text);
  }

  /** Adds a line that is no move (a fleet placed, a reconnect) after what is known so far. */
  log(text: string, order = this.lastTurn() + 0.5): void {
    this.notes += 1;
    this.merge([{ key: `note:${this.notes}`, order, turn: null, text }]);
  }

  /**
   * Builds the history from the match's move log (every move so far, by turn number) and keeps
   * what the live events have added; a move already there is not added twice.
   */
  loadHistory(
    replay: Pick<MatchReplay, "moves" | "firstPlayer" | "status" | "winner" | "endReason">,
  ): void {
    const entries: LogEntry[] = [];
    if (replay.status === "InProgress" || replay.status === "Finished")
      entries.push(this.startEntry(replay.firstPlayer));
    for (const move of replay.moves) {
      if (move.shot) entries.push(this.shotEntry(move.shot));
      else
        entries.push({
          key: `turn:${move.number}`,
          order: move.number,
          turn: move.number,
          text: `${this.playerName(move.player)} resigns.`,
        });
    }
    if (replay.status === "Finished" && replay.winner !== null && replay.winner !== undefined)
      entries.push(this.endEntry(replay.winner, replay.endReason));
    this.merge(entries);
  }

  /** The last shot fired at `owner`'s board, as far as the history knows. */
  lastShotAt(owner: number): ShotView | null {
    const log = this.state.value.log;
    for (let i = log.length - 1; i >= 0; i--) {
      const shot = log[i]!.shot;
      if (shot && shot.player !== owner) return shot;
    }
    const last = this.state.value.view?.lastShot;
    return last && last.player !== owner ? last : null;
  }

  /** Sets the sentence of the live region. */
  announce(text: string): void {
    this.state.update((s) => ({ ...s, announcement: text }));
  }

  setConnection(connection: MatchState["connection"]): void {
    this.state.update((s) => ({ ...s, connection }));
  }

  clear(): void {
    this.notes = 0;
    this.state.set(empty());
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

  /** A shot in words for the viewer: "You fired at B7: hit. You sank the Cruiser. Bob's turn." */
  describeShot(shot: ShotView, nextPlayer: number | null | undefined): string {
    const seat = this.seat();
    const cell = cellName(shot.cell, this.columns());
    const mine = seat !== null && shot.player === seat;
    const who = mine ? "You" : this.playerName(shot.player);
    const result = shot.outcome === "Miss" ? "miss" : "hit";
    const parts = [`${who} fired at ${cell}: ${result}.`];
    if (shot.sunkShip) {
      const target = 1 - shot.player;
      const whose = seat === target ? "your" : mine ? "the" : `${this.playerName(target)}'s`;
      parts.push(`${who} sank ${whose} ${shot.sunkShip}.`);
    }
    if (shot.outcome !== "Win" && nextPlayer !== null && nextPlayer !== undefined)
      parts.push(this.turnSentence(nextPlayer));
    return parts.join(" ");
  }

  private turnSentence(player: number): string {
    return player === this.seat() ? "Your turn." : `${this.playerName(player)}'s turn.`;
  }

  private shotEntry(shot: ShotView): LogEntry {
    const name = this.state.value.view ? this.playerName(shot.player) : `Player ${shot.player + 1}`;
    const outcome =
      shot.outcome === "Sunk" || shot.outcome === "Win"
        ? `sunk ${shot.sunkShip ?? "a ship"}`
        : shot.outcome.toLowerCase();
    return {
      key: `turn:${shot.turnNumber}`,
      order: shot.turnNumber,
      turn: shot.turnNumber,
      text: `${name} fires at ${cellName(shot.cell, this.columns())}: ${outcome}.`,
      shot,
    };
  }

  private startEntry(currentPlayer: number): LogEntry {
    const text = `The match begins: ${this.playerName(currentPlayer)} fires first.`;
    return { key: "start", order: 0.5, turn: null, text };
  }

  private endEntry(winner: number, reason: MatchView["endReason"]): LogEntry {
    const text = describeEnd(this.playerName(winner), reason, "wins");
    return { key: "end", order: Number.MAX_SAFE_INTEGER, turn: null, text };
  }

  private columns(): number {
    return this.state.value.view?.rules.columns ?? 10;
  }

  private lastTurn(): number {
    const log = this.state.value.log;
    const moves = log.filter((e) => e.turn !== null).map((e) => e.turn!);
    const start = log.some((e) => e.key === "start") ? 0.5 : 0;
    return Math.max(this.state.value.view?.turnNumber ?? 0, start, ...moves);
  }

  /** Adds the entries whose keys are new, keeping the history sorted (notes stay in arrival order). */
  private merge(entries: readonly LogEntry[]): void {
    this.state.update((s) => {
      const keys = new Set(s.log.map((e) => e.key));
      const added = entries.filter((e) => !keys.has(e.key) && keys.add(e.key));
      if (added.length === 0) return s;
      const log = [...s.log, ...added].sort((a, b) => a.order - b.order);
      return { ...s, log };
    });
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

/** The view with a shot just announced drawn in: the target's board, the turn and whose it is. */
export function withShot(view: MatchView, e: ShotFired): MatchView {
  const { shot } = e;
  const boards = view.boards.map((b) => {
    if (b.owner === shot.player) return b;
    if (shot.outcome === "Miss") return { ...b, misses: [...b.misses, shot.cell] };
    const hits = b.hits.includes(shot.cell) ? b.hits : [...b.hits, shot.cell];
    const sunkShips =
      shot.sunkShip && shot.sunkCells
        ? [...b.sunkShips, { type: shot.sunkShip, cells: shot.sunkCells }]
        : b.sunkShips;
    return { ...b, hits, sunkShips };
  });
  return {
    ...view,
    boards,
    turnNumber: shot.turnNumber,
    currentPlayer: e.nextPlayer,
    turnDeadline: e.turnDeadline,
    lastShot: shot,
  };
}
