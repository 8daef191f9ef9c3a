import { useState } from "preact/hooks";
import { useLoad } from "../../hooks";
import { navigate } from "../../router";
import { Problem } from "../../components/Problem";
import { TextField } from "../../components/TextField";
import { describeError } from "../../../api/http";
import { trainingUnavailable } from "../../../api/training";
import { Progress } from "./Progress";
import { trainingApi as api } from "./trainingApi";
import { Fields } from "../../fields";

/** Training jobs: the list and a form to start one. */
export function TrainingList() {
  const jobs = useLoad(() => api().list(), "training");
  const [name, setName] = useState("My DQN");
  const [steps, setSteps] = useState(200000);
  const [message, setMessage] = useState<string | null>(null);
  const unavailable = jobs.error ? trainingUnavailable(jobs.errorValue) : null;
  return (
    <section class="panel" aria-labelledby="training-title">
      <h1 id="training-title">Training</h1>
      <p class="muted">
        DQN agents learn by self-play on trainer silos. A finished job becomes an agent you can
        play.
      </p>
      {unavailable ? <p class="notice">{unavailable}</p> : <Problem text={jobs.error} />}
      <ul class="history" aria-label="Training jobs">
        {(jobs.value?.items ?? []).map((j) => (
          <li key={j.id}>
            <a href={`/training/${j.id}`}>{j.name || j.id.slice(0, 8)}</a> — {j.status}
            {j.bestEvalMeanShots != null && ` · best ${j.bestEvalMeanShots.toFixed(1)} shots`}
            <Progress job={j} />
          </li>
        ))}
        {jobs.value?.items.length === 0 && <li>No jobs yet.</li>}
      </ul>
      <h2>Start a job</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setMessage(null);
          try {
            const job = await api().start(name.trim(), steps);
            navigate(`/training/${job.id}`);
          } catch (err) {
            setMessage(trainingUnavailable(err) ?? describeError(err));
          }
        }}
      >
        <TextField {...Fields.agentName} value={name} onValue={setName} required />
        <label for="job-steps">Environment steps</label>
        <input
          id="job-steps"
          type="number"
          min={1000}
          step={1000}
          value={steps}
          onInput={(e) => setSteps(Number(e.currentTarget.value))}
        />
        <button type="submit">Start training</button>
      </form>
      {message && (
        <p class="notice" role="alert" data-testid="training-message">
          {message}
        </p>
      )}
    </section>
  );
}
