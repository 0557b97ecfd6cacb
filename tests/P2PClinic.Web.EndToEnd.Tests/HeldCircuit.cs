using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>
/// Plays a loaded machine for one page: routes the page's Blazor circuit (its WebSocket) and, from the first message
/// the server sends that contains a marker, holds everything the server sends for a while, then delivers it in order.
/// What the page already shows stays on screen and usable meanwhile, as it does when the server is slow to follow up.
/// </summary>
internal sealed partial class HeldCircuit
{
    private readonly byte[] _marker;
    private readonly TimeSpan _hold;
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds the server's messages for <paramref name="hold"/> from the first one containing <paramref name="marker"/> on.</summary>
    public HeldCircuit(string marker, TimeSpan hold)
    {
        _marker = Encoding.UTF8.GetBytes(marker);
        _hold = hold;
    }

    /// <summary>Completes when the hold began.</summary>
    public Task Held => _held.Task;

    /// <summary>Routes <paramref name="page"/>'s circuit; call before the page opens its address.</summary>
    public Task RouteAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.RouteWebSocketAsync(BlazorCircuit(), ws => Route(ws));
    }

    private void Route(IWebSocketRoute page)
    {
        var server = page.ConnectToServer();
        var toPage = Channel.CreateUnbounded<IWebSocketFrame>(new UnboundedChannelOptions { SingleReader = true });
        server.OnMessage(frame => toPage.Writer.TryWrite(frame));
        _ = ForwardAsync(toPage.Reader, page);
    }

    private async Task ForwardAsync(ChannelReader<IWebSocketFrame> frames, IWebSocketRoute page)
    {
        // One reader, one frame at a time: holding one frame holds every later one, so the order stays as sent.
        await foreach (var frame in frames.ReadAllAsync())
        {
            if (!_held.Task.IsCompleted && Contains(frame))
            {
                _held.TrySetResult();
                await Task.Delay(_hold);
            }

            if (frame.Binary is { } binary)
            {
                page.Send(binary);
            }
            else
            {
                page.Send(frame.Text ?? "");
            }
        }
    }

    private bool Contains(IWebSocketFrame frame) =>
        (frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? "")).AsSpan().IndexOf(_marker) >= 0;

    [GeneratedRegex("/_blazor")]
    private static partial Regex BlazorCircuit();
}
