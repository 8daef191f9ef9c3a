/**
 * Board geometry, fleet placement (validation, random, rotate, move) and the per-cell model the
 * boards render. Pure functions: no DOM, no network.
 */
import type { BoardView, FleetPlacement, RulesSpec, ShipType } from "../api/types";

export type Orientation = FleetPlacement["orientation"];

/** A ship's place as `POST /api/matches/{id}/place` and the hub's `PlaceFleet` take it. */
export type Placement = FleetPlacement;

/** The parts of the match rules that placement needs. */
export type BoardRules = Pick<RulesSpec, "rows" | "columns" | "fleet" | "shipsMayTouch">;

export const cellOf = (row: number, column: number, columns: number): number =>
  row * columns + column;
export const rowOf = (cell: number, columns: number): number => Math.floor(cell / columns);
export const columnOf = (cell: number, columns: number): number => cell % columns;

/** "A1"-style name of a cell, for people and screen readers (rows are letters, columns from 1). */
export function cellName(cell: number, columns: number): string {
  const row = rowOf(cell, columns);
  return `${String.fromCharCode(65 + row)}${columnOf(cell, columns) + 1}`;
}

export function shipLength(rules: BoardRules, ship: string): number {
  const spec = rules.fleet.find((s) => s.type === ship);
  if (!spec) {
    throw new Error(`No ${ship} in this fleet.`);
  }
  return spec.length;
}

/** The cells a placement covers, including any that fall off the board (as -1). */
export function placementCells(p: Placement, rules: BoardRules): number[] {
  const length = shipLength(rules, p.ship);
  const cells: number[] = [];
  for (let i = 0; i < length; i++) {
    const row = p.orientation === "Vertical" ? p.row + i : p.row;
    const column = p.orientation === "Horizontal" ? p.column + i : p.column;
    const inside = row >= 0 && row < rules.rows && column >= 0 && column < rules.columns;
    cells.push(inside ? cellOf(row, column, rules.columns) : -1);
  }
  return cells;
}

/** One problem with a layout. */
export interface PlacementProblem {
  ship?: string;
  message: string;
}

/** Checks a (possibly partial) layout; `complete` also asks for every ship of the fleet. */
export function validatePlacements(
  placements: readonly Placement[],
  rules: BoardRules,
  complete = true,
): PlacementProblem[] {
  const problems: PlacementProblem[] = [];
  const taken = new Map<number, string>();
  const seen = new Set<string>();
  for (const p of placements) {
    if (!rules.fleet.some((s) => s.type === p.ship)) {
      problems.push({ ship: p.ship, message: `${p.ship} is not part of this fleet.` });
      continue;
    }
    if (seen.has(p.ship)) {
      problems.push({ ship: p.ship, message: `${p.ship} is placed twice.` });
      continue;
    }
    seen.add(p.ship);
    const cells = placementCells(p, rules);
    if (cells.includes(-1)) {
      problems.push({ ship: p.ship, message: `${p.ship} runs off the board.` });
      continue;
    }
    for (const c of cells) {
      const other = taken.get(c);
      if (other) {
        problems.push({ ship: p.ship, message: `${p.ship} overlaps the ${other}.` });
        break;
      }
    }
    if (!rules.shipsMayTouch) {
      const near = neighbours(cells, rules).find((c) => {
        const other = taken.get(c);
        return other !== undefined && other !== p.ship;
      });
      if (near !== undefined) {
        problems.push({ ship: p.ship, message: `${p.ship} touches the ${taken.get(near)}.` });
      }
    }
    for (const c of cells) {
      if (!taken.has(c)) {
        taken.set(c, p.ship);
      }
    }
  }
  if (complete) {
    for (const s of rules.fleet) {
      if (!seen.has(s.type)) {
        problems.push({ ship: s.type, message: `Place your ${s.type} (${s.length} cells).` });
      }
    }
  }
  return problems;
}

