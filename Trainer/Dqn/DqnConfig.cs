using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Battleship.Engine;
using Battleship.Engine.Gym;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// Every setting of a DQN training run. Loaded from a JSON file (camelCase keys, every key
/// optional: a missing key keeps its default), overridable key by key from the command line, and
/// saved as <c>config.json</c> in the run directory and in every checkpoint.
/// </summary>
/// <remarks>The defaults are the measured default budget described in <c>docs/rl.md</c>.</remarks>
public sealed record DqnConfig
{
    /// <summary>The defaults.</summary>
    public static DqnConfig Default { get; } = new();

    /// <summary>Seed of everything random: network initialisation, self-play fleets, exploration, replay sampling.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Environment steps (shots, one per environment per vector step) to train for.</summary>
    public long TotalEnvSteps { get; init; } = 1_500_000;

    /// <summary>Stops training after this many minutes even if <see cref="TotalEnvSteps"/> is not reached (0: no limit).</summary>
    public double TimeLimitMinutes { get; init; } = 16;

    /// <summary>Environments of the self-play vector environment (the inference batch size).</summary>
    public int Environments { get; init; } = 128;

    /// <summary>Capacity of the replay buffer in transitions; the oldest are overwritten first.</summary>
    public int ReplayCapacity { get; init; } = 200_000;

    /// <summary>Transitions in the buffer before learning starts.</summary>
    public int LearningStarts { get; init; } = 5_000;

    /// <summary>Transitions per learner update.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Learner updates after each vector step.</summary>
    public int UpdatesPerVectorStep { get; init; } = 1;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Adam learning rate at the end of the step budget: the rate goes linearly from <see cref="LearningRate"/> to this (equal: constant).</summary>
    public double LearningRateEnd { get; init; } = 5e-5;

    /// <summary>Discount factor. Small values make Q approximate the immediate hit probability.</summary>
    public double Gamma { get; init; }

    /// <summary>Learner updates between copies of the online network into the target network.</summary>
    public int TargetUpdateInterval { get; init; } = 1_000;

    /// <summary>Huber loss threshold (delta).</summary>
    public double HuberDelta { get; init; } = 1.0;

    /// <summary>Maximum global L2 norm of the gradients (clipped above it).</summary>
    public double GradientClipNorm { get; init; } = 10.0;

    /// <summary>A loss above this (or any non-finite loss or parameter) stops training as diverged.</summary>
    public double DivergenceLoss { get; init; } = 1_000.0;

    /// <summary>Exploration rate at step 0.</summary>
    public double EpsilonStart { get; init; } = 1.0;

    /// <summary>Exploration rate after <see cref="EpsilonDecaySteps"/>.</summary>
    public double EpsilonEnd { get; init; } = 0.05;

    /// <summary>Environment steps over which epsilon goes from start to end.</summary>
    public long EpsilonDecaySteps { get; init; } = 200_000;

    /// <summary>The shape of the decay: <c>linear</c> or <c>exponential</c>.</summary>
    public string EpsilonSchedule { get; init; } = "linear";

    /// <summary>
    /// What the learner fits: <c>action</c>, the Q-value of the cell fired at (Double DQN's target);
    /// or <c>board</c>, with γ = 0 only, the value of firing at every cell not fired at yet, known in
    /// simulation from the hidden fleet (<see cref="RewardHit"/> where a ship is, <see cref="RewardMiss"/>
    /// elsewhere): a hundred targets per transition instead of one, whose mean is the cell's hit
    /// probability; or <c>posterior</c>, the same conditions, every cell not fired at against its hit
    /// probability itself, estimated in self-play from <see cref="PosteriorSamples"/> fleets consistent
    /// with the shooter's view (the posterior agent's sampler): the same expectation with less variance.
    /// </summary>
    public string Targets { get; init; } = DqnTargets.Posterior;

    /// <summary>Fleets sampled per transition for <see cref="Targets"/> <c>posterior</c>.</summary>
    public int PosteriorSamples { get; init; } = 1_000;

    /// <summary>Replays each sampled transition in one of the board's symmetries drawn at random (<see cref="BoardSymmetry"/>).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// The policy values a position as the average of its Q-values over the board's symmetries
    /// (<see cref="SymmetricQ"/>: eight forward passes in one batch) instead of one forward pass.
    /// Inference only: training is unchanged.
    /// </summary>
    public bool AverageSymmetries { get; init; } = true;

    /// <summary>Convolution channels of the network's hidden layers.</summary>
    public int Channels { get; init; } = 32;

    /// <summary>Number of hidden 3×3 convolution layers.</summary>
    public int ConvLayers { get; init; } = 8;

    /// <summary>Reward of a miss.</summary>
    public float RewardMiss { get; init; }

    /// <summary>Reward of a hit that does not sink.</summary>
    public float RewardHit { get; init; } = 1f;

    /// <summary>Reward of a hit that sinks a ship.</summary>
    public float RewardSunk { get; init; } = 1f;

