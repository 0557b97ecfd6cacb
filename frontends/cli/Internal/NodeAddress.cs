using P2PClinic.Client;

namespace P2PClinic.Cli.Internal;

/// <summary>Reads the <c>--node</c> option.</summary>
internal static class NodeAddress
{
    public static Uri Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return NodeDefaults.Address;
        }

        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var address)
            && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(address.Host))
        {
            return address;
        }

        throw new CliException($"'{text}' is not a node address (expected a URL such as {NodeDefaults.Address.ToString().TrimEnd('/')})", ExitCodes.Usage);
    }
}
