using System.Text.RegularExpressions;
using P2PClinic.Storage;

namespace P2PClinic.Host.Api;

/// <summary>Validation of org request fields, with the proto's field names in every message.</summary>
internal static partial class OrgRequests
{
    // A calm palette for orgs created without a color; picked by how many orgs exist, so colors vary.
    private static readonly string[] Palette = ["#4f7cac", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6"];

    public static Guid OrgId(string? value, string field = "id")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ApiArgumentException(field, "is required");
        }

        if (!Guid.TryParse(value.Trim(), out var id) || id == Guid.Empty)
        {
            throw new ApiArgumentException(field, $"'{value}' is not an org id (32 hexadecimal digits)");
        }

        return id;
    }

    /// <summary>
    /// Refuses a name another org already has (ignoring case): a user picks orgs by name, and two of one name could only
    /// be told apart by id. Joining is not refused this way (the owner names a joined org), so duplicates can still exist.
    /// </summary>
    public static void RefuseTakenName(string name, IEnumerable<OrgMetadata> orgs, Guid? self)
    {
        if (orgs.FirstOrDefault(o => o.Id != self && string.Equals(o.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            throw new OrgNameTakenException(name, taken.Id);
        }
    }

    public static string Name(string? value)
    {
        var name = value?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new ApiArgumentException("name", "is required and must not be blank");
        }

        if (name.Length > OrgMetadata.MaxNameLength)
        {
            throw new ApiArgumentException("name", $"is {name.Length} characters long; at most {OrgMetadata.MaxNameLength} are allowed");
        }

        if (name.Any(char.IsControl))
        {
            throw new ApiArgumentException("name", "must not contain control characters");
        }

        return name;
    }

    public static string Color(string? value, bool required, int orgCount)
    {
        var color = value?.Trim() ?? "";
        if (color.Length == 0)
        {
            return required ? throw new ApiArgumentException("color", "is required (#rrggbb)") : Palette[orgCount % Palette.Length];
        }

        if (!ColorPattern().IsMatch(color))
        {
            throw new ApiArgumentException("color", $"'{value}' is not a color of the form #rrggbb");
        }

        return color.ToLowerInvariant();
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}
