using Grpc.Core;

namespace P2PClinic.Web.Node;

/// <summary>
/// Follows one of the node's server streams (org changes, due reminders) for as long as a page needs it: opens it
/// once the node answers, hands each message over, and opens it again after the node restarts or the stream breaks.
/// Each time the stream is (re)opened, <c>onOpened</c> runs, so a page reloads what it may have missed.
/// </summary>
public sealed class LiveStream<T> : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts following the stream that <paramref name="open"/> opens.</summary>
    public LiveStream(
        NodeLink link,
        TimeProvider time,
        Func<CancellationToken, AsyncServerStreamingCall<T>> open,
        Func<T, Task> onMessage,
        Func<Task> onOpened)
    {
        ArgumentNullException.ThrowIfNull(link);
        _loop = RunAsync(link, time, open, onMessage, onOpened, _stop.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(
        NodeLink link,
        TimeProvider time,
        Func<CancellationToken, AsyncServerStreamingCall<T>> open,
        Func<T, Task> onMessage,
        Func<Task> onOpened,
        CancellationToken stop)
    {
        // Leave the caller's synchronization context: the loop runs for the page's lifetime.
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await link.WaitConnectedAsync(stop);
                using var call = open(stop);
                await call.ResponseHeadersAsync;
                await onOpened();
                await foreach (var message in call.ResponseStream.ReadAllAsync(stop))
                {
                    await onMessage(message);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                link.Report(e);
            }

            try
            {
                await Task.Delay(RetryDelay, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
