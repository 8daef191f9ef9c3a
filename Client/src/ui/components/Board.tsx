import { useState } from "preact/hooks";
import type { JSX } from "preact";
import { cellName, moveCursor, type CellState } from "../../game/board";
import { heatColour, percent } from "../../game/analysis";

const symbols: Record<CellState, string> = { water: "", ship: "", miss: "•", hit: "✕", sunk: "✖" };
const words: Record<CellState, string> = {
  water: "water",
  ship: "your ship",
  miss: "miss",
  hit: "hit",
  sunk: "sunk",
};

export interface BoardProps {
  label: string;
  rows: number;
  columns: number;
  states: readonly CellState[];
  /** Cells to outline (a placement preview), with whether it is valid. */
  preview?: { cells: readonly number[]; valid: boolean };
  /** Called when a cell is chosen by click, Enter or Space; the board is read-only without it. */
  onChoose?: (cell: number) => void;
  /** The cell of the last shot at this board, marked by an outline and named ", last shot". */
  last?: number | null;
  /** Whether choosing a cell is possible now (a target board when it is your turn). */
  active?: boolean;
  onHover?: (cell: number | null) => void;
  onKey?: (e: KeyboardEvent, cell: number) => void;
  onDropCell?: (cell: number, data: string) => void;
  testId?: string;
  /** More classes for the board's box (its place in a layout). */
  class?: string;
  /**
   * Hit chances per cell (the agent's view in a replay): cells not fired at are shaded by their
   * chance and named ", hit chance 34 %".
   */
  heat?: readonly number[] | null;
  /** The agent's choice on a heat board: marked with a ring and named ", the agent's choice". */
  suggested?: number | null;
}

/** A board as an ARIA grid: arrow keys move, Enter or Space chooses, every cell is labelled. */
export function Board(props: BoardProps) {
  const { rows, columns, states } = props;
  const [cursor, setCursor] = useState(0);
  const previewSet = new Set(props.preview?.cells ?? []);

  const focusCell = (grid: HTMLElement | null, cell: number) => {
    grid?.querySelector<HTMLElement>(`[data-cell="${cell}"]`)?.focus();
  };

  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLDivElement>, cell: number) => {
    const next = moveCursor(cell, e.key, rows, columns);
    if (next !== cell) {
      e.preventDefault();
      setCursor(next);
      props.onHover?.(next);
      focusCell(e.currentTarget.closest("[role=grid]"), next);
      return;
    }
    if ((e.key === "Enter" || e.key === " ") && props.onChoose && props.active !== false) {
      e.preventDefault();
      props.onChoose(cell);
      return;
    }
    props.onKey?.(e as unknown as KeyboardEvent, cell);
  };

  const header = [];
  for (let c = 0; c < columns; c++)
    header.push(
      <div class="axis" aria-hidden="true" key={`h${c}`}>
        {c + 1}
      </div>,
    );
  const body = [];
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 0; c < columns; c++) {
      const cell = r * columns + c;
      const state = states[cell] ?? "water";
      const preview = previewSet.has(cell);
      const last = props.last === cell;
      const chance = props.heat && state === "water" ? (props.heat[cell] ?? 0) : null;
      const suggested = chance !== null && props.suggested === cell;
      const heatText =
        chance === null
          ? ""
          : `, hit chance ${percent(chance)}${suggested ? ", the agent's choice" : ""}`;
      cells.push(
        <div
          key={cell}
          role="gridcell"
          tabIndex={cell === cursor ? 0 : -1}
          data-cell={cell}
          data-state={state}
          data-last={last ? "true" : undefined}
          aria-label={`${cellName(cell, columns)}, ${words[state]}${heatText}${last ? ", last shot" : ""}${preview ? ", placing here" : ""}`}
          title={chance === null ? undefined : `${cellName(cell, columns)}${heatText}`}
          style={chance === null ? undefined : { backgroundColor: heatColour(chance) }}
          aria-disabled={props.onChoose && props.active !== false ? undefined : "true"}
          class={`cell ${state}${chance === null ? "" : " heat"}${suggested ? " suggested" : ""}${last ? " last" : ""}${preview ? (props.preview?.valid ? " preview" : " preview invalid") : ""}`}
          onClick={() => {
            setCursor(cell);
            if (props.onChoose && props.active !== false) props.onChoose(cell);
          }}
          onKeyDown={(e) => onKeyDown(e, cell)}
          onMouseEnter={() => props.onHover?.(cell)}
          onFocus={() => props.onHover?.(cell)}
          onDragOver={(e) => {
            if (props.onDropCell) {
              e.preventDefault();
              props.onHover?.(cell);
            }
          }}
          onDrop={(e) => {
            e.preventDefault();
            const data = e.dataTransfer?.getData("text/plain");
            if (data && props.onDropCell) props.onDropCell(cell, data);
          }}
        >
          <span aria-hidden="true">{suggested ? "◎" : symbols[state]}</span>
        </div>,
      );
    }
    body.push(
      <div role="row" class="row" key={`r${r}`}>
        <div class="axis" aria-hidden="true">
          {String.fromCharCode(65 + r)}
        </div>
        {cells}
      </div>,
    );
  }
  return (
    <div
      class={`board${props.active ? " active" : ""}${props.class ? ` ${props.class}` : ""}`}
      data-testid={props.testId}
    >
      <div class="board-label" id={`${props.testId ?? "board"}-label`}>
        {props.label}
      </div>
      <div
        role="grid"
        aria-labelledby={`${props.testId ?? "board"}-label`}
        aria-rowcount={rows}
        aria-colcount={columns}
        style={{ "--columns": columns } as JSX.CSSProperties}
        onMouseLeave={() => props.onHover?.(null)}
      >
        <div class="row header" aria-hidden="true">
          <div class="axis" />
          {header}
        </div>
        {body}
      </div>
    </div>
  );
}

/** The key to the agent's view: the heat scale with its chances, and the mark of its choice. */
export function HeatLegend() {
  const steps = [0, 0.25, 0.5, 0.75, 1];
  return (
    <ul class="legend heat-legend" aria-label="Key to the agent's view" data-testid="heat-legend">
      <li>Hit chance:</li>
      {steps.map((p) => (
        <li key={p}>
          <span class="cell heat" aria-hidden="true" style={{ backgroundColor: heatColour(p) }} />{" "}
          {percent(p)}
        </li>
      ))}
      <li>
        <span
          class="cell heat suggested"
          aria-hidden="true"
          style={{ backgroundColor: heatColour(0.5) }}
        >
          ◎
        </span>{" "}
        the agent&apos;s choice
      </li>
    </ul>
  );
}

/** The key to the boards' symbols (colour is never the only cue); `last`: with the last-shot mark. */
export function Legend({ last = false }: { last?: boolean }) {
  return (
    <ul class="legend" aria-label="Legend">
      <li>
        <span class="cell ship" aria-hidden="true" /> ship
      </li>
      <li>
        <span class="cell miss" aria-hidden="true">
          •
        </span>{" "}
        miss
      </li>
      <li>
        <span class="cell hit" aria-hidden="true">
          ✕
        </span>{" "}
        hit
      </li>
      <li>
        <span class="cell sunk" aria-hidden="true">
          ✖
        </span>{" "}
        sunk
      </li>
      {last && (
        <li>
          <span class="cell water last" aria-hidden="true" /> last shot
        </li>
      )}
    </ul>
  );
}
