import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { describeError } from "../../../api/http";
import type { MatchView } from "../../../api/types";
import type { ReportError } from "../../components/Problem";
import { TextField } from "../../components/TextField";
import { Fields } from "../../fields";

/** The match's chat: the last lines and a line to post. */
export function Chat({ view, onError }: { view: MatchView; onError: ReportError }) {
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
        <TextField
          {...Fields.chat}
          labelClass="sr-only"
          placeholder="Say something"
          value={text}
          onValue={setText}
        />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}
