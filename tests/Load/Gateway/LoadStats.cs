using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using HdrHistogram;

namespace Battleship.Load.Gateway;

/// <summary>
/// What a run measures, recorded from every client task at once: HdrHistograms of latencies (in
/// microseconds, 3 significant digits, up to 5 minutes), counters and errors by code. Only what
/// happens inside the measured window counts (<see cref="Measuring"/>); the same values also go to
/// the <c>Battleship.Load</c> meter, so Prometheus and OTLP see the run live.
/// </summary>
public sealed class LoadStats : IDisposable
{
    /// <summary>The meter's name (ServiceDefaults exports every <c>Battleship.*</c> meter).</summary>
    public const string MeterName = "Battleship.Load";

    private const long HighestMicros = 300_000_000;

    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10],
    };
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _movesCounter;
    private readonly Counter<long> _errorsCounter;
    private readonly Histogram<double> _fireHistogram;
    private readonly Histogram<double> _pushHistogram;
    private readonly KeyValuePair<string, object?> _scenarioTag;
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _retries = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];
    private readonly ConcurrentDictionary<string, LongConcurrentHistogram> _latencies = new(StringComparer.Ordinal);
    private readonly Lock _timelineLock = new();
    private readonly List<TimelinePoint> _timeline = [];
    private LongConcurrentHistogram _fireInterval = NewHistogram();
    private long _fires;
    private long _persistedMoves;
    private long _operations;
    private long _events;
    private int _connections;
    private int _fewestConnections = int.MaxValue;
    private long _started;
    private long _stopped;

    /// <summary>Counts for <paramref name="scenario"/>.</summary>
    public LoadStats(string scenario)
    {
        _scenarioTag = new("scenario", scenario);
        _movesCounter = _meter.CreateCounter<long>(
            "battleship.load.moves",
            "{move}",
            "Moves the load generator saw persisted (acknowledged shots and the agents' answers)."
        );
        _errorsCounter = _meter.CreateCounter<long>("battleship.load.errors", "{error}", "Failed calls of the load generator, by code.");
        _fireHistogram = _meter.CreateHistogram(
            "battleship.load.fire.duration",
            "s",
            "Time from sending Fire to its acknowledgement.",
            advice: LatencyBuckets
        );
        _pushHistogram = _meter.CreateHistogram(
            "battleship.load.push.duration",
            "s",
            "Time from sending Fire to the ShotFired event at the opponent's connection.",
            advice: LatencyBuckets
        );
        _meter.CreateObservableGauge(
            "battleship.load.connections",
            () => new Measurement<int>(Volatile.Read(ref _connections), _scenarioTag),
            "{connection}",
            "Hub connections the load generator holds."
        );
    }

    /// <summary>Whether the measured window is open.</summary>
    public bool Measuring => Volatile.Read(ref _started) != 0 && Volatile.Read(ref _stopped) == 0;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started, _stopped == 0 ? Stopwatch.GetTimestamp() : _stopped);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The fewest connections held at any sample of the window.</summary>
    public int FewestConnections => _fewestConnections == int.MaxValue ? Connections : _fewestConnections;

    /// <summary>Acknowledged Fire invocations in the window.</summary>
    public long Fires => Interlocked.Read(ref _fires);

    /// <summary>Moves seen persisted in the window (acknowledged shots plus the agents' shots).</summary>
    public long PersistedMoves => Interlocked.Read(ref _persistedMoves);

    /// <summary>Other acknowledged operations in the window (lobby churn's room operations).</summary>
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>Events received in the window (lobby churn: at the watchers).</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Failures by code (in the window and outside it: setup and the end count too).</summary>
    public IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>
    /// Calls that failed and were tried again, by code: a hub or REST call answered
    /// <c>Unavailable</c> (503), or cut by a lost connection (<c>ConnectionLost</c>), which a
    /// client retries as a browser would. A retried call that then succeeds is no error.
    /// </summary>
    public IReadOnlyDictionary<string, long> Retries => _retries;

    /// <summary>The latency histograms by name.</summary>
    public IReadOnlyDictionary<string, LongConcurrentHistogram> Latencies => _latencies;

    /// <summary>Per-interval samples of the window.</summary>
    public IReadOnlyList<TimelinePoint> Timeline
    {
        get
        {
            lock (_timelineLock)
            {
                return [.. _timeline];
            }
        }
    }

    public void Start() => Interlocked.Exchange(ref _started, Stopwatch.GetTimestamp());

    public void Stop() => Interlocked.CompareExchange(ref _stopped, Stopwatch.GetTimestamp(), 0);

    /// <summary>A Fire was acknowledged after <paramref name="sentAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Fired(long sentAt)
    {
        if (!Measuring)
        {
            return;
        }
        var elapsed = Stopwatch.GetElapsedTime(sentAt);
        Record(Metrics.Fire, elapsed);
        Volatile.Read(ref _fireInterval).RecordValue(Micros(elapsed));
        Interlocked.Increment(ref _fires);
        _fireHistogram.Record(elapsed.TotalSeconds, _scenarioTag);
    }

    /// <summary>A move was seen persisted (acknowledged, or announced by the match).</summary>
    public void MovePersisted()
    {
        if (Measuring)
        {
            Interlocked.Increment(ref _persistedMoves);
            _movesCounter.Add(1, _scenarioTag);
        }
    }

    /// <summary>The opponent's connection received the ShotFired of a Fire sent at <paramref name="sentAt"/>.</summary>
    public void Pushed(long sentAt)
    {
        if (Measuring)
        {
            var elapsed = Stopwatch.GetElapsedTime(sentAt);
            Record(Metrics.Push, elapsed);
            _pushHistogram.Record(elapsed.TotalSeconds, _scenarioTag);
        }
    }

    /// <summary>Another operation (named <paramref name="metric"/>) took <paramref name="elapsed"/>.</summary>
    public void Operation(string metric, TimeSpan elapsed)
    {
        if (Measuring)
        {
            Interlocked.Increment(ref _operations);
            Record(metric, elapsed);
        }
    }

    /// <summary>An event arrived <paramref name="elapsed"/> after the operation that caused it (lobby churn).</summary>
    public void EventReceived(string metric, TimeSpan? elapsed)
    {
        if (Measuring)
        {
            Interlocked.Increment(ref _events);
            if (elapsed is { } e)
            {
                Record(metric, e);
            }
        }
    }

    public void Failed(Exception e)
    {
        var code = GatewayException.CodeOf(e);
        if (_errors.AddOrUpdate(code, 1, (_, n) => n + 1) == 1)
        {
            Note($"first {code}: {e.Message}");
        }
        _errorsCounter.Add(1, _scenarioTag, new KeyValuePair<string, object?>("code", code));
    }

    /// <summary>Up to 10 notes on what a check found (the first lost shots, say), for the report.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_notes)
            {
                return [.. _notes];
            }
        }
    }

    /// <summary>Keeps <paramref name="note"/> for the report (the first 10 only).</summary>
    public void Note(string note)
    {
        lock (_notes)
        {
            if (_notes.Count < 10)
            {
                _notes.Add(note);
            }
        }
    }

    /// <summary>A call failed with <paramref name="code"/> and will be tried again.</summary>
    public void Retried(string code) => _retries.AddOrUpdate(code, 1, (_, n) => n + 1);

    /// <summary>A connection opened (+1) or closed (−1).</summary>
    public void ConnectionChanged(int delta) => Interlocked.Add(ref _connections, delta);

    /// <summary>Samples the window: called once per interval by the runner.</summary>
    public void Sample()
    {
        var interval = Interlocked.Exchange(ref _fireInterval, NewHistogram());
        var fireP99Ms = interval.TotalCount == 0 ? 0 : interval.GetValueAtPercentile(99) / 1000.0;
        var fireMaxMs = interval.TotalCount == 0 ? 0 : interval.GetMaxValue() / 1000.0;
        var errors = _errors.Values.Sum();
        var seconds = Elapsed.TotalSeconds;
        var fires = Fires;
        var moves = PersistedMoves;
        var held = Connections;
        if (held < _fewestConnections)
        {
            _fewestConnections = held;
        }
        lock (_timelineLock)
        {
            _timeline.Add(new TimelinePoint(Math.Round(seconds, 1), fires, moves, held, fireP99Ms, fireMaxMs, errors));
        }
    }

    private void Record(string metric, TimeSpan elapsed) => _latencies.GetOrAdd(metric, _ => NewHistogram()).RecordValue(Micros(elapsed));

    private static LongConcurrentHistogram NewHistogram() => new(1, HighestMicros, 3);

    private static long Micros(TimeSpan elapsed) => Math.Clamp((long)(elapsed.TotalMilliseconds * 1000), 1, HighestMicros);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    /// <summary>Names of the latency histograms.</summary>
    public static class Metrics
    {
        public const string Fire = "fire";

        /// <summary>Fire sent → ShotFired at the opponent's connection (or the player's own against an agent).</summary>
        public const string Push = "fire-to-opponent-shot-fired";
    }
}

/// <summary>One interval of the measured window.</summary>
/// <param name="Seconds">Seconds since the window opened.</param>
/// <param name="Fires">Acknowledged Fires so far.</param>
/// <param name="Moves">Persisted moves so far.</param>
/// <param name="Connections">Connections held.</param>
/// <param name="FireP99Ms">The 99th percentile of Fire in this interval (ms).</param>
/// <param name="FireMaxMs">The slowest Fire acknowledged in this interval (ms): a call that waited across a fault ends here.</param>
/// <param name="Errors">Failed calls so far, every code.</param>
public sealed record TimelinePoint(
    double Seconds,
    long Fires,
    long Moves,
    int Connections,
    double FireP99Ms,
    double FireMaxMs,
    long Errors
);
