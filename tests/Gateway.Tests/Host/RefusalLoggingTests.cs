using Battleship.Db.Archive;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Battleship.Gateway.Tests.Host;

/// <summary>
/// What the gateway logs about failed requests: a refusal that is the caller's doing (a shot out of
/// turn, a bad page size) is one Information record without the exception, a fault is an Error
/// with it. Nothing else in the gateway logs either at Warning or above.
/// </summary>
public sealed class RefusalLoggingTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task Fire_Refused_LogsInformationWithoutException()
    {
        await using var gateway = Fixture.CreateGateway(services: s => s.AddLogging(b => b.AddFakeLogging()));
        var (one, _, match) = await gateway.StartRoomMatchAsync();
        await using var hub = await gateway.ConnectMatchAsync(one);
        var logs = gateway.Services.GetFakeLogCollector();
        logs.Clear();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.Connection.InvokeAsync<FireResult>("Fire", match, 0, 0, TestContext.Current.CancellationToken)
        );

        Dump(logs);
        const string Told = "FleetsNotPlaced: Both fleets must be placed before the first shot.";
        Assert.Contains(Told, error.Message, StringComparison.Ordinal); // the log says what the caller was told, no more
        var refusal = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "HubCallRefused");
        Assert.Equal((LogLevel.Information, 3003, null), (refusal.Level, refusal.Id.Id, refusal.Exception));
        Assert.Equal($"Hub method Fire refused: {Told}", refusal.Message);
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task RestValidation_LogsInformationWithoutException()
    {
        await using var gateway = Fixture.CreateGateway(services: s => s.AddLogging(b => b.AddFakeLogging()));
        var user = await gateway.SignInAsync("Browser");
        var logs = gateway.Services.GetFakeLogCollector();
        logs.Clear();

        using var response = await user.GetAsync("/api/agents?pageSize=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Dump(logs);
        var refusal = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "RequestRefused");
        Assert.Equal((LogLevel.Information, 3001, null), (refusal.Level, refusal.Id.Id, refusal.Exception));
        Assert.Equal(
            "GET /api/agents refused: Validation: " + (await response.ProblemAsync()).GetProperty("detail").GetString(),
            refusal.Message
        );
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task RestFault_LogsErrorWithTheException()
    {
        await using var gateway = Fixture.CreateGateway(services: s =>
        {
            s.AddLogging(b => b.AddFakeLogging());
            s.AddSingleton<IDbContextFactory<ArchiveDbContext>>(new BrokenArchive());
        });
        var user = await Gateway.SignInAsync("Browser"); // signing in reads the archive too
        using var http = gateway.ClientWithToken(user.Token);
        var logs = gateway.Services.GetFakeLogCollector();
        logs.Clear();

        using var response = await http.GetPathAsync("/api/agents");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Dump(logs);
        var fault = Assert.Single(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Equal(
            (LogLevel.Error, "RequestFailed", "GET /api/agents failed: InternalError"),
            (fault.Level, fault.Id.Name, fault.Message)
        );
        Assert.Equal("The archive is broken (test).", Assert.IsType<InvalidOperationException>(fault.Exception).Message);
    }

    [Fact]
    public void HubCall_Unavailable_LogsErrorWithTheException()
    {
        var logger = new FakeLogger();
        var outage = new Grains.BattleshipException(Grains.ErrorCode.Unavailable, "No trainer silo is up.");

        Errors.FailureLog.HubCall(logger, outage, Errors.GatewayExceptionHandler.Describe(outage), "Fire");

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal((LogLevel.Error, 3004, "Hub method Fire failed: Unavailable"), (record.Level, record.Id.Id, record.Message));
        Assert.Same(outage, record.Exception);
    }

    [Theory]
    [InlineData(
        "RateLimited: Too many calls; try again in 2 s.",
        "Hub method Fire refused: RateLimited: Too many calls; try again in 2 s."
    )]
    [InlineData("no code here", "Hub method Fire refused: InternalError: no code here")]
    public void HubCallRefused_FilterMessage_LogsItsCodeAtInformation(string message, string expected)
    {
        var logger = new FakeLogger();

        Errors.FailureLog.HubCallRefused(logger, "Fire", message);

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal((LogLevel.Information, expected, null), (record.Level, record.Message, record.Exception));
    }

    private static void Dump(FakeLogCollector logs)
    {
        foreach (var r in logs.GetSnapshot())
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{r.Level} {r.Category} [{r.Id}] {r.Message} {r.Exception?.GetType().Name}");
        }
    }

    /// <summary>An archive whose every read and write fails with an exception the gateway does not know.</summary>
    private sealed class BrokenArchive : IDbContextFactory<ArchiveDbContext>
    {
        public ArchiveDbContext CreateDbContext() => throw new InvalidOperationException("The archive is broken (test).");
    }
}
