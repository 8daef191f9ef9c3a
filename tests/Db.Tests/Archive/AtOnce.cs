namespace Battleship.Db.Tests.Archive;

/// <summary>Calls that race for real: each on a thread-pool thread, all held at one gate and released together.</summary>
internal static class AtOnce
{
    /// <summary>Calls <paramref name="call"/> for every item at the same moment and returns the answers in the items' order.</summary>
    public static async Task<T[]> RunAsync<TItem, T>(
        IEnumerable<TItem> items,
        Func<TItem, Task<T>> call,
        CancellationToken cancellationToken
    )
    {
        using var start = new ManualResetEventSlim();
        var calls = items
            .Select(item =>
                Task.Run(
                    async () =>
                    {
                        start.Wait(cancellationToken);
                        return await call(item);
                    },
                    cancellationToken
                )
            )
            .ToList();
        start.Set();
        return await Task.WhenAll(calls);
    }
}
