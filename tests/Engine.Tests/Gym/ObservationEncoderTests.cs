using Battleship.Engine.Gym;

namespace Battleship.Engine.Tests.Gym;

public class ObservationEncoderTests
{
    [Fact]
    public void ChannelsAndSize_StandardGame_AreNineAndNineHundred()
    {
        Assert.Equal(9, ObservationEncoder.Channels(GameRules.Standard));
        Assert.Equal(900, ObservationEncoder.Size(GameRules.Standard));
        Assert.Equal(
            (0, 1, 2, 3, 4),
            (
                ObservationEncoder.UnknownChannel,
                ObservationEncoder.MissChannel,
                ObservationEncoder.HitChannel,
                ObservationEncoder.SunkChannel,
                ObservationEncoder.FirstShipChannel
            )
        );
    }

    [Fact]
    public void Encode_MidGameView_MatchesTheCellByCellExpectation()
    {
        var rules = GameRules.Standard;
        var ocean = Expected.OceanFor(rules, 3);
        foreach (var cell in Expected.CellsOf(ocean.ShipMask(1) | ocean.ShipMask(4)))
        {
            ocean.Fire(cell);
        }
        ocean.Fire(Bitboard.First(ocean.ShipMask(0)));
        ocean.Fire(Expected.FirstWater(ocean));
        var observation = new float[ObservationEncoder.Size(rules)];
        var mask = new byte[rules.Cells];

        ObservationEncoder.Encode(ocean.View, observation);
        ObservationEncoder.EncodeMask(ocean.View, mask);

        Expected.Equal(Expected.Observation(ocean), observation, rules.Cells);
        Assert.Equal(Expected.Mask(ocean), mask);
    }

    [Fact]
    public void Encode_SmallBoardWithAnotherFleet_UsesOneShipChannelPerFleetShip()
    {
        var rules = new GameRules(3, 5, [new ShipSpec(ShipType.Cruiser, 3), new ShipSpec(ShipType.Destroyer, 2)], shipsMayTouch: false);
        var ocean = Expected.OceanFor(rules, 8);
        foreach (var cell in Expected.CellsOf(ocean.ShipMask(1)))
        {
            ocean.Fire(cell);
        }
        var observation = new float[ObservationEncoder.Size(rules)];

        ObservationEncoder.Encode(ocean.View, observation);

        Assert.Equal(6 * 15, observation.Length);
        Expected.Equal(Expected.Observation(ocean), observation, rules.Cells);
    }

    [Fact]
    public void Encode_WrongLength_Throws()
    {
        var view = Expected.OceanFor(GameRules.Standard, 1).View;

        Assert.Throws<ArgumentException>(() => ObservationEncoder.Encode(view, new float[899]));
        Assert.Throws<ArgumentException>(() => ObservationEncoder.EncodeMask(view, new byte[101]));
    }
}
