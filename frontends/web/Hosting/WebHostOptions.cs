namespace P2PClinic.Web.Hosting;

/// <summary>Where the web app itself listens, bound from the <c>Web</c> configuration section (<c>--listen</c>).</summary>
public sealed class WebHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Web";

    /// <summary>The default address: loopback only, like the node.</summary>
    public const string DefaultListen = "http://127.0.0.1:5090";

    /// <summary>The address to listen on (port 0 picks a free one).</summary>
    public string Listen { get; set; } = DefaultListen;

    /// <summary>
    /// Allows listening on an address other than loopback. The web app has the node's token and shows the node's
    /// data to anyone who reaches it, so this must be asked for (and put behind TLS and authentication).
    /// </summary>
    public bool AllowRemote { get; set; }
}
