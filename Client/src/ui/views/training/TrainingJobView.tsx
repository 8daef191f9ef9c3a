import { useEffect, useState } from "preact/hooks";
import { useLoad } from "../../hooks";
import { Problem } from "../../components/Problem";
import { describeError } from "../../../api/http";
import { curvePoints, learningCurve, trainingUnavailable } from "../../../api/training";
import { Progress } from "./Progress";
import { trainingApi as api } from "./trainingApi";
import { Stats } from "../../components/Stats";

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
        <Stats
          items={{
            Steps: `${p.step} of ${p.totalSteps}`,
            Episodes: p.episodes,
            "Exploration (ε)": p.epsilon.toFixed(3),
            "Last evaluation": shots(p.evalMeanShots),
            "Best evaluation": shots(j.bestEvalMeanShots),
            Speed: `${Math.round(p.stepsPerSecond)} steps/s`,
          }}
        />
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

/** A mean number of shots, or a dash when there is none yet. */
const shots = (mean: number | null | undefined) =>
  mean != null ? `${mean.toFixed(1)} shots` : "—";
