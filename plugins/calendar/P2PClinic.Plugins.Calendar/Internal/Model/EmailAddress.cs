namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>A practical check of an email address (addr-spec of RFC 5322 section 3.4.1, without quoted or bracketed forms).</summary>
internal static class EmailAddress
{
    /// <summary>Null when <paramref name="address"/> is acceptable, else why not.</summary>
    public static string? Problem(string address)
    {
        if (address.Length > EventLimits.Email)
        {
            return $"is longer than {EventLimits.Email} characters";
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return $"'{address}' is not an email address (name@domain)";
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length > EventLimits.EmailLocalPart)
        {
            return $"'{address}': the part before @ is longer than {EventLimits.EmailLocalPart} characters";
        }

        if (local.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '@' or '<' or '>' or '(' or ')' or ',' or ';' or ':' or '\\' or '"' or '[' or ']')
            || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return $"'{address}' is not an email address: the part before @ has characters an address cannot have";
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0 || l.Length > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsLetterOrDigit(c) || c == '-')))
        {
            return $"'{address}' is not an email address: '{domain}' is not a domain name";
        }

        return null;
    }
}
