/**
 * The training-jobs API (`GET/POST /api/training-jobs`, `GET /api/training-jobs/{id}`,
 * `POST /api/training-jobs/{id}/cancel`), typed from the generated schema. Submitting and
 * cancelling need a trainer silo: without one the gateway answers 503 `Unavailable`.
 */
import { ApiError, type ApiClient } from "./http";
import type { Ok } from "./endpoints";

export type TrainingJobSummary = Ok<"ListTrainingJobs">["items"][number];
export type TrainingJob = Ok<"GetTrainingJob">;
export type TrainingProgress = NonNullable<TrainingJob["progress"]>;

/** One point of the learning curve: mean shots to win at an evaluation step (lower is better). */
export interface CurvePoint {
  step: number;
  meanShots: number;
}

/** Why training cannot be used now (503: no trainer silo; 404: no such API here), in words; null for other errors. */
export function trainingUnavailable(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 503) {
    return `Training is unavailable. ${error.problem.detail ?? "No trainer silo is running."}`;
  }
  if (error.status === 404 && error.problem.instance === "/api/training-jobs") {
    return "This server does not offer training yet.";
  }
  return null;
}

/** Share of the job done (0–1), when its progress says. */
export function fractionDone(job: Pick<TrainingJobSummary, "status" | "progress">): number | null {
  if (job.status === "Completed") return 1;
  const p = job.progress;
  if (!p || !p.totalSteps) return null;
  return Math.max(0, Math.min(1, p.step / p.totalSteps));
}

/** The learning curve from a job's progress history: the reports that carry an evaluation. */
export function learningCurve(
  history: ReadonlyArray<Pick<TrainingProgress, "step" | "evalMeanShots">>,
): CurvePoint[] {
  return history
    .filter((p) => p.evalMeanShots !== null && p.evalMeanShots !== undefined)
    .map((p) => ({ step: p.step, meanShots: p.evalMeanShots! }));
}

/** The learning curve as an SVG polyline inside a width × height box (fewer shots higher up). */
export function curvePoints(curve: readonly CurvePoint[], width: number, height: number): string {
  if (curve.length === 0) return "";
  const xs = curve.map((p) => p.step);
  const ys = curve.map((p) => p.meanShots);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => (x1 === x0 ? width / 2 : ((x - x0) / (x1 - x0)) * width);
  const sy = (y: number) => (y1 === y0 ? height / 2 : height - ((y1 - y) / (y1 - y0)) * height);
  return curve.map((p) => `${round(sx(p.step))},${round(sy(p.meanShots))}`).join(" ");
}

const round = (n: number) => Math.round(n * 10) / 10;

export class TrainingApi {
  constructor(private readonly http: ApiClient) {}

  list = (page = 1, pageSize = 20) =>
    this.http.get<Ok<"ListTrainingJobs">>("/api/training-jobs", { page, pageSize });
  get = (id: string) => this.http.get<TrainingJob>(`/api/training-jobs/${id}`);
  /** Starts a job that registers an agent called `name`, with `totalEnvSteps` environment steps. */
  start = (name: string, totalEnvSteps: number) =>
    this.http.post<Ok<"SubmitTrainingJob">>("/api/training-jobs", {
      name,
      config: { totalEnvSteps },
    });
  cancel = (id: string) =>
    this.http.post<Ok<"CancelTrainingJob">>(`/api/training-jobs/${id}/cancel`);
}
