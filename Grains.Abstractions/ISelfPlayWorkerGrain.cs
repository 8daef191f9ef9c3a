using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>
/// A self-play worker of a training job (key: job id and worker index), on trainer silos: it plays
/// episodes with a snapshot of the policy and returns the experience. A job's workers spread over
/// the trainer silos (random placement among them).
/// </summary>
[Alias("battleship.self-play-worker-grain")]
public interface ISelfPlayWorkerGrain : IGrainWithGuidCompoundKey
{
    /// <summary>Plays <see cref="ExperienceRequest.Steps"/> environment steps and returns the transitions.</summary>
    [Alias("generate")]
    Task<ExperienceBatch> GenerateAsync(ExperienceRequest request);
}
