namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>A line of a .vcf file that cannot be read, with its 1-based line number.</summary>
internal sealed class VCardSyntaxException : Exception
{
    public VCardSyntaxException(int line, string problem)
        : base($"line {line}: {problem}")
    {
        Line = line;
        Problem = problem;
    }

    public int Line { get; }

    public string Problem { get; }
}
