namespace Battleship.Gateway.Hubs;

/// <summary>
/// When a relay renews its grain subscriptions: every period, and at once when asked
/// (<see cref="RenewNowAsync"/>: the cluster's silos changed, and a grain that moved has forgotten
/// its subscribers). A request made while the relay is not waiting is kept for its next wait.
/// </summary>
internal sealed class RenewalSchedule
{
    private TaskCompletionSource _now = New();
    private TaskCompletionSource _renewed = New();

    /// <summary>Asks for a renewal now; completes once the relay has renewed (<see cref="Renewed"/>).</summary>
    public Task RenewNowAsync()
    {
        var renewed = _renewed.Task;
        _now.TrySetResult();
        return renewed;
    }

    /// <summary>The relay has renewed: releases those waiting in <see cref="RenewNowAsync"/>.</summary>
    public void Renewed() => Interlocked.Exchange(ref _renewed, New()).TrySetResult();

    /// <summary>Waits <paramref name="period"/> or until a renewal is asked for; true when it was asked for.</summary>
    public async Task<bool> WaitAsync(TimeSpan period, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = _now.Task;
        await Task.WhenAny(Task.Delay(period, time, cancellationToken), now).WaitAsync(cancellationToken);
        if (!now.IsCompleted)
        {
            return false;
        }
        Interlocked.Exchange(ref _now, New());
        return true;
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
