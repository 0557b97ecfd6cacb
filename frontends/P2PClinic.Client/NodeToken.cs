namespace P2PClinic.Client;

/// <summary>
/// Finds the node's API token: the node writes a random token into its data directory on first start,
/// readable by its owner only; a client either reads that file or is given the token in the environment.
/// </summary>
public static class NodeToken
{
    /// <summary>The environment variable that carries a token directly (for scripts and remote shells).</summary>
    public const string EnvironmentVariable = "P2PCLINIC_TOKEN";

    /// <summary>The token file's name inside the node's data directory.</summary>
    public const string FileName = "api-token";

    /// <summary>
    /// The token to use: read from <paramref name="dataDirectory"/> when one is given explicitly, else
    /// <c>$P2PCLINIC_TOKEN</c> when set, else read from <see cref="NodeDefaults.DataDirectory"/>.
    /// </summary>
    /// <exception cref="NodeTokenNotFoundException">No token file exists or it cannot be read.</exception>
    public static string Resolve(string? dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            return ReadFromDataDirectory(dataDirectory);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        return ReadFromDataDirectory(NodeDefaults.DataDirectory);
    }

    /// <summary>Reads the token the node wrote into <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="NodeTokenNotFoundException">No token file exists, it is empty, or it cannot be read.</exception>
    public static string ReadFromDataDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        string token;
        try
        {
            token = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NodeTokenNotFoundException(
                $"no node token at {path}: start the node once, pass --data-dir, or set {EnvironmentVariable}", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new NodeTokenNotFoundException($"cannot read the node token at {path}: {e.Message}", e);
        }

        if (token.Length == 0)
        {
            throw new NodeTokenNotFoundException($"the node token file {path} is empty");
        }

        return token;
    }
}
