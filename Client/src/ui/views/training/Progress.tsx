import { fractionDone, type TrainingJobSummary } from "../../../api/training";

/** How far a job has got, as a progress bar (nothing when its progress is unknown). */
export function Progress({ job }: { job: Pick<TrainingJobSummary, "status" | "progress"> }) {
  const f = fractionDone(job);
  if (f === null) return null;
  return (
    <progress max={1} value={f} aria-label={`${Math.round(f * 100)}% done`}>
      {Math.round(f * 100)}%
    </progress>
  );
}
