import { presetLabel } from "../../game/timeControl";

/** "Time per shot": a choice among the given presets (seconds; 0 = untimed). */
export function TimeControlSelect(props: {
  id: string;
  presets: readonly number[];
  value: number;
  onValue: (seconds: number) => void;
}) {
  return (
    <>
      <label for={props.id}>Time per shot</label>
      <select
        id={props.id}
        value={String(props.value)}
        onChange={(e) => props.onValue(Number(e.currentTarget.value))}
      >
        {props.presets.map((s) => (
          <option key={s} value={String(s)}>
            {presetLabel(s)}
          </option>
        ))}
      </select>
    </>
  );
}
