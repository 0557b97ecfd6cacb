using P2PClinic.Api.Orgs.V1;

namespace P2PClinic.Cli.Views;

/// <summary>An org as the CLI prints it.</summary>
internal sealed record OrgView(string Id, string Name, string Color, bool IsDefault, bool Shared, DateTimeOffset? CreatedAt)
{
    public static OrgView From(Org org) => new(
        org.Id,
        org.Name,
        org.Color,
        org.IsDefault,
        org.Shared,
        org.CreatedAt?.ToDateTimeOffset());
}
