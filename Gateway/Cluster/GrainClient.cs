using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Battleship.Gateway.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;

namespace Battleship.Gateway.Cluster;

/// <summary>
/// The gateway's way to call grains: the cluster client's grain factory behind a retry pipeline
/// for the failures a silo failover causes. A call rejected because its silo died
/// (<see cref="OrleansMessageRejectionException"/>, of which <see cref="SiloUnavailableException"/>
/// is one) or that could not be sent because the client's connection to that silo could not be
/// made (<see cref="ConnectionFailedException"/>: a gateway silo that just died) was never executed; a <see cref="TimeoutException"/> may have been, so the grains answer
/// repeated moves idempotently (a shot carries the turn it was aimed at). A refusal by a grain
/// (<see cref="Grains.BattleshipException"/>) is never retried. Every attempt is counted by grain
/// interface method (<see cref="GatewayTelemetry.GrainCalls"/>), so the cost of a feature in grain
/// calls can be read off <c>/metrics</c>.
/// </summary>
internal sealed partial class GrainClient
{
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _idempotentAttempt;
    private readonly TimeProvider _time;

    public GrainClient(IGrainFactory factory, IOptions<GrainRetryOptions> options, TimeProvider time, ILogger<GrainClient> logger)
    {
        _time = time;
        Factory = factory;
        var retry = options.Value;
        _idempotentAttempt = retry.IdempotentAttemptTimeout;
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(
                new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder()
                        .Handle<OrleansMessageRejectionException>()
                        .Handle<ConnectionFailedException>()
                        .Handle<TimeoutException>()
                        // Orleans' own give-up during a failover ("message expired before placement");
                        // the caller's cancellation ends the pipeline before any retry.
                        .Handle<OperationCanceledException>(),
                    MaxRetryAttempts = retry.MaxRetries,
                    Delay = retry.FirstDelay,
                    MaxDelay = retry.MaxDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    OnRetry = args =>
                    {
                        GrainCallRetrying(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name);
                        return ValueTask.CompletedTask;
                    },
                }
            )
            .Build();
    }

    /// <summary>The grain factory (for grain and object references; calls go through <see cref="CallAsync{TGrain, T}"/>).</summary>
    public IGrainFactory Factory { get; }

    /// <summary>The grain <paramref name="key"/> of <typeparamref name="TGrain"/>, to call through this client.</summary>
    public GrainCalls<TGrain> Grain<TGrain>(Guid key)
        where TGrain : IGrainWithGuidKey => new(this, Factory.GetGrain<TGrain>(key));

    /// <summary>The grain <paramref name="key"/> of <typeparamref name="TGrain"/>, to call through this client.</summary>
    public GrainCalls<TGrain> Grain<TGrain>(long key)
        where TGrain : IGrainWithIntegerKey => new(this, Factory.GetGrain<TGrain>(key));

    /// <summary>The grain <paramref name="key"/> of <typeparamref name="TGrain"/>, to call through this client.</summary>
    public GrainCalls<TGrain> Grain<TGrain>(string key)
        where TGrain : IGrainWithStringKey => new(this, Factory.GetGrain<TGrain>(key));

    /// <summary>
    /// Calls <paramref name="method"/> (its <c>nameof</c>) of <paramref name="grain"/>, retrying
    /// failover rejections; each attempt counts as one call of <c>TGrain.method</c>.
    /// </summary>
    public async Task<T> CallAsync<TGrain, T>(
        TGrain grain,
        string method,
        Func<TGrain, Task<T>> call,
        CancellationToken cancellationToken = default
    )
        where TGrain : IAddressable
    {
        var label = MethodLabel<TGrain>.For(method);
        return await _pipeline.ExecuteAsync(
            static async (state, _) =>
            {
                Count(state.label);
                return await state.call(state.grain);
            },
            (call, grain, label),
            cancellationToken
        );
    }

    /// <summary>
    /// Calls a method that may safely run twice (a shot carries the turn it was aimed at; a repeat
    /// is answered from the log), giving each attempt at most
    /// <see cref="GrainRetryOptions.IdempotentAttemptTimeout"/>: a call in flight to a silo that
    /// died gets neither an answer nor a rejection from Orleans, only its response timeout (3–4 s
    /// for <c>FireAsync</c>), so it is abandoned early and sent again, and the retry reaches the
    /// grain's new activation as soon as the cluster has declared the silo dead (about 1 s). An
    /// abandoned attempt that was in fact still running is harmless, by the method's contract.
    /// </summary>
    public Task<T> CallIdempotentAsync<TGrain, T>(
        TGrain grain,
        string method,
        Func<TGrain, Task<T>> call,
        CancellationToken cancellationToken = default
    )
        where TGrain : IAddressable =>
        CallAsync(grain, method, g => call(g).WaitAsync(_idempotentAttempt, _time, cancellationToken), cancellationToken);

    /// <summary>Calls a method that returns nothing and may safely run twice; see <see cref="CallIdempotentAsync{TGrain, T}"/>.</summary>
    public Task CallIdempotentAsync<TGrain>(
        TGrain grain,
        string method,
        Func<TGrain, Task> call,
        CancellationToken cancellationToken = default
    )
        where TGrain : IAddressable =>
        CallAsync(grain, method, g => call(g).WaitAsync(_idempotentAttempt, _time, cancellationToken), cancellationToken);

    /// <summary>Calls a grain method that returns nothing; see <see cref="CallAsync{TGrain, T}"/>.</summary>
    public async Task CallAsync<TGrain>(TGrain grain, string method, Func<TGrain, Task> call, CancellationToken cancellationToken = default)
        where TGrain : IAddressable
    {
        var label = MethodLabel<TGrain>.For(method);
        await _pipeline.ExecuteAsync(
            static async (state, _) =>
            {
                Count(state.label);
                await state.call(state.grain);
            },
            (call, grain, label),
            cancellationToken
        );
    }

    private static void Count(string method) =>
        GatewayTelemetry.GrainCalls.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.MethodLabel, method));

    [LoggerMessage(3101, LogLevel.Warning, "Grain call failed with {Exception}; retry {Attempt} in {Delay}")]
    private static partial void GrainCallRetrying(ILogger logger, int attempt, TimeSpan delay, string? exception);

    /// <summary>The label <c>IMatchGrain.FireAsync</c> of a grain interface's method, made (and checked) once per method.</summary>
    private static class MethodLabel<TGrain>
    {
        private static readonly ConcurrentDictionary<string, string> Labels = new(StringComparer.Ordinal);

        public static string For(string method) => Labels.GetOrAdd(method, Create);

        private static string Create(string method)
        {
            var type = typeof(TGrain);
            if (
                !type.IsInterface
                || type.GetMethods().Concat(type.GetInterfaces().SelectMany(i => i.GetMethods())).All(m => m.Name != method)
            )
            {
                throw new ArgumentException($"{type.Name} is not a grain interface with a method {method}.", nameof(method));
            }
            return $"{type.Name}.{method}";
        }
    }
}