    /// <summary>Reward of the winning shot.</summary>
    public float RewardWin { get; init; } = 1f;

    /// <summary>Environment steps between checkpoints (0: only at the end).</summary>
    public long CheckpointInterval { get; init; } = 128_000;

    /// <summary>Environment steps between evaluations (0: only at the end).</summary>
    public long EvaluationInterval { get; init; } = 64_000;

    /// <summary>Games per evaluation during training (the best checkpoint is chosen by it).</summary>
    public int EvaluationGames { get; init; } = 500;

    /// <summary>Seed of the evaluation games during training (fleets drawn as <c>evaluate</c> draws them, never by self-play).</summary>
    public ulong EvaluationSeed { get; init; } = 424_242;

    /// <summary>
    /// Games on which the end of a run compares the best checkpoint with the last network, when they
    /// differ; the better stays in <c>best/</c> (0: keep the best by <see cref="EvaluationGames"/>).
    /// </summary>
    public int SelectionGames { get; init; } = 2_000;

    /// <summary>Seed of that comparison's games: fleets that neither chose the best checkpoint nor serve the final comparison.</summary>
    public ulong SelectionSeed { get; init; } = 31_415;

    /// <summary>Games per baseline in the final comparison of <c>train</c> (0: skip it).</summary>
    public int FinalEvaluationGames { get; init; } = 1_000;

    /// <summary>Seed of the final comparison with the baselines (the fleets of <c>evaluate --seed</c>).</summary>
    public ulong FinalEvaluationSeed { get; init; } = 1;

    /// <summary>Environment steps between progress reports and metric points.</summary>
    public long ProgressInterval { get; init; } = 12_800;

