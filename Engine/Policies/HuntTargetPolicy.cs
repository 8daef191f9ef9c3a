namespace Battleship.Engine.Policies;

/// <summary>
/// The classic two-mode strategy. Hunt: fire at random (with parity, only at cells of one
/// checkerboard colour while any remain, since every ship of two or more cells covers both
/// colours). Target: while some hit has an unfired neighbour (up, down, left or right), fire at
/// random at such a neighbour.
/// </summary>
/// <remarks>
/// The classic form ignores sinking announcements: the hits of a sunk ship keep drawing shots
/// at their neighbours. That is the strategy behind the published reference figures (≈ 66 shots,
/// ≈ 61–62 with parity). With <c>useSunkInformation</c> the sunk ship's cells stop counting as
/// targets, which saves several shots per game.
/// </remarks>
public sealed class HuntTargetPolicy : IShotPolicy
{
    private readonly bool _parity;
    private readonly bool _useSunkInformation;

    /// <summary>Creates the policy.</summary>
    /// <param name="parity">Hunt only on one colour of a checkerboard.</param>
    /// <param name="useSunkInformation">Stop targeting around ships announced as sunk.</param>
    public HuntTargetPolicy(bool parity, bool useSunkInformation = false)
    {
        _parity = parity;
        _useSunkInformation = useSunkInformation;
    }

    /// <inheritdoc />
    public string Name => (_parity ? "parity" : "hunt") + (_useSunkInformation ? "-sunk" : "");

    /// <inheritdoc />
    public int SelectShot(in TargetView view, ref Rng rng)
    {
        var unshot = view.Unshot;
        var targets = view.Rules.Neighbours(_useSunkInformation ? view.UnresolvedHits : view.Hits) & unshot;
        if (targets != UInt128.Zero)
        {
            return RandomPolicy.PickUniform(targets, ref rng);
        }
        var even = _parity ? unshot & view.Rules.EvenCells : UInt128.Zero;
        return RandomPolicy.PickUniform(even != UInt128.Zero ? even : unshot, ref rng);
    }
}
