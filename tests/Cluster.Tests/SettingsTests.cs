using System.Net;
using Battleship.Db;
using Battleship.Hosting;
using Microsoft.Extensions.Configuration;

namespace Battleship.Cluster.Tests;

public class SettingsTests
{
    private const string Cs = "Host=127.0.0.1;Database=x";

    [Fact]
    public void Read_WithOnlyAConnectionString_UsesTheDefaults()
    {
        var settings = BattleshipSettings.Read(Configuration(("Battleship:Database:ConnectionString", Cs)));

        Assert.Equal(DatabaseProvider.PostgreSql, settings.Database.Provider);
        Assert.Equal("Npgsql", settings.Database.AdoNetInvariant);
        Assert.Equal(Cs, settings.Database.ConnectionString);
        Assert.Equal(new ClusterSettings("battleship", "battleship"), settings.Cluster);
        Assert.Equal(new SiloSettings(11111, 30000, IPAddress.Loopback, false, SiloRole.Game), settings.Silo);
        Assert.Equal("game", settings.Silo.RoleName);
    }

    [Fact]
    public void Read_EveryKey_IsHonoured()
    {
        var settings = BattleshipSettings.Read(
            Configuration(
                ("Battleship:Database:Provider", "SqlServer"),
                ("Battleship:Database:ConnectionString", Cs),
                ("Battleship:Cluster:ClusterId", "blue"),
                ("Battleship:Cluster:ServiceId", "battleship-prod"),
                ("Battleship:Silo:SiloPort", "11113"),
                ("Battleship:Silo:GatewayPort", "30003"),
                ("Battleship:Silo:AdvertisedAddress", "10.1.2.3"),
                ("Battleship:Silo:ListenOnAnyHostAddress", "true"),
                ("Battleship:Silo:Role", "Trainer")
            )
        );

        Assert.Equal("Microsoft.Data.SqlClient", settings.Database.AdoNetInvariant);
        Assert.Equal(new ClusterSettings("blue", "battleship-prod"), settings.Cluster);
        Assert.Equal(new SiloSettings(11113, 30003, IPAddress.Parse("10.1.2.3"), true, SiloRole.Trainer), settings.Silo);
        Assert.Equal(Battleship.Grains.Placement.TrainerSilosOnlyStrategy.TrainerRole, settings.Silo.RoleName); // what the placement filter keeps
    }

    [Fact]
    public void Read_ConnectionStringsBattleship_IsTheFallback()
    {
        var settings = BattleshipSettings.Read(Configuration(("ConnectionStrings:battleship", Cs)));

        Assert.Equal(Cs, settings.Database.ConnectionString);
    }

    [Fact]
    public void Read_WithoutAConnectionString_FailsNamingBothKeys()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BattleshipSettings.Read(Configuration()));

        Assert.Contains("Battleship__Database__ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__battleship", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Battleship:Database:Provider", "oracle", "Battleship__Database__Provider")]
    [InlineData("Battleship:Silo:SiloPort", "70000", "Battleship__Silo__SiloPort")]
    [InlineData("Battleship:Silo:GatewayPort", "11111", "Battleship__Silo__GatewayPort")]
    [InlineData("Battleship:Silo:AdvertisedAddress", "somewhere", "Battleship__Silo__AdvertisedAddress")]
    [InlineData("Battleship:Silo:Role", "referee", "Battleship__Silo__Role")]
    [InlineData("Battleship:Silo:Role", "7", "Battleship__Silo__Role")]
    public void Read_AMalformedValue_FailsNamingTheVariable(string key, string value, string variable)
    {
        var configuration = Configuration(("Battleship:Database:ConnectionString", Cs), (key, value));

        var error = Assert.Throws<InvalidOperationException>(() => BattleshipSettings.Read(configuration));

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatabaseSettings_ToString_HidesTheConnectionString()
    {
        var settings = BattleshipSettings.ReadDatabase(Configuration(("Battleship:Database:ConnectionString", "Password=secret")));

        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