function neighbours(cells: readonly number[], rules: BoardRules): number[] {
  const out: number[] = [];
  for (const c of cells) {
    const r = rowOf(c, rules.columns);
    const col = columnOf(c, rules.columns);
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = col + dc;
        if (rr >= 0 && rr < rules.rows && cc >= 0 && cc < rules.columns) {
          out.push(cellOf(rr, cc, rules.columns));
        }
      }
    }
  }
  return out;
}

/** A small seeded generator (mulberry32): the same seed gives the same layout. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid random layout of the whole fleet, placed longest ship first. */
export function randomPlacements(rules: BoardRules, random: () => number): Placement[] {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const layout: Placement[] = [];
    const ships = [...rules.fleet].sort((a, b) => b.length - a.length);
    let ok = true;
    for (const ship of ships) {
      const placed = tryPlace(layout, ship.type, rules, random);
      if (!placed) {
        ok = false;
        break;
      }
      layout.push(placed);
    }
    if (ok) {
      return rules.fleet.map((s) => layout.find((p) => p.ship === s.type)!);
    }
  }
  throw new Error("No layout fits this board.");
}

function tryPlace(
  layout: readonly Placement[],
  ship: ShipType,
  rules: BoardRules,
  random: () => number,
): Placement | null {
  for (let i = 0; i < 200; i++) {
    const orientation: Orientation = random() < 0.5 ? "Horizontal" : "Vertical";
    const candidate: Placement = {
      ship,
      orientation,
      row: Math.floor(random() * rules.rows),
      column: Math.floor(random() * rules.columns),
    };
    if (validatePlacements([...layout, candidate], rules, false).length === 0) {
      return candidate;
    }
  }
  return null;
}

/** Turns a ship a quarter turn about its first cell. */
export const rotate = (p: Placement): Placement => ({
  ...p,
  orientation: p.orientation === "Horizontal" ? "Vertical" : "Horizontal",
});

/** Puts (or moves) a ship so that it starts at `cell`; other ships stay. */
export function placeAt(
  layout: readonly Placement[],
  ship: ShipType,
  cell: number,
  orientation: Orientation,
  rules: BoardRules,
): Placement[] {
  const next: Placement = {
    ship,
    orientation,
    row: rowOf(cell, rules.columns),
    column: columnOf(cell, rules.columns),
  };
  return [...layout.filter((p) => p.ship !== ship), next];
}

/** Which ship (if any) covers a cell in a layout. */
export function shipAt(
  layout: readonly Placement[],
  cell: number,
  rules: BoardRules,
): Placement | undefined {
  return layout.find((p) => placementCells(p, rules).includes(cell));
}

/** What one cell shows. */
export type CellState = "water" | "ship" | "miss" | "hit" | "sunk";

/** The parts of a board (the API's BoardView) that the views draw. */
export type BoardLike = Pick<BoardView, "misses" | "hits" | "sunkShips"> &
  Partial<Pick<BoardView, "ships">>;

/** The state of every cell of a board, from what the viewer may see. */
export function cellStates(board: BoardLike, size: number): CellState[] {
  const states: CellState[] = new Array<CellState>(size).fill("water");
  for (const ship of board.ships ?? []) {
    for (const c of ship.cells) states[c] = "ship";
  }
  for (const c of board.misses) states[c] = "miss";
  for (const c of board.hits) states[c] = "hit";
  for (const ship of board.sunkShips) {
    for (const c of ship.cells) states[c] = "sunk";
  }
  return states;
}

/** Moves a keyboard cursor by arrow keys (Home/End to the row's ends), staying on the board. */
export function moveCursor(cell: number, key: string, rows: number, columns: number): number {
  const r = rowOf(cell, columns);
  const c = columnOf(cell, columns);
  switch (key) {
    case "ArrowUp":
      return cellOf(Math.max(0, r - 1), c, columns);
    case "ArrowDown":
      return cellOf(Math.min(rows - 1, r + 1), c, columns);
    case "ArrowLeft":
      return cellOf(r, Math.max(0, c - 1), columns);
    case "ArrowRight":
      return cellOf(r, Math.min(columns - 1, c + 1), columns);
    case "Home":
      return cellOf(r, 0, columns);
    case "End":
      return cellOf(r, columns - 1, columns);
    default:
      return cell;
  }
}
