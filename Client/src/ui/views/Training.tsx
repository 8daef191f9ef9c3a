import { useEffect, useState } from "preact/hooks";
import { getServices } from "../../services";
import { useLoad } from "../hooks";
import { Problem } from "../components/Problem";
import { describeError } from "../../api/http";
import {
  TrainingApi,
  curvePoints,
  fractionDone,
  trainingUnavailable,
  type TrainingJob,
} from "../../api/training";

const api = () => new TrainingApi(getServices().api.http);

/** Training jobs: the list and a form to start one. */
export function TrainingList() {
  const jobs = useLoad(() => api().list(), "training");
  const [name, setName] = useState("dqn");
  const [steps, setSteps] = useState(100000);
  const [message, setMessage] = useState<string | null>(null);
  const unavailable = jobs.error ? trainingUnavailable(jobs.errorValue) : null;
  return (
    <section class="panel" aria-labelledby="training-title">
      <h1 id="training-title">Training</h1>
      {unavailable ? (
        <p class="notice" role="status" data-testid="training-unavailable">
          {unavailable}
        </p>
      ) : (
        <Problem text={jobs.error} />
      )}
      {!unavailable && (
        <>
          <ul class="history" aria-label="Training jobs">
            {(jobs.value ?? []).map((j) => (
              <li key={j.id}>
                <a href={`/training/${j.id}`}>{j.id.slice(0, 8)}</a> — {j.status}
                <Progress job={j} />
              </li>
            ))}
            {jobs.value?.length === 0 && <li>No jobs yet.</li>}
          </ul>
          <h2>Start a job</h2>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              try {
                const job = await api().start({ name, steps, seed: 1 });
                setMessage(`Started ${job.id.slice(0, 8)}.`);
                jobs.reload();
              } catch (err) {
                setMessage(trainingUnavailable(err) ?? describeError(err));
              }
            }}
          >
            <label for="job-name">Agent name</label>
            <input
              id="job-name"
              value={name}
              maxLength={48}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <label for="job-steps">Training steps</label>
            <input
              id="job-steps"
              type="number"
              min={1000}
              step={1000}
              value={steps}
              onInput={(e) => setSteps(Number(e.currentTarget.value))}
            />
            <button type="submit">Start training</button>
            <p role="status">{message}</p>
          </form>
        </>
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
    // The trainer does not push progress yet; refresh while the job runs.
    const timer = setInterval(() => job.reload(), 5000);
    return () => clearInterval(timer);
  }, [running]);
  if (job.error) return <p class="notice">{trainingUnavailable(job.errorValue) ?? job.error}</p>;
  const j = job.value;
  if (!j) return <p aria-busy="true">Loading…</p>;
  const curve = j.progress?.curve ?? [];
  return (
    <section class="panel" aria-labelledby="job-title">
      <h1 id="job-title">Training job {j.id.slice(0, 8)}</h1>
      <p>
        {j.status}
        {j.progress?.meanShots !== undefined && ` · mean shots ${j.progress.meanShots.toFixed(1)}`}
        {j.agentId && (
          <>
            {" "}
            · <a href={`/agents/${j.agentId}`}>its agent</a>
          </>
        )}
      </p>
      <Progress job={j} />
      {curve.length > 1 && (
        <figure>
          <svg
            viewBox="-4 -4 408 208"
            width="100%"
            height="220"
            role="img"
            aria-label="Learning curve: mean shots per evaluation"
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
            Mean shots to win from step {curve[0]!.step} ({curve[0]!.meanShots.toFixed(1)}) to step{" "}
            {curve[curve.length - 1]!.step} ({curve[curve.length - 1]!.meanShots.toFixed(1)}); lower
            is better.
          </figcaption>
        </figure>
      )}
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
    </section>
  );
}

function Progress({ job }: { job: TrainingJob }) {
  const f = fractionDone(job);
  if (f === null) return null;
  return (
    <progress max={1} value={f} aria-label={`${Math.round(f * 100)}% done`}>
      {Math.round(f * 100)}%
    </progress>
  );
}
