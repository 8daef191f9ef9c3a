import { useEffect, useState } from "preact/hooks";
import { getServices } from "../../services";
import { useLoad } from "../hooks";
import { Problem } from "../components/Problem";
import { describeError } from "../../api/http";
import {
  TrainingApi,
  curvePoints,
  fractionDone,
  learningCurve,
  trainingUnavailable,
  type TrainingJobSummary,
} from "../../api/training";
import { navigate } from "../router";
import { TextField } from "../components/TextField";
import { maxLength } from "../../api/limits";

const api = () => new TrainingApi(getServices().api.http);

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
        <TextField
          id="job-name"
          label="Agent name"
          value={name}
          onValue={setName}
          maxLength={maxLength("TrainingJobBody", "name")}
          required
        />
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

/** One job: status, progress, learning curve; refreshed every few seconds while it runs. */
export function TrainingJobView({ id }: { id: string }) {
  const job = useLoad(() => api().get(id), id);
  const [error, setError] = useState<string | null>(null);
  const running = job.value?.status === "Running" || job.value?.status === "Queued";
  useEffect(() => {
    if (!running) return;
    // The gateway pushes no training events: refresh while the job runs.
    const timer = setInterval(() => job.reload(), 5000);
    return () => clearInterval(timer);
  }, [running]);
  if (job.error) return <p class="notice">{trainingUnavailable(job.errorValue) ?? job.error}</p>;
  const j = job.value;
  if (!j) return <p aria-busy="true">Loading…</p>;
  const curve = learningCurve(j.history);
  const p = j.progress;
  return (
    <section class="panel" aria-labelledby="job-title">
      <h1 id="job-title">{j.name || `Training job ${j.id.slice(0, 8)}`}</h1>
      <p role="status">
        {j.status}
        {j.silo && ` on ${j.silo}`}
        {j.agentId && j.status === "Completed" && (
          <>
            {" "}
            · <a href={`/agents/${j.agentId}`}>its agent</a>
          </>
        )}
      </p>
      <Progress job={j} />
      {p && (
        <dl class="stats">
          <dt>Steps</dt>
          <dd>
            {p.step} of {p.totalSteps}
          </dd>
          <dt>Episodes</dt>
          <dd>{p.episodes}</dd>
          <dt>Exploration (ε)</dt>
          <dd>{p.epsilon.toFixed(3)}</dd>
          <dt>Last evaluation</dt>
          <dd>{p.evalMeanShots != null ? `${p.evalMeanShots.toFixed(1)} shots` : "—"}</dd>
          <dt>Best evaluation</dt>
          <dd>{j.bestEvalMeanShots != null ? `${j.bestEvalMeanShots.toFixed(1)} shots` : "—"}</dd>
          <dt>Speed</dt>
          <dd>{Math.round(p.stepsPerSecond)} steps/s</dd>
        </dl>
      )}
      {curve.length > 1 && (
        <figure>
          <svg
            viewBox="-4 -4 408 208"
            width="100%"
            height="220"
            role="img"
            aria-label="Learning curve: mean shots to win per evaluation"
          >
            <rect x="0" y="0" width="400" height="200" fill="none" stroke="#d0d7de" />
            <polyline
              points={curvePoints(curve, 400, 200)}
              fill="none"
              stroke="#0072b2"
              stroke-width="2"
            />
          </svg>
          <figcaption class="muted">
            Mean shots to win (fewer is better, drawn higher) from step {curve[0]!.step} (
            {curve[0]!.meanShots.toFixed(1)}) to step {curve[curve.length - 1]!.step} (
            {curve[curve.length - 1]!.meanShots.toFixed(1)}).
          </figcaption>
        </figure>
      )}
      {j.error && <Problem text={j.error} />}
      {running && (
        <button
          type="button"
          class="danger"
          onClick={async () => {
            try {
              await api().cancel(j.id);
              job.reload();
            } catch (e) {
              setError(trainingUnavailable(e) ?? describeError(e));
            }
          }}
        >
          Cancel job
        </button>
      )}
      <Problem text={error} />
      <p>
        <a href="/training">All training jobs</a>
      </p>
    </section>
  );
}

function Progress({ job }: { job: Pick<TrainingJobSummary, "status" | "progress"> }) {
  const f = fractionDone(job);
  if (f === null) return null;
  return (
    <progress max={1} value={f} aria-label={`${Math.round(f * 100)}% done`}>
      {Math.round(f * 100)}%
    </progress>
  );
}
