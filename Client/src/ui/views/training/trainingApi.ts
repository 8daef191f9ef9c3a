import { getServices } from "../../../services";
import { TrainingApi } from "../../../api/training";

/** The training-jobs API over the signed-in session's HTTP client. */
export const trainingApi = () => new TrainingApi(getServices().api.http);
