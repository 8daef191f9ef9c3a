using System.Runtime.CompilerServices;

namespace Battleship.Engine;

/// <summary>
/// One fleet on its board and the shots fired at it. This is the hot path of self-play: firing
/// is a few bit operations and allocates nothing, and <see cref="Reset(ReadOnlySpan{UInt128})"/>
/// reuses the instance for the next game.
/// </summary>
public sealed class Ocean
{
    private readonly UInt128[] _ships;
    private UInt128 _occupied;
    private UInt128 _shots;
    private UInt128 _hits;
    private UInt128 _sunkCells;
    private uint _afloat;

    /// <summary>An ocean with <paramref name="layout"/>'s fleet and no shots.</summary>
    public Ocean(FleetLayout layout)
        : this(layout?.Rules ?? throw new ArgumentNullException(nameof(layout))) => Reset(layout);

    /// <summary>An empty ocean for <paramref name="rules"/>; call a <c>Reset</c> overload to put a fleet on it.</summary>
    public Ocean(GameRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        _ships = new UInt128[rules.Fleet.Length];
    }

    /// <summary>The rules this ocean plays by.</summary>
    public GameRules Rules { get; }

    /// <summary>Every cell fired at.</summary>
    public UInt128 Shots => _shots;

    /// <summary>Every cell fired at that held a ship.</summary>
    public UInt128 Hits => _hits;

    /// <summary>The cells of the ships sunk so far.</summary>
    public UInt128 SunkCells => _sunkCells;

    /// <summary>Bit <c>i</c> is set while the ship at fleet index <c>i</c> is afloat.</summary>
    public uint AfloatShips => _afloat;

    /// <summary>Whether every ship has been sunk.</summary>
    public bool AllSunk => _afloat == 0;

    /// <summary>The number of shots fired at this ocean.</summary>
    public int ShotCount => Bitboard.Count(_shots);

    /// <summary>What the shooter knows: shots, hits and sunk ships, and nothing of the ships still hidden.</summary>
    public TargetView View => new(Rules, _shots, _hits, _sunkCells, _afloat);

    /// <summary>The fleet's cells. Hidden information: only the owner and finished-game views may use it.</summary>
    public UInt128 Occupied => _occupied;

    /// <summary>The cells of the ship at <paramref name="fleetIndex"/>. Hidden information, like <see cref="Occupied"/>.</summary>
    public UInt128 ShipMask(int fleetIndex) => _ships[fleetIndex];

    /// <summary>Puts <paramref name="layout"/>'s fleet on the board and clears every shot.</summary>
    public void Reset(FleetLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!ReferenceEquals(layout.Rules, Rules))
        {
            throw new ArgumentException("The layout was made for other rules.", nameof(layout));
        }
        Reset(layout.ShipMasks);
    }

    /// <summary>
    /// Puts a fleet given as ship masks (fleet order) on the board and clears every shot. The
    /// masks are trusted to form a valid layout (as <see cref="FleetLayout.SampleMasks"/> makes).
    /// </summary>
    public void Reset(ReadOnlySpan<UInt128> shipMasks)
    {
        if (shipMasks.Length != _ships.Length)
        {
            throw new ArgumentException($"Expected {_ships.Length} ship masks.", nameof(shipMasks));
        }
        shipMasks.CopyTo(_ships);
        _occupied = UInt128.Zero;
        foreach (var mask in shipMasks)
        {
            _occupied |= mask;
        }
        _shots = UInt128.Zero;
        _hits = UInt128.Zero;
        _sunkCells = UInt128.Zero;
        _afloat = (1u << _ships.Length) - 1;
    }

    /// <summary>Fires at <paramref name="cell"/>; throws <see cref="InvalidMoveException"/> (and changes nothing) if the shot is not allowed.</summary>
    public ShotResult Fire(int cell)
    {
        var error = TryFire(cell, out var result);
        return error == MoveError.None ? result : throw Refused(error, cell);
    }

    /// <summary>Fires at <paramref name="cell"/> without throwing: returns <see cref="MoveError.None"/> and the result, or the reason for refusing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MoveError TryFire(int cell, out ShotResult result)
    {
        if ((uint)cell >= (uint)Rules.Cells)
        {
            result = default;
            return MoveError.OutOfBounds;
        }
        if (_afloat == 0)
        {
            result = default;
            return MoveError.GameOver;
        }
        var bit = Bitboard.Bit(cell);
        if ((_shots & bit) != UInt128.Zero)
        {
            result = default;
            return MoveError.AlreadyFired;
        }
        _shots |= bit;
        if ((_occupied & bit) == UInt128.Zero)
        {
            result = new ShotResult(cell, ShotOutcome.Miss, null, UInt128.Zero);
            return MoveError.None;
        }
        _hits |= bit;
        result = Hit(cell, bit);
        return MoveError.None;
    }

    private ShotResult Hit(int cell, UInt128 bit)
    {
        var ships = _ships;
        for (var i = 0; i < ships.Length; i++)
        {
            var ship = ships[i];
            if ((ship & bit) == UInt128.Zero)
            {
                continue;
            }
            if ((ship & ~_hits) != UInt128.Zero)
            {
                return new ShotResult(cell, ShotOutcome.Hit, null, UInt128.Zero);
            }
            _sunkCells |= ship;
            _afloat &= ~(1u << i);
            var outcome = _afloat == 0 ? ShotOutcome.Win : ShotOutcome.Sunk;
            return new ShotResult(cell, outcome, Rules.Fleet[i].Type, ship);
        }
        throw new InvalidOperationException("Occupied cell without a ship: the ocean is corrupt.");
    }

    internal static InvalidMoveException Refused(MoveError error, int cell) =>
        new(
            error,
            error switch
            {
                MoveError.OutOfBounds => $"Cell {cell} is not on the board.",
                MoveError.AlreadyFired => $"Cell {cell} was already fired at.",
                MoveError.GameOver => "The game is over.",
                MoveError.NotYourTurn => "It is not your turn.",
                MoveError.FleetsNotPlaced => "Both fleets must be placed before the first shot.",
                MoveError.FleetAlreadyPlaced => "The fleet is already placed.",
                _ => error.ToString(),
            }
        );
}

/// <summary>
/// What a shooter knows about the ocean it fires at: every shot, every hit, the sunk ships' cells
/// and which ships are still afloat. It never holds the cells of a ship that has not sunk.
/// </summary>
/// <param name="Rules">The rules of the game.</param>
/// <param name="Shots">Every cell fired at.</param>
/// <param name="Hits">The shots that hit.</param>
/// <param name="SunkCells">The cells of the ships sunk so far.</param>
/// <param name="AfloatShips">Bit <c>i</c> set while fleet ship <c>i</c> is afloat.</param>
public readonly record struct TargetView(
    GameRules Rules,
    UInt128 Shots,
    UInt128 Hits,
    UInt128 SunkCells,
    uint AfloatShips
)
{
    /// <summary>Shots that found open water.</summary>
    public UInt128 Misses => Shots & ~Hits;

    /// <summary>Hits on ships that are still afloat.</summary>
    public UInt128 UnresolvedHits => Hits & ~SunkCells;

    /// <summary>Cells not fired at yet.</summary>
    public UInt128 Unshot => Rules.BoardMask & ~Shots;

    /// <summary>Whether fleet ship <paramref name="fleetIndex"/> is still afloat.</summary>
    public bool IsAfloat(int fleetIndex) => (AfloatShips & (1u << fleetIndex)) != 0;
}
