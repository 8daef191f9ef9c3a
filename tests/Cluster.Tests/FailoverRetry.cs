using System.Collections.Concurrent;
using Polly;
using Polly.Retry;

namespace Battleship.Cluster.Tests;

/// <summary>
/// Retries a grain call that the cluster rejects while it is failing over, as a gateway will:
/// <see cref="OrleansMessageRejectionException"/> (the target silo is gone but not yet declared
/// dead), <see cref="SiloUnavailableException"/> and <see cref="TimeoutException"/>, every 100 ms,
/// for at most <c>budget</c> in all. Counts what it retried.
/// </summary>
internal sealed class FailoverRetry
{
    private readonly ResiliencePipeline _pipeline;
    private readonly ConcurrentQueue<string> _retried = new();
    private readonly ConcurrentQueue<string> _attempts = new();
    private readonly CancellationToken _cancellationToken;

    public FailoverRetry(TimeSpan budget, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(budget)
            .AddRetry(
                new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder()
                        .Handle<OrleansMessageRejectionException>()
                        .Handle<SiloUnavailableException>()
                        .Handle<TimeoutException>(),
                    MaxRetryAttempts = int.MaxValue,
                    BackoffType = DelayBackoffType.Constant,
                    Delay = TimeSpan.FromMilliseconds(100),
                    UseJitter = false,
                    OnRetry = args =>
                    {
                        _retried.Enqueue(args.Outcome.Exception?.GetType().Name ?? "?");
                        lock (_attempts)
                        {
                            LongestFailedAttempt = args.Duration > LongestFailedAttempt ? args.Duration : LongestFailedAttempt;
                        }
                        _attempts.Enqueue(
                            $"{args.Outcome.Exception?.GetType().Name} after {args.Duration.TotalSeconds:0.00} s: {args.Outcome.Exception?.Message}"
                        );
                        return default;
                    },
                }
            )
            .Build();
    }

    /// <summary>The type names of the exceptions retried so far, in order.</summary>
    public IReadOnlyCollection<string> Retried => _retried;

    /// <summary>The longest attempt that failed and was retried: how long a caller waited to learn of the failure.</summary>
    public TimeSpan LongestFailedAttempt { get; private set; }

    /// <summary>Each retried attempt: the exception, how long the attempt took, and the message.</summary>
    public IReadOnlyCollection<string> FailedAttempts => _attempts;

    /// <summary>Calls <paramref name="call"/> until it succeeds, fails otherwise, or the budget is spent.</summary>
    public async Task<T> CallAsync<T>(Func<Task<T>> call) =>
        await _pipeline.ExecuteAsync(async cancellationToken => await call().WaitAsync(cancellationToken), _cancellationToken);
}
