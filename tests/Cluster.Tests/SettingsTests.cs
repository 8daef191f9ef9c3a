using System.Net;
using Battleship.Db;
using Battleship.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        Assert.Equal(new ClusterSettings { ClusterId = "battleship", ServiceId = "battleship" }, settings.Cluster);
        Assert.Equal((11111, 30000, IPAddress.Loopback, false, SiloRole.Game), Endpoints(settings.Silo));
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
        Assert.Equal(new ClusterSettings { ClusterId = "blue", ServiceId = "battleship-prod" }, settings.Cluster);
        Assert.Equal((11113, 30003, IPAddress.Parse("10.1.2.3"), true, SiloRole.Trainer), Endpoints(settings.Silo));
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
    [InlineData("Battleship:Silo:AdvertisedAddress", "not an address", "Battleship__Silo__AdvertisedAddress")]
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
    public void Read_BlankOrPaddedValues_UseTheDefaultsOrAreTrimmed()
    {
        var settings = BattleshipSettings.Read(
            Configuration(
                ("Battleship:Database:ConnectionString", Cs),
                ("Battleship:Database:Provider", ""),
                ("Battleship:Cluster:ClusterId", " blue "),
                ("Battleship:Cluster:ServiceId", ""),
                ("Battleship:Silo:SiloPort", ""),
                ("Battleship:Silo:GatewayPort", " "),
                ("Battleship:Silo:AdvertisedAddress", ""),
                ("Battleship:Silo:ListenOnAnyHostAddress", ""),
                ("Battleship:Silo:Role", "")
            )
        );

        Assert.Equal(DatabaseProvider.PostgreSql, settings.Database.Provider);
        Assert.Equal(new ClusterSettings { ClusterId = "blue", ServiceId = "battleship" }, settings.Cluster);
        Assert.Equal((11111, 30000, IPAddress.Loopback, false, SiloRole.Game), Endpoints(settings.Silo));
    }

    [Fact]
    public void Read_AHostNameAsTheAdvertisedAddress_ResolvesToItsIPv4Address()
    {
        // A container advertises its own name (docs/deploy.md); localhost stands in for it here.
        var settings = BattleshipSettings.Read(
            Configuration(("Battleship:Database:ConnectionString", Cs), ("Battleship:Silo:AdvertisedAddress", " localhost "))
        );

        Assert.Equal(IPAddress.Loopback, settings.Silo.Address);
    }

    [Theory]
    [InlineData("postgres", DatabaseProvider.PostgreSql)]
    [InlineData("Npgsql", DatabaseProvider.PostgreSql)]
    [InlineData("mssql", DatabaseProvider.SqlServer)]
    [InlineData("Microsoft.Data.SqlClient", DatabaseProvider.SqlServer)]
    public void Read_TheProvidersOtherNames_AreAccepted(string name, DatabaseProvider expected)
    {
        var settings = BattleshipSettings.ReadDatabase(
            Configuration(("Battleship:Database:Provider", name), ("Battleship:Database:ConnectionString", Cs))
        );

        Assert.Equal(expected, settings.Provider);
    }

    [Fact]
    public void Register_BindsTheOptionsForConsumers()
    {
        using var services = Services(
            ("Battleship:Database:Provider", "SqlServer"),
            ("ConnectionStrings:battleship", Cs),
            ("Battleship:Cluster:ClusterId", "blue"),
            ("Battleship:Silo:SiloPort", "11115"),
            ("Battleship:Silo:GatewayPort", "30005")
        );

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(DatabaseProvider.SqlServer, services.GetRequiredService<IOptions<DatabaseSettings>>().Value.Provider);
        Assert.Equal(Cs, services.GetRequiredService<IOptions<DatabaseSettings>>().Value.ConnectionString);
        Assert.Equal("blue", services.GetRequiredService<IOptions<ClusterSettings>>().Value.ClusterId);
        Assert.Equal(11115, services.GetRequiredService<IOptions<SiloSettings>>().Value.SiloPort);
    }

    [Theory]
    [InlineData("Battleship:Silo:SiloPort", "0", "Battleship__Silo__SiloPort")]
    [InlineData("Battleship:Silo:AdvertisedAddress", "not an address", "Battleship__Silo__AdvertisedAddress")]
    [InlineData("Battleship:Silo:GatewayPort", "11111", "Battleship__Silo__GatewayPort")]
    public void Register_AMalformedValue_FailsTheStartNamingTheVariable(string key, string value, string variable)
    {
        using var services = Services(("Battleship:Database:ConnectionString", Cs), (key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatabaseSettings_ToString_HidesTheConnectionString()
    {
        var settings = BattleshipSettings.ReadDatabase(Configuration(("Battleship:Database:ConnectionString", "Password=secret")));

        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
    }

    private static (int, int, IPAddress, bool, SiloRole) Endpoints(SiloSettings silo) =>
        (silo.SiloPort, silo.GatewayPort, silo.Address, silo.ListenOnAnyHostAddress, silo.Role);

    private static ServiceProvider Services(params (string Key, string Value)[] values)
    {
        var services = new ServiceCollection().AddSingleton(Configuration(values));
        BattleshipSettings.Register(services, silo: true);
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
