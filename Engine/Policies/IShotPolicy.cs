namespace Battleship.Engine.Policies;

/// <summary>
/// A shooting strategy: given what the shooter knows, the next cell to fire at. Policies are
/// stateless functions of the <see cref="TargetView"/> (plus the caller's random generator for
/// tie-breaks), so one instance serves any number of games and threads at once.
/// </summary>
public interface IShotPolicy
{
    /// <summary>The policy's short name, as the command line and the API spell it.</summary>
    string Name { get; }

    /// <summary>A cell that has not been fired at. The view must have at least one such cell.</summary>
    int SelectShot(in TargetView view, ref Rng rng);
}

/// <summary>The built-in policies by name.</summary>
public static class ShotPolicies
{
    /// <summary>Uniformly random among cells not yet fired at.</summary>
    public static IShotPolicy Random { get; } = new RandomPolicy();

    /// <summary>Classic hunt/target: random hunting; after a hit, fires next to hits.</summary>
    public static IShotPolicy HuntTarget { get; } = new HuntTargetPolicy(parity: false);

    /// <summary>Classic hunt/target, hunting only on a checkerboard.</summary>
    public static IShotPolicy ParityHuntTarget { get; } = new HuntTargetPolicy(parity: true);

    /// <summary>Hunt/target that stops targeting around sunk ships.</summary>
    public static IShotPolicy HuntTargetWithSunk { get; } = new HuntTargetPolicy(parity: false, useSunkInformation: true);

    /// <summary>Parity hunt/target that stops targeting around sunk ships.</summary>
    public static IShotPolicy ParityHuntTargetWithSunk { get; } = new HuntTargetPolicy(parity: true, useSunkInformation: true);

    /// <summary>Fires where the most placements of the remaining ships agree with what is known.</summary>
    public static IShotPolicy ProbabilityDensity { get; } = new ProbabilityDensityPolicy();

    /// <summary>
    /// Fires where the most fleets sampled from the posterior of everything known have a ship:
    /// <see cref="PosteriorPolicy.DefaultSamples"/> fleets per decision, no time budget (reproducible from the seed).
    /// </summary>
    public static IShotPolicy Posterior { get; } = new PosteriorPolicy();

    /// <summary>Every built-in policy.</summary>
    public static IReadOnlyList<IShotPolicy> All { get; } =
    [Random, HuntTarget, ParityHuntTarget, HuntTargetWithSunk, ParityHuntTargetWithSunk, ProbabilityDensity, Posterior];

    /// <summary>The policy called <paramref name="name"/> (random, hunt, parity, hunt-sunk, parity-sunk, density, posterior), or null.</summary>
    public static IShotPolicy? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
