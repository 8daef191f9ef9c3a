import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { Board } from "../../components/Board";
import { describeError } from "../../../api/http";
import type { MatchView, ShipType } from "../../../api/types";
import type { ReportError } from "../../components/Problem";
import { usePlacement } from "./usePlacement";

/** Placing the viewer's fleet: pick a ship, put it down, turn it, then confirm the layout. */
export function PlaceFleet({ view, onError }: { view: MatchView; onError: ReportError }) {
  const { hubs } = getServices();
  const rules = view.rules;
  const fleet = usePlacement(rules, onError);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    if (fleet.problems.length > 0) return;
    setBusy(true);
    onError(null);
    try {
      await hubs.placeFleet(view.matchId, fleet.layout);
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
          states={fleet.states}
          preview={fleet.preview}
          onChoose={fleet.choose}
          active
          onHover={fleet.hover}
          onKey={(e) => {
            if (e.key === "r" || e.key === "R") fleet.turn();
          }}
          // the dragged name: the rules refuse anything that is not a ship of this fleet
          onDropCell={(cell, ship) => fleet.putAt(ship as ShipType, cell)}
        />
        <div class="ships">
          <ul aria-label="Ships">
            {rules.fleet.map((s) => {
              const placed = fleet.layout.some((p) => p.ship === s.type);
              return (
                <li key={s.type}>
                  <button
                    type="button"
                    draggable
                    onDragStart={(e) => {
                      e.dataTransfer?.setData("text/plain", s.type);
                      fleet.select(s.type);
                    }}
                    aria-pressed={fleet.selected === s.type}
                    class={`ship-pick${placed ? " placed" : ""}`}
                    onClick={() => fleet.pick(s.type)}
                  >
                    {s.type} ({s.length}){placed ? " ✓" : ""}
                  </button>
                </li>
              );
            })}
          </ul>
          <p>Direction: {fleet.orientation === "Horizontal" ? "across →" : "down ↓"}</p>
          <div class="actions">
            <button type="button" class="secondary" onClick={fleet.turn}>
              Rotate (R)
            </button>
            <button type="button" class="secondary" onClick={() => fleet.random(Date.now())}>
              Random
            </button>
            <button type="button" class="secondary" onClick={fleet.clear}>
              Clear
            </button>
            <button type="button" onClick={confirm} disabled={busy || fleet.problems.length > 0}>
              Confirm fleet
            </button>
          </div>
          <ul class="problems" aria-live="polite">
            {(fleet.partial.length > 0 ? fleet.partial : fleet.problems).map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
