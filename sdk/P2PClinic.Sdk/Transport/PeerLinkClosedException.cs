namespace P2PClinic.Sdk.Transport;

/// <summary>A send or receive on a link that has ended.</summary>
public sealed class PeerLinkClosedException : Exception
{
    /// <summary>Creates the exception for a link's closure.</summary>
    /// <param name="closure">Why the link ended.</param>
    public PeerLinkClosedException(PeerLinkClosure closure)
        : base($"the link has ended ({closure?.ToString()})")
    {
        ArgumentNullException.ThrowIfNull(closure);
        Closure = closure;
    }

    /// <summary>Why the link ended.</summary>
    public PeerLinkClosure Closure { get; }
}
