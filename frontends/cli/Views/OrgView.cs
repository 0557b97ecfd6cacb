using P2PClinic.Api.Orgs.V1;

namespace P2PClinic.Cli.Views;

/// <summary>An org as the CLI prints it; <see cref="Damage"/> is set when its stored data cannot be read back whole.</summary>
internal sealed record OrgView(string Id, string Name, string Color, bool IsDefault, bool Shared, DateTimeOffset? CreatedAt, OrgDamageView? Damage)
{
    public static OrgView From(Org org) => new(
        org.Id,
        org.Name,
        org.Color,
        org.IsDefault,
        org.Shared,
        org.CreatedAt?.ToDateTimeOffset(),
        org.Damage is { } damage ? OrgDamageView.From(damage) : null);
}

/// <summary>Why an org is damaged: the file, the database's own message, and how many updates are missing (null: unknown).</summary>
internal sealed record OrgDamageView(string Path, string Detail, long? MissingUpdates, string Message)
{
    public static OrgDamageView From(OrgDamage damage) =>
        new(damage.Path, damage.Detail, damage.MissingUpdates < 0 ? null : damage.MissingUpdates, damage.Message);
}

/// <summary>What <c>p2pclinic org repair</c> did.</summary>
internal sealed record OrgRepairView(OrgView Org, long UpdatesKept, long? UpdatesLost, IReadOnlyList<string> OtherOrgsRepaired, string Message)
{
    public static OrgRepairView From(RepairOrgResponse reply) => new(
        OrgView.From(reply.Org),
        reply.UpdatesKept,
        reply.UpdatesLost < 0 ? null : reply.UpdatesLost,
        reply.OtherOrgsRepaired.ToArray(),
        reply.Message);
}
