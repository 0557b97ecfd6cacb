using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.Host.Security;

/// <summary>
/// The node's API token: 32 random bytes (base64url), created on first start in the data directory in a file
/// only the owner can read, and required as <c>authorization: Bearer &lt;token&gt;</c> on every API call.
/// </summary>
internal sealed class ApiToken
{
    /// <summary>The token file's name in the data directory (clients read it from there, see P2PClinic.Client.NodeToken).</summary>
    public const string FileName = "api-token";

    private readonly byte[] _expected;

    private ApiToken(string value)
    {
        _expected = Encoding.UTF8.GetBytes(value);
    }

    /// <summary>Reads the token from the data directory, creating it first if there is none.</summary>
    /// <exception cref="IOException">The file cannot be read or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The operating system refused access.</exception>
    public static ApiToken LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var token = Base64Url(RandomNumberGenerator.GetBytes(32));
            // Create with owner-only permissions from the start, so the token is never readable by others, not even briefly.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(path, options);
                stream.Write(Encoding.UTF8.GetBytes(token));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created concurrently by another start; read that one.
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            // Also repair a token file whose permissions were loosened by hand.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var value = File.ReadAllText(path).Trim();
        if (value.Length < 16)
        {
            throw new IOException($"the API token in {path} is empty or too short; delete the file to have the node create a new one");
        }

        return new ApiToken(value);
    }

    /// <summary>Whether an authorization header carries this token (compared in constant time).</summary>
    public bool Accepts(string? authorizationHeader)
    {
        const string Scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(authorizationHeader[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
