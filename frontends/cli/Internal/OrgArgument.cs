using P2PClinic.Api.Orgs.V1;
namespace P2PClinic.Cli.Internal;

/// <summary>Resolves the <c>--in</c> option of every command that works inside an org: an org id as is, a name through the org list, nothing to the node's default ("").</summary>
internal static class OrgArgument
{
    public static async Task<string> ResolveAsync(NodeCall call, string? idOrName)
    {
        if (string.IsNullOrWhiteSpace(idOrName))
        {
            return "";
        }

        var orgs = (await new OrgService.OrgServiceClient(call.Channel).ListOrgsAsync(new ListOrgsRequest(), call.Options)).Orgs;
        if (orgs.FirstOrDefault(o => o.Id == idOrName) is { } byId)
        {
            return byId.Id;
        }

        var byName = orgs.Where(o => string.Equals(o.Name, idOrName, StringComparison.OrdinalIgnoreCase)).ToList();
        return byName.Count switch
        {
            1 => byName[0].Id,
            0 => throw new CliException($"no org is named '{idOrName}' (see: p2pclinic org list)", ExitCodes.Refused),
            _ => throw new CliException($"several orgs are named '{idOrName}'; give its id instead", ExitCodes.Refused),
        };
    }
}
