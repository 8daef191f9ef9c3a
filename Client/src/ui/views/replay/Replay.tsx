import { useEffect, useRef, useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { Board, HeatLegend, Legend } from "../../components/Board";
import { Problem } from "../../components/Problem";
import { cellName, cellStates } from "../../../game/board";
import { describeMove, frameAt } from "../../../game/replay";
import { describeEnd } from "../../../game/outcome";
import { describeAnalysis, describeSource } from "../../../game/analysis";
import type { MoveAnalysis } from "../../../api/types";

/**
 * The agent's view of move `move` (null: none wanted), each move fetched once: a finished match
 * never changes.
 */
function useMoveAnalysis(id: string, move: number | null) {
  const { api } = getServices();
  const cache = useRef(new Map<number, MoveAnalysis>());
  const [state, setState] = useState<{ move: number; value?: MoveAnalysis; error?: string }>();
  useEffect(() => {
    if (move === null) return;
    const known = cache.current.get(move);
    if (known) {
      setState({ move, value: known });
      return;
    }
    let live = true;
    setState({ move });
    api.moveAnalysis(id, move).then(
      (value) => {
        cache.current.set(move, value);
        if (live) setState({ move, value });
      },
      (e: unknown) => live && setState({ move, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [id, move]);
  return move !== null && state?.move === move ? state : null;
}

/** A finished (or running) match's move log: scrub, step and play through it. */
export function Replay({ id }: { id: string }) {
  const { api } = getServices();
  const replay = useLoad(() => api.replay(id), id);
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [agentView, setAgentView] = useState(false);
  const total = replay.value?.moves.length ?? 0;
  const finished = replay.value?.status === "Finished";
  const analysisMove = agentView && finished && step < total ? step : null;
  const analysis = useMoveAnalysis(id, analysisMove);

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
      {finished && (
        <section class="analysis" aria-label="The agent's view">
          <label class="check analysis-toggle">
            <input
              type="checkbox"
              role="switch"
              checked={agentView}
              onChange={(e) => setAgentView(e.currentTarget.checked)}
              data-testid="agent-view-toggle"
            />
            Show the agent&apos;s view
          </label>
          {agentView && (
            <div aria-live="polite" data-testid="agent-view">
              {analysisMove === null ? (
                <p>The match ended here: there is no next move to weigh.</p>
              ) : analysis?.value ? (
                <>
                  <p data-testid="agent-view-line">
                    Before move {analysisMove + 1}: {describeAnalysis(analysis.value, names, cell)}
                  </p>
                  <p class="muted">
                    {describeSource(analysis.value.source)} Shaded on{" "}
                    {names[1 - analysis.value.shooter]}&apos;s board from what{" "}
                    {names[analysis.value.shooter]} knew then: their shots and the ships they had
                    sunk, not the ships still hidden.
                  </p>
                </>
              ) : analysis?.error ? (
                <Problem text={analysis.error} />
              ) : (
                <p aria-busy="true">Asking the agent…</p>
              )}
            </div>
          )}
        </section>
      )}
      <section class="boards" aria-label="Boards">
        {[0, 1].map((i) => {
          const shaded =
            analysis?.value && analysis.value.shooter === 1 - i ? analysis.value : null;
          // The shaded board shows what the shooter knew: their shots, not the ships still hidden.
          const board = shaded
            ? { ...frame.boards[i as 0 | 1], ships: null }
            : frame.boards[i as 0 | 1];
          return (
            <Board
              key={i}
              testId={`replay-board-${i}`}
              label={`${names[i]}'s fleet${shaded ? ` (the agent's view for ${names[shaded.shooter]})` : ""}`}
              rows={r.rules.rows}
              columns={r.rules.columns}
              states={cellStates(board, size)}
              heat={shaded?.hitProbabilities ?? null}
              suggested={shaded?.suggestedCell ?? null}
            />
          );
        })}
        <Legend />
        {analysis?.value && <HeatLegend />}
      </section>
      <p>
        <a href="/">Back to the lobby</a>
      </p>
    </div>
  );
}
