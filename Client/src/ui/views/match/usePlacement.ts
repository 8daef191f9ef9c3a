import { useMemo, useState } from "preact/hooks";
import * as board from "../../../game/board";
import type { BoardRules, Orientation, Placement } from "../../../game/board";
import type { ShipType } from "../../../api/types";
import type { ReportError } from "../../components/Problem";

/**
 * The fleet being placed: the layout, the ship in hand, its direction and the cell under the
 * pointer, with the moves a player makes (put a ship down, pick one up, turn, random, clear).
 * A move the rules refuse changes nothing and reports why through `onError`.
 */
export function usePlacement(rules: BoardRules, onError: ReportError) {
  const first = rules.fleet[0]?.type ?? null;
  const [layout, setLayout] = useState<Placement[]>([]);
  const [selected, setSelected] = useState<ShipType | null>(first);
  const [orientation, setOrientation] = useState<Orientation>("Horizontal");
  const [hover, setHover] = useState<number | null>(null);

  const problems = useMemo(() => board.validatePlacements(layout, rules, true), [layout, rules]);
  const partial = useMemo(() => board.validatePlacements(layout, rules, false), [layout, rules]);
  const shown = (p: Placement) => board.placementCells(p, rules).filter((c) => c >= 0);

  const states = board.cellStates(
    {
      misses: [],
      hits: [],
      sunkShips: [],
      ships: layout.map((p) => ({ type: p.ship, cells: shown(p) })),
    },
    rules.rows * rules.columns,
  );

  let preview: { cells: number[]; valid: boolean } | undefined;
  if (selected && hover !== null) {
    const candidate = board.placeAt(layout, selected, hover, orientation, rules);
    preview = {
      cells: shown(candidate.find((x) => x.ship === selected)!),
      valid: board.validatePlacements(candidate, rules, false).length === 0,
    };
  }

  const nextUnplaced = (l: readonly Placement[]) =>
    rules.fleet.find((s) => !l.some((p) => p.ship === s.type))?.type ?? null;

  /** Puts a ship down starting at a cell (the next unplaced ship comes in hand). */
  const putAt = (ship: ShipType, cell: number) => {
    const next = board.placeAt(layout, ship, cell, orientation, rules);
    const refused = board.validatePlacements(next, rules, false)[0];
    if (refused) {
      onError(refused.message);
      return;
    }
    onError(null);
    setLayout(next);
    setSelected(nextUnplaced(next));
  };

  /** A click on the board: puts the ship in hand down, or picks up the ship on that cell. */
  const choose = (cell: number) => {
    if (selected) {
      putAt(selected, cell);
      return;
    }
    const ship = board.shipAt(layout, cell, rules);
    if (ship) {
      setSelected(ship.ship);
      setOrientation(ship.orientation);
      setLayout(layout.filter((p) => p !== ship));
    }
  };

  /** Turns the ship in hand, or else the last ship put down (when it fits turned). */
  const turn = () => {
    if (selected) {
      setOrientation((o) => (o === "Horizontal" ? "Vertical" : "Horizontal"));
      return;
    }
    const last = layout[layout.length - 1];
    if (last) {
      const next = [...layout.slice(0, -1), board.rotate(last)];
      if (board.validatePlacements(next, rules, false).length === 0) setLayout(next);
      else onError(`The ${last.ship} cannot turn there.`);
    }
  };

  /** Takes a ship in hand (off the board if it was placed). */
  const pick = (ship: ShipType) => {
    setSelected(ship);
    setLayout(layout.filter((p) => p.ship !== ship));
  };

  /** A valid random layout of the whole fleet. */
  const random = (seed: number) => {
    setLayout(board.randomPlacements(rules, board.seededRandom(seed)));
    setSelected(null);
    onError(null);
  };

  /** Takes every ship off the board. */
  const clear = () => {
    setLayout([]);
    setSelected(first);
  };

  return {
    layout,
    selected,
    orientation,
    states,
    preview,
    /** Every problem of the layout as a whole (a ship missing included): empty when it may be sent. */
    problems,
    /** The problems of the ships placed so far. */
    partial,
    putAt,
    choose,
    turn,
    pick,
    select: setSelected,
    hover: setHover,
    random,
    clear,
  };
}
