import { useEffect, useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { Board, Legend } from "../../components/Board";
import { Problem } from "../../components/Problem";
import { cellName, cellStates } from "../../../game/board";
import { describeMove, frameAt } from "../../../game/replay";
import { describeEnd } from "../../../game/outcome";

/** A finished (or running) match's move log: scrub, step and play through it. */
export function Replay({ id }: { id: string }) {
  const { api } = getServices();
  const replay = useLoad(() => api.replay(id), id);
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const total = replay.value?.moves.length ?? 0;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setStep((s) => {
        if (s >= total) {
          setPlaying(false);
          return s;
        }
        return s + 1;
      });
    }, 350);
    return () => clearInterval(timer);
  }, [playing, total]);

  if (replay.error) return <Problem text={replay.error} />;
  const r = replay.value;
  if (!r) return <p aria-busy="true">Loading the replay…</p>;
  const names = r.players.map((p, i) => p.displayName ?? `Player ${i + 1}`);
  const frame = frameAt(r, step);
  const size = r.rules.rows * r.rules.columns;
  const cell = (c: number) => cellName(c, r.rules.columns);

  return (
    <div class="replay">
      <header>
        <h1>
          Replay: {names[0]} <span class="muted">vs</span> {names[1]}
        </h1>
        <p class="muted">
          {r.status === "Finished" && r.winner !== null && r.winner !== undefined
            ? describeEnd(names[r.winner]!, r.endReason, "won")
            : "The match is still going on: only what you may see is shown."}
        </p>
      </header>
      <section class="timeline" aria-label="Timeline">
        <div class="actions">
          <button
            type="button"
            class="secondary"
            onClick={() => setStep(0)}
            aria-label="First move"
          >
            « First
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => setStep((s) => Math.max(0, s - 1))}
            aria-label="Step back"
          >
            ‹ Back
          </button>
          <button
            type="button"
            onClick={() => {
              if (step >= total) setStep(0);
              setPlaying(!playing);
            }}
            aria-label={playing ? "Pause" : "Play"}
          >
            {playing ? "Pause" : "Play"}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => setStep((s) => Math.min(total, s + 1))}
            aria-label="Next: step forward"
          >
            Next ›
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => setStep(total)}
            aria-label="Last move"
          >
            Last »
          </button>
        </div>
        <label for="scrub">
          Move {frame.step} of {total}
        </label>
        <input
          id="scrub"
          type="range"
          min={0}
          max={total}
          value={frame.step}
          onInput={(e) => {
            setPlaying(false);
            setStep(Number(e.currentTarget.value));
          }}
        />
        <p aria-live="polite" data-testid="replay-move">
          {frame.last ? describeMove(frame.last, names, cell) : "Before the first shot."}
        </p>
      </section>
      <section class="boards" aria-label="Boards">
        {[0, 1].map((i) => (
          <Board
            key={i}
            testId={`replay-board-${i}`}
            label={`${names[i]}'s fleet`}
            rows={r.rules.rows}
            columns={r.rules.columns}
            states={cellStates(frame.boards[i as 0 | 1], size)}
          />
        ))}
        <Legend />
      </section>
      <p>
        <a href="/">Back to the lobby</a>
      </p>
    </div>
  );
}
