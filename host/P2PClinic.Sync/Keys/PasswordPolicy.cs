namespace P2PClinic.Sync.Keys;

/// <summary>What an org password must be: refused under 8 characters, a warning under 12 (docs/sync.md).</summary>
internal static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int RecommendedLength = 12;

    /// <exception cref="ArgumentException">The password is shorter than <see cref="MinLength"/> characters.</exception>
    public static void Check(string? password)
    {
        if (password is null || password.Length < MinLength)
        {
            throw new ArgumentException($"An org password must have at least {MinLength} characters ({RecommendedLength} or more recommended).", "password");
        }
    }
}
