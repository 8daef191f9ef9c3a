import { getServices } from "../../../services";
import { useNow } from "../../hooks";
import { type MatchState } from "../../../stores/match";
import type { MatchView } from "../../../api/types";
import { secondsLeft, timeoutRule } from "../../../game/timeControl";
import { shotsFired } from "../../../game/shots";

/** Who plays whom, whose turn it is with its clock, the time control, each player's shots and the connection. */
export function MatchHeader({
  view,
  connection,
}: {
  view: MatchView;
  connection: MatchState["connection"];
}) {
  const { match } = getServices();
  const now = useNow(1000);
  const left = secondsLeft(view.turnDeadline, now, view.turnSeconds);
  const seat = match.seat(view);
  const shots = shotsFired(view);
  let turn: string;
  if (view.status === "Placing") turn = "Placing fleets";
  else if (view.status === "Finished") turn = "Match over";
  else if (match.myTurn(view)) turn = `Your turn — your shot ${(shots[seat ?? 0] ?? 0) + 1}`;
  else turn = `${match.playerName(view.currentPlayer ?? 0)}'s turn`;
  return (
    <header class="match-header">
      <h1>
        {match.playerName(0)} <span class="muted">vs</span> {match.playerName(1)}
      </h1>
      <p class={`turn${match.myTurn(view) ? " mine" : ""}`} aria-live="off" data-testid="turn">
        {turn}
        {left !== null && view.status === "InProgress" && (
          <span class="clock"> · {left}s left</span>
        )}
      </p>
      <p class="muted" data-testid="time-control">
        {timeoutRule(view.turnSeconds)}
      </p>
      <p class="muted">
        {seat === null ? "You are watching." : `You are ${match.playerName(seat)}.`}{" "}
        <span data-testid="shots">
          Shots fired: {match.playerName(0)} {shots[0]}, {match.playerName(1)} {shots[1]}.
        </span>{" "}
        {connection !== "connected" && (
          <strong role="alert">
            {connection === "reconnecting" ? "Reconnecting…" : "Disconnected"}
          </strong>
        )}
      </p>
    </header>
  );
}