/// <summary>
/// Calls to one grain through a <see cref="GrainClient"/> (<see cref="GrainClient.Grain{TGrain}(Guid)"/> and its overloads):
/// the same calls, without naming the grain in each.
/// </summary>
internal readonly struct GrainCalls<TGrain>(GrainClient client, TGrain grain)
    where TGrain : IAddressable
{
    /// <summary>See <see cref="GrainClient.CallAsync{TGrain, T}"/>.</summary>
    public Task<T> CallAsync<T>(string method, Func<TGrain, Task<T>> call, CancellationToken cancellationToken = default) =>
        client.CallAsync(grain, method, call, cancellationToken);

    /// <summary>See <see cref="GrainClient.CallAsync{TGrain}"/>.</summary>
    public Task CallAsync(string method, Func<TGrain, Task> call, CancellationToken cancellationToken = default) =>
        client.CallAsync(grain, method, call, cancellationToken);

    /// <summary>See <see cref="GrainClient.CallIdempotentAsync{TGrain, T}"/>.</summary>
    public Task<T> CallIdempotentAsync<T>(string method, Func<TGrain, Task<T>> call, CancellationToken cancellationToken = default) =>
        client.CallIdempotentAsync(grain, method, call, cancellationToken);

    /// <summary>See <see cref="GrainClient.CallIdempotentAsync{TGrain}"/>.</summary>
    public Task CallIdempotentAsync(string method, Func<TGrain, Task> call, CancellationToken cancellationToken = default) =>
        client.CallIdempotentAsync(grain, method, call, cancellationToken);
}

/// <summary>How the gateway retries grain calls rejected during a failover (section <c>Gateway:GrainRetry</c>).</summary>
internal sealed class GrainRetryOptions
{
    public const string SectionName = "Gateway:GrainRetry";

    /// <summary>Retries after the first attempt (default 20: with the delays below, about 7 s in all, beyond a typical failover).</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 20;

    /// <summary>
    /// The delay before the first retry; it doubles (with jitter) up to <see cref="MaxDelay"/>.
    /// Short, because a failover's rejections stop as soon as the silo is declared dead (about
    /// 1 s after it dies), and a player waits for every retry.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The longest delay between two attempts. Short, as the first: a call that waited for a dead
    /// silo to be declared dead should go as soon as it is (about 1–1.5 s after the death); with
    /// 1 s, the attempt after that moment could come 0.8 s late, and the slowest shot across a silo
    /// kill was 2.04 s (docs/chaos.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// How long one attempt of an idempotent call may take before it is abandoned and retried
    /// (<see cref="GrainClient.CallIdempotentAsync{TGrain, T}"/>). Far above a shot's time under
    /// load (p99.9 0.11 s at 1,000 connections, docs/performance.md), far below the 3–4 s in which
    /// Orleans gives up on a call lost with its silo.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan IdempotentAttemptTimeout { get; set; } = TimeSpan.FromMilliseconds(750);
}

/// <summary>Checks <see cref="GrainRetryOptions"/> when the gateway starts (source-generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class GrainRetryOptionsValidator : IValidateOptions<GrainRetryOptions>;
