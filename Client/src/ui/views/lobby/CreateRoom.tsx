import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { navigate } from "../../router";
import { TextField } from "../../components/TextField";
import type { ReportError } from "../../components/Problem";
import { describeError } from "../../../api/http";
import { Fields } from "../../fields";
import { HUMAN_DEFAULT, HUMAN_PRESETS, timeoutRule } from "../../../game/timeControl";
import { TimeControlSelect } from "../../components/TimeControlSelect";

/** A form to open a room (public or private) and go to it. */
export function CreateRoom({ onError }: { onError: ReportError }) {
  const { api } = getServices();
  const [name, setName] = useState("");
  const [isPrivate, setPrivate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [turnSeconds, setTurnSeconds] = useState(HUMAN_DEFAULT);
  return (
    <section class="panel" aria-labelledby="create-title">
      <h2 id="create-title">Create a room</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          onError(null);
          try {
            const room = await api.createRoom({
              name: name.trim(),
              isPrivate,
              maxSpectators: 8,
              turnSeconds,
            });
            navigate(`/rooms/${room.id}`);
          } catch (err) {
            onError(describeError(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <TextField {...Fields.roomName} value={name} onValue={setName} required />
        <TimeControlSelect
          id="room-clock"
          presets={HUMAN_PRESETS}
          value={turnSeconds}
          onValue={setTurnSeconds}
        />
        <p class="muted">{timeoutRule(turnSeconds)}</p>
        <label class="check">
          <input
            type="checkbox"
            checked={isPrivate}
            onChange={(e) => setPrivate(e.currentTarget.checked)}
          />
          Private (join by link only)
        </label>
        <button type="submit" disabled={busy || !name.trim()}>
          Create room
        </button>
      </form>
    </section>
  );
}
