using Battleship.Engine;
using Battleship.Engine.Policies;

namespace Battleship.Grains.Tests.Agents;

public class AgentGrainTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    public static TheoryData<string> PolicyNames => [.. ShotPolicies.All.Select(p => p.Name)];

    public static TheoryData<Guid> BuiltInIds => [.. BuiltInAgents.All.Select(a => a.Id)];

    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public async Task BuiltIns_RightAfterStartUp_AreDefinedAndMirrored(Guid id)
    {
        var definition = BuiltInAgents.All.Single(a => a.Id == id).Definition;

        var profile = await Fixture.Grains.GetGrain<IAgentGrain>(id).GetProfileAsync();

        var expected = new AgentProfile(id, definition.Name, definition.Kind, definition.Policy, null, true, ClusterFixture.Start);
        Assert.Equal(expected, profile);
        var row = await Fixture.Archive.GetAgentAsync(id, TestContext.Current.CancellationToken);
        Assert.Equal((definition.Name, definition.Policy, true), (row!.Name, row.Policy, row.IsBuiltIn));
        Assert.True(profile.Kind == AgentKind.Dqn || ShotPolicies.Find(profile.Policy) is not null);
    }

    [Fact]
    public async Task Define_NewAgent_ReturnsTheProfileAndMirrorsIt()
    {
        var id = Guid.NewGuid();
        var owner = (await Fixture.NewUserAsync()).Id;
        var now = Fixture.Time.GetUtcNow();

        var profile = await Agent(id).DefineAsync(new AgentDefinition("  Sonar  ", AgentKind.Heuristic, "Parity-Sunk", owner));

        var expected = new AgentProfile(id, "Sonar", AgentKind.Heuristic, "parity-sunk", owner, false, now);
        Assert.Equal(expected, profile);
        Assert.Equal(expected, await Agent(id).GetProfileAsync());
        var row = await Fixture.Archive.GetAgentAsync(id, TestContext.Current.CancellationToken);
        Assert.Equal(("Sonar", "parity-sunk", (Guid?)owner, false), (row!.Name, row.Policy, row.OwnerId, row.IsBuiltIn));
    }

    [Fact]
    public async Task Define_Again_ReplacesTheDefinitionAndKeepsCreatedAt()
    {
        var id = Guid.NewGuid();
        var created = (await Agent(id).DefineAsync(new AgentDefinition("Old", AgentKind.Heuristic, "hunt"))).CreatedAt;
        Fixture.Time.Advance(TimeSpan.FromHours(1));

        var profile = await Agent(id).DefineAsync(new AgentDefinition("New", AgentKind.Heuristic, "density"));

        Assert.Equal(("New", "density", created), (profile.Name, profile.Policy, profile.CreatedAt));
        Assert.Equal(profile, await Agent(id).GetProfileAsync());
    }

    [Fact]
    public async Task Define_Dqn_IsAcceptedWithItsCheckpoint()
    {
        var id = Guid.NewGuid();

        var profile = await Agent(id).DefineAsync(new AgentDefinition("Learner 1", AgentKind.Dqn, "checkpoints/run-7/step-120000"));

        Assert.Equal((AgentKind.Dqn, "checkpoints/run-7/step-120000"), (profile.Kind, profile.Policy));
    }

    [Fact]
    public async Task Define_AfterReactivation_IsStillThere()
    {
        var id = Guid.NewGuid();
        var profile = await Agent(id).DefineAsync(new AgentDefinition("Keeper", AgentKind.Heuristic, "random"));

        await Fixture.Cluster.DeactivateAsync(Agent(id));

        Assert.Equal(profile, await Agent(id).GetProfileAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ThirtyThreeCharactersIsTooLong!!!")]
    [InlineData("Tab\tName")]
    public async Task Define_BadName_IsRejected(string name)
    {
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(id).DefineAsync(new AgentDefinition(name, AgentKind.Heuristic, "random"))
        );

        Assert.Equal(ErrorCode.Validation, error.Code);
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<BattleshipException>(() => Agent(id).GetProfileAsync())).Code);
    }

    [Fact]
    public async Task Define_NameOfThirtyTwoCharacters_IsAccepted()
    {
        var name = new string('x', Limits.AgentNameMaxLength);

        var profile = await Agent(Guid.NewGuid()).DefineAsync(new AgentDefinition(name, AgentKind.Heuristic, "random"));

        Assert.Equal(name, profile.Name);
    }

    [Theory]
    [InlineData(AgentKind.Heuristic, "oracle")]
    [InlineData(AgentKind.Heuristic, "")]
    [InlineData(AgentKind.Dqn, " ")]
    [InlineData((AgentKind)7, "random")]
    public async Task Define_BadPolicyOrKind_IsRejected(AgentKind kind, string policy)
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(Guid.NewGuid()).DefineAsync(new AgentDefinition("Agent", kind, policy))
        );

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task Define_BuiltInFlagOnAnOrdinaryId_IsRejected()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(Guid.NewGuid()).DefineAsync(new AgentDefinition("Fake", AgentKind.Heuristic, "random", IsBuiltIn: true))
        );

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task Define_BuiltInIdAsAnOrdinaryAgent_IsRefused()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(BuiltInAgents.Hunt).DefineAsync(new AgentDefinition("Mine now", AgentKind.Heuristic, "random"))
        );

        Assert.Equal(ErrorCode.InvalidTransition, error.Code);
        Assert.Equal("Hunter", (await Agent(BuiltInAgents.Hunt).GetProfileAsync()).Name);
    }

    [Fact]
    public async Task Define_BuiltInIdWithAnotherBuiltInDefinition_IsRefused()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(BuiltInAgents.Hunt).DefineAsync(new AgentDefinition("Hunter", AgentKind.Heuristic, "random", IsBuiltIn: true))
        );

        Assert.Equal(ErrorCode.InvalidTransition, error.Code);
        Assert.Equal("hunt", (await Agent(BuiltInAgents.Hunt).GetProfileAsync()).Policy);
    }

    [Fact]
    public async Task Define_BuiltInIdWithItsShippedDefinition_IsIdempotent()
    {
        var shipped = BuiltInAgents.All.Single(a => a.Id == BuiltInAgents.Parity).Definition;
        var before = await Agent(BuiltInAgents.Parity).GetProfileAsync();

        var profile = await Agent(BuiltInAgents.Parity).DefineAsync(shipped);

        Assert.Equal(before, profile);
    }

    [Fact]
    public async Task GetProfile_Undefined_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() => Agent(Guid.NewGuid()).GetProfileAsync());

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task Delete_OrdinaryAgent_RemovesItAndItsArchiveRow()
    {
        var id = Guid.NewGuid();
        await Agent(id).DefineAsync(new AgentDefinition("Doomed", AgentKind.Heuristic, "hunt"));

        await Agent(id).DeleteAsync(Caller.Operator);

        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<BattleshipException>(() => Agent(id).GetProfileAsync())).Code);
        Assert.Null(await Fixture.Archive.GetAgentAsync(id, TestContext.Current.CancellationToken));
        await Fixture.Cluster.DeactivateAsync(Agent(id));
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<BattleshipException>(() => Agent(id).GetProfileAsync())).Code);
    }

    [Fact]
    public async Task Delete_BuiltIn_IsRefusedAndChangesNothing()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() => Agent(BuiltInAgents.Density).DeleteAsync(Caller.Operator));

        Assert.Equal(ErrorCode.InvalidTransition, error.Code);
        Assert.Equal("Density", (await Agent(BuiltInAgents.Density).GetProfileAsync()).Name);
        Assert.NotNull(await Fixture.Archive.GetAgentAsync(BuiltInAgents.Density, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Delete_Undefined_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() => Agent(Guid.NewGuid()).DeleteAsync(Caller.Operator));

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task Delete_ByAnotherUser_IsNotOwnerAndChangesNothing()
    {
        var (id, _, name) = await OwnedAgentAsync();
        var stranger = new Caller((await Fixture.NewUserAsync()).Id, IsAdmin: false);

        var error = await Assert.ThrowsAsync<BattleshipException>(() => Agent(id).DeleteAsync(stranger));

        Assert.Equal(ErrorCode.NotOwner, error.Code);
        Assert.Equal(name, (await Agent(id).GetProfileAsync()).Name);
        Assert.NotNull(await Fixture.Archive.GetAgentAsync(id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Delete_ByTheOwner_RemovesIt()
    {
        var (id, owner, _) = await OwnedAgentAsync();

        await Agent(id).DeleteAsync(new Caller(owner, IsAdmin: false));

        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<BattleshipException>(() => Agent(id).GetProfileAsync())).Code);
    }

    [Fact]
    public async Task Update_ByTheOwner_RedefinesAndKeepsTheOwner()
    {
        var (id, owner, _) = await OwnedAgentAsync();

        var profile = await Agent(id)
            .UpdateAsync(new Caller(owner, IsAdmin: false), new AgentDefinition($"After {id:N}"[..20], AgentKind.Heuristic, "density"));

        Assert.Equal(($"After {id:N}"[..20], "density", (Guid?)owner), (profile.Name, profile.Policy, profile.OwnerId));
        Assert.Equal(profile, await Agent(id).GetProfileAsync());
    }

    [Fact]
    public async Task Update_ByAnAdmin_KeepsTheOwnerWhateverTheDefinitionSays()
    {
        var (id, owner, _) = await OwnedAgentAsync();
        var admin = new Caller((await Fixture.NewUserAsync()).Id, IsAdmin: true);

        var profile = await Agent(id)
            .UpdateAsync(admin, new AgentDefinition($"Moderated {id:N}"[..20], AgentKind.Heuristic, "parity", admin.UserId));

        Assert.Equal(($"Moderated {id:N}"[..20], (Guid?)owner, false), (profile.Name, profile.OwnerId, profile.IsBuiltIn));
    }

    [Fact]
    public async Task Update_ByAnotherUser_IsNotOwner_BeforeTheDefinitionIsChecked()
    {
        var (id, _, name) = await OwnedAgentAsync();
        var stranger = new Caller((await Fixture.NewUserAsync()).Id, IsAdmin: false);

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(id).UpdateAsync(stranger, new AgentDefinition("", AgentKind.Heuristic, "cheat"))
        );

        Assert.Equal(ErrorCode.NotOwner, error.Code);
        Assert.Equal(name, (await Agent(id).GetProfileAsync()).Name);
    }

    [Fact]
    public async Task Update_AgentWithoutOwner_ByAUser_IsNotOwner()
    {
        var id = Guid.NewGuid();
        await Agent(id).DefineAsync(new AgentDefinition($"Nobody's {id:N}"[..20], AgentKind.Heuristic, "hunt"));
        var user = new Caller((await Fixture.NewUserAsync()).Id, IsAdmin: false);

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(id).UpdateAsync(user, new AgentDefinition("Mine now", AgentKind.Heuristic, "hunt"))
        );

        Assert.Equal(ErrorCode.NotOwner, error.Code);
    }

    [Theory]
    [InlineData(false, ErrorCode.NotOwner)]
    [InlineData(true, ErrorCode.InvalidTransition)]
    public async Task Update_BuiltIn_IsRefused(bool admin, ErrorCode expected)
    {
        var caller = new Caller((await Fixture.NewUserAsync()).Id, admin);

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(BuiltInAgents.Hunt).UpdateAsync(caller, new AgentDefinition("Broken", AgentKind.Heuristic, "random"))
        );

        Assert.Equal(expected, error.Code);
        Assert.Equal("hunt", (await Agent(BuiltInAgents.Hunt).GetProfileAsync()).Policy);
    }

    [Fact]
    public async Task Update_Undefined_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Agent(Guid.NewGuid()).UpdateAsync(Caller.Operator, new AgentDefinition("Ghost", AgentKind.Heuristic, "random"))
        );

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public async Task ChooseShot_EveryHeuristic_PlaysAWholeGameWithoutRepeatsAndSinksTheFleet(string policy)
    {
        var agent = Agent(Guid.NewGuid());
        await agent.DefineAsync(new AgentDefinition(policy, AgentKind.Heuristic, policy));
        var ocean = new Ocean(FleetLayout.Random(GameRules.Standard, seed: 42));
        var rng = new Rng(7);

        while (!ocean.AllSunk)
        {
            var cell = await agent.ChooseShotAsync(Request(ocean.View, rng.NextUInt64()));

            Assert.False(Bitboard.Contains(ocean.Shots, cell), $"{policy} fired at {cell} twice");
            ocean.Fire(cell);
        }

        Assert.InRange(ocean.ShotCount, GameRules.Standard.FleetCells, GameRules.Standard.Cells);
    }

    [Fact]
    public async Task ChooseShot_BuiltInDensity_FinishesOffAWoundedShip()
    {
        var rules = GameRules.Standard;
        // One hit at (4, 4) next to misses on three sides: the ship must continue downwards.
        var misses = Bitboard.Bit(rules.CellAt(3, 4)) | Bitboard.Bit(rules.CellAt(4, 3)) | Bitboard.Bit(rules.CellAt(4, 5));
        var hit = Bitboard.Bit(rules.CellAt(4, 4));
        var view = new TargetView(rules, misses | hit, hit, UInt128.Zero, 0b11111);

        var cell = await Agent(BuiltInAgents.Density).ChooseShotAsync(Request(view, seed: 1));

        Assert.Equal(rules.CellAt(5, 4), cell);
    }

    [Fact]
    public async Task ChooseShot_SameRequest_SameCell()
    {
        var view = new TargetView(GameRules.Standard, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111);

        var first = await Agent(BuiltInAgents.Random).ChooseShotAsync(Request(view, seed: 5));
        var second = await Agent(BuiltInAgents.Random).ChooseShotAsync(Request(view, seed: 5));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ChooseShot_OneCellLeft_ChoosesIt()
    {
        var rules = new GameRules(2, 2, [new ShipSpec(ShipType.Destroyer, 2)]);
        // Shots at 0, 1 and 2: 0 missed, 1 hit; the destroyer is still afloat, so only 3 is left.
        var view = new TargetView(rules, 0b0111u, 0b0010u, UInt128.Zero, 0b1);

        var cell = await Agent(BuiltInAgents.Parity).ChooseShotAsync(Request(view, seed: 3));

        Assert.Equal(3, cell);
    }

    public static TheoryData<string> InconsistentRequests =>
        [
            "hit not shot",
            "sunk not hit",
            "shot off the board",
            "unknown ship afloat",
            "all sunk",
            "sunk cells do not add up",
            "too many hits",
            "too many misses",
        ];

    [Theory]
    [MemberData(nameof(InconsistentRequests))]
    public async Task ChooseShot_InconsistentRequest_IsRejected(string problem)
    {
        var request = Inconsistent(problem);

        var error = await Assert.ThrowsAsync<BattleshipException>(() => Agent(BuiltInAgents.Hunt).ChooseShotAsync(request));

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task ChooseShot_UnplayableRules_AreRejected()
    {
        var rules = RulesSpec.Standard with { Rows = 0 };
        var request = new AgentShotRequest(Guid.NewGuid(), rules, default, default, default, 0b11111, 1);

        var error = await Assert.ThrowsAsync<BattleshipException>(() => Agent(BuiltInAgents.Hunt).ChooseShotAsync(request));

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task ChooseShot_Undefined_IsNotFound()
    {
        var view = new TargetView(GameRules.Standard, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111);

        var error = await Assert.ThrowsAsync<BattleshipException>(() => Agent(Guid.NewGuid()).ChooseShotAsync(Request(view, 1)));

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ChooseFleet_AnySeed_IsAValidLayoutThatDependsOnlyOnTheSeed(bool shipsMayTouch)
    {
        var rules = new GameRules(10, 10, GameRules.StandardFleet, shipsMayTouch);
        var agent = Agent(BuiltInAgents.Random);

        var first = await agent.ChooseFleetAsync(RulesSpec.From(rules), 9);
        var again = await agent.ChooseFleetAsync(RulesSpec.From(rules), 9);
        var other = await agent.ChooseFleetAsync(RulesSpec.From(rules), 10);

        var layout = FleetLayout.Create(rules, first.Select(p => new ShipPlacement(p.Ship, p.Row, p.Column, p.Orientation)));
        Assert.Equal(rules.Fleet.Length, layout.Placements.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task ChooseFleet_Dqn_IsServedHere()
    {
        var agent = Agent(Guid.NewGuid());
        await agent.DefineAsync(new AgentDefinition("Learner 3", AgentKind.Dqn, "checkpoint-1"));

        var fleet = await agent.ChooseFleetAsync(RulesSpec.Standard, 3);

        Assert.Equal(GameRules.StandardFleet.Select(s => s.Type), fleet.Select(p => p.Ship));
    }

    private IAgentGrain Agent(Guid id) => Fixture.Grains.GetGrain<IAgentGrain>(id);

    /// <summary>A new agent of a new user, with a unique name (agent names are unique).</summary>
    private async Task<(Guid Id, Guid Owner, string Name)> OwnedAgentAsync()
    {
        var (id, owner) = (Guid.NewGuid(), (await Fixture.NewUserAsync()).Id);
        var name = $"Owned {id:N}"[..20];
        await Agent(id).DefineAsync(new AgentDefinition(name, AgentKind.Heuristic, "hunt", owner));
        return (id, owner, name);
    }

    private static AgentShotRequest Request(TargetView view, ulong seed) =>
        new(
            Guid.Empty,
            RulesSpec.From(view.Rules),
            CellSet.From(view.Shots),
            CellSet.From(view.Hits),
            CellSet.From(view.SunkCells),
            view.AfloatShips,
            seed
        );

    /// <summary>A request on the standard board that no game can produce.</summary>
    private static AgentShotRequest Inconsistent(string problem)
    {
        var rules = GameRules.Standard;
        var destroyer = Bitboard.Bit(0) | Bitboard.Bit(1); // fleet index 4, length 2
        var allAfloat = 0b11111u;
        var (shots, hits, sunk, afloat) = problem switch
        {
            "hit not shot" => (Bitboard.Bit(5), Bitboard.Bit(6), UInt128.Zero, allAfloat),
            "sunk not hit" => (destroyer, Bitboard.Bit(0), destroyer, 0b01111u),
            "shot off the board" => (Bitboard.Bit(100), UInt128.Zero, UInt128.Zero, allAfloat),
            "unknown ship afloat" => (UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b111111u),
            "all sunk" => (UInt128.Zero, UInt128.Zero, UInt128.Zero, 0u),
            "sunk cells do not add up" => (destroyer, destroyer, destroyer, allAfloat),
            "too many hits" => (rules.BoardMask >> 80, rules.BoardMask >> 80, UInt128.Zero, allAfloat), // 20 hits, at most 12 possible
            "too many misses" => (rules.BoardMask >> 16, UInt128.Zero, UInt128.Zero, allAfloat), // 84 misses, at most 83 possible
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };
        return new AgentShotRequest(Guid.Empty, RulesSpec.Standard, CellSet.From(shots), CellSet.From(hits), CellSet.From(sunk), afloat, 1);
    }
}