    /// <summary>Torch intra-op threads (0: torch's default, one per processor). One is fastest on a busy 2-core machine (measured, docs/rl.md).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The environment options these rewards give (invalid actions are masked and never taken).</summary>
    [JsonIgnore]
    public EnvOptions EnvOptions =>
        new()
        {
            Rewards = new RewardConfig
            {
                Miss = RewardMiss,
                Hit = RewardHit,
                Sunk = RewardSunk,
                Win = RewardWin,
            },
        };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public DqnConfig Validate()
    {
        Require(TotalEnvSteps > 0, nameof(TotalEnvSteps), "must be positive");
        Require(TimeLimitMinutes >= 0, nameof(TimeLimitMinutes), "must not be negative");
        Require(Environments > 0, nameof(Environments), "must be positive");
        Require(ReplayCapacity > 0, nameof(ReplayCapacity), "must be positive");
        Require(BatchSize > 0 && BatchSize <= ReplayCapacity, nameof(BatchSize), "must be positive and at most the replay capacity");
        Require(LearningStarts >= BatchSize, nameof(LearningStarts), "must be at least the batch size");
        Require(UpdatesPerVectorStep >= 0, nameof(UpdatesPerVectorStep), "must not be negative");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "must be positive");
        Require(
            LearningRateEnd > 0 && LearningRateEnd <= LearningRate,
            nameof(LearningRateEnd),
            "must be positive and at most the learning rate"
        );
        Require(Gamma is >= 0 and < 1, nameof(Gamma), "must be in [0, 1)");
        Require(TargetUpdateInterval > 0, nameof(TargetUpdateInterval), "must be positive");
        Require(HuberDelta > 0, nameof(HuberDelta), "must be positive");
        Require(GradientClipNorm > 0, nameof(GradientClipNorm), "must be positive");
        Require(DivergenceLoss > 0, nameof(DivergenceLoss), "must be positive");
        Require(EpsilonStart is >= 0 and <= 1, nameof(EpsilonStart), "must be in [0, 1]");
        Require(EpsilonEnd is >= 0 and <= 1, nameof(EpsilonEnd), "must be in [0, 1]");
        Require(EpsilonDecaySteps >= 0, nameof(EpsilonDecaySteps), "must not be negative");
        Require(
            EpsilonSchedule is Dqn.EpsilonSchedule.Linear or Dqn.EpsilonSchedule.Exponential,
            nameof(EpsilonSchedule),
            "must be 'linear' or 'exponential'"
        );
        Require(
            Targets is DqnTargets.Action or DqnTargets.Board or DqnTargets.Posterior,
            nameof(Targets),
            "must be 'action', 'board' or 'posterior'"
        );
        Require(
            Targets == DqnTargets.Action || (Gamma == 0 && RewardSunk == RewardHit && RewardWin == RewardHit),
            nameof(Targets),
            $"'{Targets}' needs gamma 0 and the same reward for a hit, a sinking and the winning shot"
        );
        Require(PosteriorSamples > 0, nameof(PosteriorSamples), "must be positive");
        Require(Channels > 0, nameof(Channels), "must be positive");
        Require(ConvLayers > 0, nameof(ConvLayers), "must be positive");
        Require(CheckpointInterval >= 0, nameof(CheckpointInterval), "must not be negative");
        Require(EvaluationInterval >= 0, nameof(EvaluationInterval), "must not be negative");
        Require(EvaluationGames > 0, nameof(EvaluationGames), "must be positive");
        Require(FinalEvaluationGames >= 0, nameof(FinalEvaluationGames), "must not be negative");
        Require(SelectionGames >= 0, nameof(SelectionGames), "must not be negative");
        Require(
            SelectionGames == 0 || (SelectionSeed != EvaluationSeed && SelectionSeed != FinalEvaluationSeed),
            nameof(SelectionSeed),
            "must differ from evaluationSeed and finalEvaluationSeed: the games that chose a checkpoint, or that report on it, cannot judge it"
        );
        Require(ProgressInterval > 0, nameof(ProgressInterval), "must be positive");
        Require(Threads >= 0, nameof(Threads), "must not be negative");
        _ = EnvOptions; // rewards must be finite
        return this;
    }

    /// <summary>Cells of the hit probabilities each transition carries under these settings on <paramref name="rules"/>' board (0 unless <see cref="Targets"/> is <c>posterior</c>).</summary>
    public int HitProbabilityCells(GameRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Targets == DqnTargets.Posterior ? rules.Cells : 0;
    }

    /// <summary>The JSON of this configuration (indented, camelCase).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson() + Environment.NewLine);

    /// <summary>Parses a configuration; missing keys keep their defaults, unknown keys are refused.</summary>
    public static DqnConfig FromJson(string json)
    {
        try
        {
            return (
                JsonSerializer.Deserialize<DqnConfig>(json, JsonOptions) ?? throw new JsonException("The configuration is null.")
            ).Validate();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Invalid DQN configuration: {e.Message}", nameof(json), e);
        }
    }

    /// <summary>Loads a configuration file (see <see cref="FromJson"/>).</summary>
    public static DqnConfig Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>The JSON names of every setting (as files and <see cref="WithOverride"/> spell them).</summary>
    public static IReadOnlyList<string> SettingNames { get; } = [.. Settable().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))];

    /// <summary>A copy with the setting called <paramref name="name"/> (JSON name, case-insensitive, dashes allowed) parsed from <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">Unknown setting, or a value that does not parse or is out of range.</exception>
    public DqnConfig WithOverride(string name, string value) => WithOverrides([(name, value)]);

    /// <summary>
    /// A copy with every setting of <paramref name="overrides"/> applied (as <see cref="WithOverride"/>
    /// reads them; a later one wins), validated once all are applied, so that settings that depend on
    /// each other (<see cref="Targets"/> and <see cref="Gamma"/>) may be changed together in any order.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown setting, or a value that does not parse, or a result out of range.</exception>
    public DqnConfig WithOverrides(IEnumerable<(string Name, string Value)> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var json = JsonSerializer.SerializeToNode(this, JsonOptions)!.AsObject();
        foreach (var (name, value) in overrides)
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(value);
            var key = name.Replace("-", "", StringComparison.Ordinal);
            var property =
                Settable().FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"Unknown DQN setting '{name}'. Known: {string.Join(", ", SettingNames)}.",
                    nameof(overrides)
                );
            object parsed;
            try
            {
                parsed = property.PropertyType switch
                {
                    var t when t == typeof(string) => value,
                    var t when t == typeof(bool) => bool.Parse(value),
                    var t => Convert.ChangeType(value, t, CultureInfo.InvariantCulture),
                };
            }
            catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
            {
                throw new ArgumentException(
                    $"DQN setting '{name}': '{value}' is not a valid {property.PropertyType.Name}.",
                    nameof(overrides),
                    e
                );
            }
            json[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = JsonSerializer.SerializeToNode(
                parsed,
                property.PropertyType,
                JsonOptions
            );
        }
        return FromJson(json.ToJsonString(JsonOptions));
    }

    private static IEnumerable<PropertyInfo> Settable() =>
        typeof(DqnConfig)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null);

    private static void Require(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(
                $"DQN setting '{JsonNamingPolicy.CamelCase.ConvertName(name)}' {message}.",
                JsonNamingPolicy.CamelCase.ConvertName(name)
            );
        }
    }

    internal static JsonSerializerOptions JsonOptions { get; } =
        new(JsonSerializerDefaults.Web) { WriteIndented = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
}

/// <summary>The values of <see cref="DqnConfig.Targets"/>.</summary>
public static class DqnTargets
{
    /// <summary>The Q-value of the cell fired at (Double DQN's target).</summary>
    public const string Action = "action";

    /// <summary>The value of every cell not fired at, from the hidden fleet (γ = 0).</summary>
    public const string Board = "board";

    /// <summary>The value of every cell not fired at, from its posterior hit probability (γ = 0).</summary>
    public const string Posterior = "posterior";

    /// <summary>Whether <paramref name="targets"/> fits every cell not fired at (γ = 0), not only the one fired at.</summary>
    public static bool EveryCell(string targets) => targets is Board or Posterior;
}
