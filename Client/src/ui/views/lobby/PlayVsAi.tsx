import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { navigate } from "../../router";
import { Problem } from "../../components/Problem";
import { describeError } from "../../../api/http";
import { AGENT_DEFAULT, AGENT_PRESETS } from "../../../game/timeControl";
import { TimeControlSelect } from "../../components/TimeControlSelect";

/** A form to start a match against an agent at once. */
export function PlayVsAi() {
  const { api } = getServices();
  const agents = useLoad(() => api.agents(), "agents");
  const [agentId, setAgentId] = useState("");
  const [youFirst, setYouFirst] = useState(true);
  const [turnSeconds, setTurnSeconds] = useState(AGENT_DEFAULT);
  const [error, setError] = useState<string | null>(null);
  const list = agents.value?.items ?? [];
  // a heuristic agent by default: DQN agents play only while a trainer silo serves them
  const chosen = agentId || list.find((a) => a.kind === "Heuristic")?.id || list[0]?.id || "";
  const description = list.find((a) => a.id === chosen)?.description;
  return (
    <section class="panel" aria-labelledby="ai-title">
      <h2 id="ai-title">Play against an AI</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const view = await api.startVsAgent(chosen, youFirst, turnSeconds);
            navigate(`/match/${view.matchId}`);
          } catch (err) {
            setError(describeError(err));
          }
        }}
      >
        <label for="agent">Agent</label>
        <select id="agent" value={chosen} onChange={(e) => setAgentId(e.currentTarget.value)}>
          {list.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.kind === "Dqn" ? "DQN, needs a trainer silo" : a.policy})
            </option>
          ))}
        </select>
        {description && (
          <p class="muted" data-testid="chosen-agent-description">
            {description}
          </p>
        )}
        <TimeControlSelect
          id="ai-clock"
          presets={AGENT_PRESETS}
          value={turnSeconds}
          onValue={setTurnSeconds}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={youFirst}
            onChange={(e) => setYouFirst(e.currentTarget.checked)}
          />
          I fire first
        </label>
        <button type="submit" disabled={!chosen}>
          Play vs AI
        </button>
        {chosen && (
          <p>
            <a href={`/agents/${chosen}`}>About this agent</a>
          </p>
        )}
      </form>
      <Problem text={error ?? agents.error} />
    </section>
  );
}
