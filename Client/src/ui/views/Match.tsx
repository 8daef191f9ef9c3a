import { useEffect, useMemo, useState } from "preact/hooks";
import { getServices } from "../../services";
import { useLoad, useNow, useStore } from "../hooks";
import { Board, Legend } from "../components/Board";
import { Problem } from "../components/Problem";
import { describeError } from "../../api/http";
import {
  cellStates,
  placeAt,
  placementCells,
  randomPlacements,
  rotate,
  seededRandom,
  shipAt,
  validatePlacements,
  type Orientation,
  type Placement,
} from "../../game/board";
import { secondsLeft, type MatchViewLike } from "../../stores/match";
import type { FleetPlacement } from "../../api/types";

export function Match({ id }: { id: string }) {
  const { hubs, match } = getServices();
  const state = useStore(match.state);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    match.clear();
    const mine =
      <T extends { matchId: string }>(f: (e: T) => void) =>
      (e: T) =>
        e.matchId === id && f(e);
    const offs = [
      hubs.on(
        "viewUpdated",
        mine((v) => match.applyView(v)),
      ),
      hubs.on(
        "matchResynced",
        mine((v) => match.resync(v)),
      ),
      hubs.on(
        "shotFired",
        mine((e) => match.logShot(e.shot)),
      ),
      hubs.on(
        "fleetPlaced",
        mine((e) => match.log(`${match.playerName(e.player)} placed their fleet.`)),
      ),
      hubs.on(
        "matchStarted",
        mine((e) =>
          match.log(`The match begins: ${match.playerName(e.currentPlayer)} fires first.`),
        ),
      ),
      hubs.on(
        "matchEnded",
        mine((e) =>
          match.log(
            `${match.playerName(e.winner)} wins ${e.reason === "Resign" ? "by resignation" : e.reason === "Timeout" ? "on time" : "by sinking every ship"}.`,
          ),
        ),
      ),
      hubs.on("connection", (c) => {
        if (c.hub !== "match") return;
        match.setConnection(
          c.state === "connected"
            ? "connected"
            : c.state === "reconnecting"
              ? "reconnecting"
              : "disconnected",
        );
      }),
    ];
    hubs.joinMatch(id).then(
      (v) => match.applyView(v),
      (e: unknown) => setError(describeError(e)),
    );
    return () => {
      offs.forEach((off) => off());
      void hubs.leaveMatch(id).catch(() => undefined);
    };
  }, [id, hubs, match]);

  const view = state.view;
  if (!view) return error ? <Problem text={error} /> : <p aria-busy="true">Joining the match…</p>;
  const seat = match.seat(view);
  const placing = view.status === "Placing" && seat !== null && !view.boards[seat]?.fleetPlaced;

  return (
    <div class="match">
      <MatchHeader view={view} connection={state.connection} />
      <Problem text={error} />
      {view.status === "Finished" && <EndBanner view={view} />}
      {placing ? (
        <Placement view={view} onError={setError} />
      ) : (
        <Boards view={view} onError={setError} />
      )}
      <div class="match-side">
        <Presence view={view} />
        <Chat view={view} onError={setError} />
        <section class="panel" aria-labelledby="log-title">
          <h2 id="log-title">What happened</h2>
          <ol class="log" aria-live="polite">
            {state.log.slice(-8).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}

function MatchHeader({ view, connection }: { view: MatchViewLike; connection: string }) {
  const { match } = getServices();
  const now = useNow(1000);
  const left = secondsLeft(view.turnDeadline, now);
  const seat = match.seat(view);
  let turn: string;
  if (view.status === "Placing") turn = "Placing fleets";
  else if (view.status === "Finished") turn = "Match over";
  else if (match.myTurn(view)) turn = "Your turn";
  else turn = `${match.playerName(view.currentPlayer ?? 0)}'s turn`;
  return (
    <header class="match-header">
      <h1>
        {match.playerName(0)} <span class="muted">vs</span> {match.playerName(1)}
      </h1>
      <p
        class={`turn${match.myTurn(view) ? " mine" : ""}`}
        role="status"
        aria-live="polite"
        data-testid="turn"
      >
        {turn}
        {left !== null && view.status === "InProgress" && (
          <span class="clock"> · {left}s left</span>
        )}
      </p>
      <p class="muted">
        {seat === null ? "You are watching." : `You are ${match.playerName(seat)}.`} Turn{" "}
        {view.turnNumber}.{" "}
        {connection !== "connected" && (
          <strong role="alert">
            {connection === "reconnecting" ? "Reconnecting…" : "Disconnected"}
          </strong>
        )}
      </p>
    </header>
  );
}

function EndBanner({ view }: { view: MatchViewLike }) {
  const { match } = getServices();
  const seat = match.seat(view);
  const won = seat !== null && view.winner === seat;
  const text =
    seat === null ? `${match.playerName(view.winner ?? 0)} wins` : won ? "You won!" : "You lost";
  return (
    <section class={`end ${won ? "won" : "lost"}`} role="status" data-testid="end">
      <h2>{text}</h2>
      <p>
        {view.endReason === "Resign"
          ? "By resignation."
          : view.endReason === "Timeout"
            ? "On time."
            : "Every ship sunk."}{" "}
        <a href={`/replay/${view.matchId}`}>Watch the replay</a> · <a href="/">Back to the lobby</a>
      </p>
    </section>
  );
}

function Boards({ view, onError }: { view: MatchViewLike; onError: (e: string | null) => void }) {
  const { hubs, match } = getServices();
  const seat = match.seat(view);
  const size = view.rules.rows * view.rules.columns;
  const mine = seat ?? 0;
  const target = seat === null ? 1 : 1 - seat;
  const myTurn = match.myTurn(view);
  const [busy, setBusy] = useState(false);
  const fire = async (cell: number) => {
    if (!myTurn || busy) return;
    const board = view.boards[target];
    if (board && (board.hits.includes(cell) || board.misses.includes(cell))) {
      onError("You already fired there.");
      return;
    }
    setBusy(true);
    onError(null);
    try {
      await hubs.fire(view.matchId, cell, view.turnNumber);
    } catch (e) {
      onError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const resign = async () => {
    if (!globalThis.confirm("Give up this match?")) return;
    try {
      await hubs.resign(view.matchId);
    } catch (e) {
      onError(describeError(e));
    }
  };
  return (
    <section class="boards" aria-label="Boards">
      <Board
        testId="own-board"
        label={seat === null ? `${match.playerName(0)}'s fleet` : "Your fleet"}
        rows={view.rules.rows}
        columns={view.rules.columns}
        states={cellStates(view.boards[mine]!, size)}
      />
      <Board
        testId="target-board"
        label={
          seat === null
            ? `${match.playerName(1)}'s fleet`
            : `Enemy waters (${match.playerName(target)})`
        }
        rows={view.rules.rows}
        columns={view.rules.columns}
        states={cellStates(view.boards[target]!, size)}
        onChoose={seat === null ? undefined : fire}
        active={myTurn && !busy}
      />
      <Legend />
      {seat !== null && view.status !== "Finished" && (
        <p class="muted">
          Fire by clicking a cell, or move with the arrow keys and press Enter.{" "}
          <button type="button" class="link danger" onClick={resign}>
            Resign
          </button>
        </p>
      )}
    </section>
  );
}

function Placement({
  view,
  onError,
}: {
  view: MatchViewLike;
  onError: (e: string | null) => void;
}) {
  const { hubs } = getServices();
  const rules = view.rules;
  const size = rules.rows * rules.columns;
  const [layout, setLayout] = useState<Placement[]>([]);
  const [selected, setSelected] = useState<string | null>(rules.fleet[0]?.type ?? null);
  const [orientation, setOrientation] = useState<Orientation>("Horizontal");
  const [hover, setHover] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const problems = useMemo(() => validatePlacements(layout, rules, true), [layout, rules]);
  const partial = useMemo(() => validatePlacements(layout, rules, false), [layout, rules]);
  const board = {
    misses: [],
    hits: [],
    sunkShips: [],
    ships: layout.map((p) => ({
      type: p.ship,
      cells: placementCells(p, rules).filter((c) => c >= 0),
    })),
  };
  const preview =
    selected && hover !== null
      ? (() => {
          const candidate = placeAt(layout, selected, hover, orientation, rules);
          const p = candidate.find((x) => x.ship === selected)!;
          return {
            cells: placementCells(p, rules).filter((c) => c >= 0),
            valid: validatePlacements(candidate, rules, false).length === 0,
          };
        })()
      : undefined;

  const nextUnplaced = (l: Placement[]) =>
    rules.fleet.find((s) => !l.some((p) => p.ship === s.type))?.type ?? null;

  const putAt = (ship: string, cell: number) => {
    const next = placeAt(layout, ship, cell, orientation, rules);
    if (validatePlacements(next, rules, false).length > 0) {
      onError(validatePlacements(next, rules, false)[0]!.message);
      return;
    }
    onError(null);
    setLayout(next);
    setSelected(nextUnplaced(next));
  };

  const choose = (cell: number) => {
    if (selected) {
      putAt(selected, cell);
      return;
    }
    const ship = shipAt(layout, cell, rules);
    if (ship) {
      setSelected(ship.ship);
      setOrientation(ship.orientation);
      setLayout(layout.filter((p) => p !== ship));
    }
  };

  const turn = () => {
    if (selected) {
      setOrientation((o) => (o === "Horizontal" ? "Vertical" : "Horizontal"));
      return;
    }
    const last = layout[layout.length - 1];
    if (last) {
      const next = [...layout.slice(0, -1), rotate(last)];
      if (validatePlacements(next, rules, false).length === 0) setLayout(next);
      else onError(`The ${last.ship} cannot turn there.`);
    }
  };

  const confirm = async () => {
    if (problems.length > 0) return;
    setBusy(true);
    onError(null);
    try {
      await hubs.placeFleet(view.matchId, layout as FleetPlacement[]);
    } catch (e) {
      onError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="placement" aria-labelledby="place-title">
      <h2 id="place-title">Place your fleet</h2>
      <p class="muted">
        Pick a ship, then click (or drag it to) the cell where it starts. Press R or “Rotate” to
        turn it.
      </p>
      <div class="placement-grid">
        <Board
          testId="placement-board"
          label="Your fleet"
          rows={rules.rows}
          columns={rules.columns}
          states={cellStates(board, size)}
          preview={preview}
          onChoose={choose}
          active
          onHover={setHover}
          onKey={(e) => {
            if (e.key === "r" || e.key === "R") turn();
          }}
          onDropCell={(cell, ship) => putAt(ship, cell)}
        />
        <div class="ships">
          <ul aria-label="Ships">
            {rules.fleet.map((s) => {
              const placed = layout.some((p) => p.ship === s.type);
              return (
                <li key={s.type}>
                  <button
                    type="button"
                    draggable
                    onDragStart={(e) => {
                      e.dataTransfer?.setData("text/plain", s.type);
                      setSelected(s.type);
                    }}
                    aria-pressed={selected === s.type}
                    class={`ship-pick${placed ? " placed" : ""}`}
                    onClick={() => {
                      setSelected(s.type);
                      setLayout(layout.filter((p) => p.ship !== s.type));
                    }}
                  >
                    {s.type} ({s.length}){placed ? " ✓" : ""}
                  </button>
                </li>
              );
            })}
          </ul>
          <p>Direction: {orientation === "Horizontal" ? "across →" : "down ↓"}</p>
          <div class="actions">
            <button type="button" class="secondary" onClick={turn}>
              Rotate (R)
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                const l = randomPlacements(rules, seededRandom(Date.now()));
                setLayout(l);
                setSelected(null);
                onError(null);
              }}
            >
              Random
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setLayout([]);
                setSelected(rules.fleet[0]?.type ?? null);
              }}
            >
              Clear
            </button>
            <button type="button" onClick={confirm} disabled={busy || problems.length > 0}>
              Confirm fleet
            </button>
          </div>
          <ul class="problems" aria-live="polite">
            {(partial.length > 0 ? partial : problems).map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

function Presence({ view }: { view: MatchViewLike }) {
  const { api, hubs, match } = getServices();
  const roomId = view.roomId ?? null;
  const room = useLoad(() => (roomId ? api.room(roomId) : Promise.resolve(null)), roomId ?? "none");
  useEffect(() => {
    if (!roomId) return;
    hubs.connectLobby().catch(() => undefined);
    return hubs.on("roomUpdated", (r) => r.id === roomId && room.reload());
  }, [roomId]);
  const r = room.value;
  return (
    <section class="panel" aria-labelledby="presence-title">
      <h2 id="presence-title">Who is here</h2>
      <ul>
        {view.players.map((p, i) => (
          <li key={p.id}>
            {p.displayName ?? `Player ${i + 1}`} {p.kind === "Agent" ? "(AI)" : ""}
            {view.boards[i]?.fleetPlaced ? "" : " — placing"}
          </li>
        ))}
      </ul>
      {r && (
        <p data-testid="spectators">
          {r.spectators.length === 0
            ? "Nobody is watching."
            : `Watching: ${r.spectators.map((s) => s.displayName).join(", ")}`}
        </p>
      )}
      {match.seat(view) === null && (
        <p class="muted">You are a spectator: ships stay hidden until the end.</p>
      )}
    </section>
  );
}

function Chat({ view, onError }: { view: MatchViewLike; onError: (e: string | null) => void }) {
  const { hubs } = getServices();
  const [text, setText] = useState("");
  return (
    <section class="panel chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      <ol class="chat-lines" aria-live="polite">
        {view.chat.slice(-20).map((m) => (
          <li key={m.number}>
            <strong>{m.from.displayName}:</strong> {m.text}
          </li>
        ))}
      </ol>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!text.trim()) return;
          try {
            await hubs.chat(view.matchId, text.trim());
            setText("");
          } catch (err) {
            onError(describeError(err));
          }
        }}
      >
        <label for="chat-text" class="sr-only">
          Message
        </label>
        <input
          id="chat-text"
          value={text}
          maxLength={200}
          placeholder="Say something"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}
