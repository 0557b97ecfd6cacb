using P2PClinic.Api.Orgs.V1;

namespace P2PClinic.Cli.Internal;

/// <summary>
/// Finds the org a command line names: an org id as is, else a name (ignoring case). The node refuses a second org of
/// the same name, but a joined org keeps the name its owner gave it, so two orgs may still share one: then the
/// candidates' ids are listed, since only an id tells them apart.
/// </summary>
internal static class OrgArgument
{
    /// <summary>Resolves the <c>--in</c> option of every command that works inside an org: the org's id, or "" (the node's default) when not given.</summary>
    public static async Task<string> ResolveAsync(NodeCall call, string? idOrName) =>
        string.IsNullOrWhiteSpace(idOrName) ? "" : (await FindAsync(call, idOrName, notFound: $"no org is named '{idOrName}' (see: p2pclinic org list)")).Id;

    /// <summary>The org named by <paramref name="idOrName"/>: an exact id first, else the one org of that name; <paramref name="notFound"/> when none matches.</summary>
    public static async Task<Org> FindAsync(NodeCall call, string idOrName, string notFound)
    {
        var orgs = (await new OrgService.OrgServiceClient(call.Channel).ListOrgsAsync(new ListOrgsRequest(), call.Options)).Orgs;
        if (orgs.FirstOrDefault(o => o.Id == idOrName) is { } byId)
        {
            return byId;
        }

        var byName = orgs.Where(o => string.Equals(o.Name.Trim(), idOrName.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return byName.Count switch
        {
            1 => byName[0],
            0 => throw new CliException(notFound, ExitCodes.Refused),
            _ => throw new CliException(
                $"{byName.Count} orgs are named '{idOrName}'; give the id instead: {string.Join(", ", byName.Select(o => o.Id))}",
                ExitCodes.Refused),
        };
    }

    /// <summary>The org a watch or a listing works in, for telling the user: the named one, else the node's default.</summary>
    public static async Task<Org?> DescribeAsync(NodeCall call, string orgId)
    {
        var orgs = (await new OrgService.OrgServiceClient(call.Channel).ListOrgsAsync(new ListOrgsRequest(), call.Options)).Orgs;
        return orgs.FirstOrDefault(o => orgId.Length == 0 ? o.IsDefault : o.Id == orgId);
    }
}
