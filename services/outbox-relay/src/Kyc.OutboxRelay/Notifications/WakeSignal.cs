using System.Threading.Channels;

namespace Kyc.OutboxRelay.Notifications;

/// <summary>
/// A level-triggered wake-up: any number of <see cref="Set"/> calls while the relay is busy collapse into one pending
/// wake-up, so a notification that arrives during a batch is never lost and never queues a storm of empty reads.
/// </summary>
public sealed class WakeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first (the sweep).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _)) return true;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _channel.Reader.WaitToReadAsync(deadline.Token);
            _channel.Reader.TryRead(out _);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
