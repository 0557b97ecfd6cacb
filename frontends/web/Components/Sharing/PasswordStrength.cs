namespace P2PClinic.Web.Components.Sharing;

/// <summary>How strong an org password looks, for the meter beside the password field.</summary>
/// <remarks>
/// The node refuses a password under <see cref="MinimumLength"/> characters and the CLI warns under
/// <see cref="RecommendedLength"/> (docs/sync.md); the meter says the same. Anyone who learns the password can read the
/// org (health data), and an attacker who records a handshake can guess offline only against the key derivation, so
/// length counts most: every rating is capped by length first, and character variety only lifts it within that cap.
/// </remarks>
public static class PasswordStrength
{
    /// <summary>Under this many characters the node refuses the password.</summary>
    public const int MinimumLength = 8;

    /// <summary>Under this many the password is taken with a warning.</summary>
    public const int RecommendedLength = 12;

    /// <summary>Rates <paramref name="password"/>: 0 refused, 1 weak, 2 fair, 3 good, 4 strong.</summary>
    public static int Score(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinimumLength)
        {
            return 0;
        }

        var kinds = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }.Count(k => k);
        // Many repeats of few characters ("aaaaaaaaaaaa") are not long in any useful sense.
        var distinct = password.Distinct().Count();
        if (distinct < 5)
        {
            return 1;
        }

        return password.Length switch
        {
            < RecommendedLength => kinds >= 3 ? 2 : 1,
            < 16 => kinds >= 2 ? 3 : 2,
            _ => kinds >= 2 || password.Length >= 20 ? 4 : 3,
        };
    }

    /// <summary>The meter's word for <paramref name="score"/>.</summary>
    public static string Label(int score) => score switch
    {
        0 => "Too short",
        1 => "Weak",
        2 => "Fair",
        3 => "Good",
        _ => "Strong",
    };

    /// <summary>What to do about <paramref name="password"/>, one sentence; empty when nothing needs saying.</summary>
    public static string Advice(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.Length switch
        {
            0 => $"Use at least {RecommendedLength} characters: a few unrelated words are easy to say on the phone and hard to guess.",
            < MinimumLength => $"At least {MinimumLength} characters are needed ({password.Length} so far); {RecommendedLength} or more are recommended.",
            < RecommendedLength => $"Accepted, but {RecommendedLength} or more characters are recommended: anyone who learns or guesses it can read the org.",
            _ when Score(password) < 3 => "Long enough, but it repeats a few characters: mix in more words.",
            _ => "",
        };
    }
}
