using System.ComponentModel;
using System.Globalization;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Cli.Internal;
using P2PClinic.Cli.Views;
using Spectre.Console;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands;

/// <summary>
/// <c>p2pclinic org ...</c>: the organizations this node keeps. An org is named on the command line by
/// its id or its name; the node's API speaks ids, so names are looked up in the org list first.
/// </summary>
internal static class OrgCommands
{
    public static void AddOrgCommands(this IConfigurator config) =>
        config.AddBranch("org", org =>
        {
            org.SetDescription("The organizations (personal, work, a project) this node keeps.");
            org.AddCommand<CreateCommand>("create").WithDescription("Create an org.").WithExample("org", "create", "Clinic", "--color", "#3366ff");
            org.AddCommand<ListCommand>("list").WithDescription("List the orgs; * marks the default.");
            org.AddCommand<UseCommand>("use").WithDescription("Make an org the default one.").WithExample("org", "use", "Clinic");
            org.AddCommand<RenameCommand>("rename").WithDescription("Rename an org.").WithExample("org", "rename", "Clinic", "Northside");
            org.AddCommand<RepairCommand>("repair")
                .WithDescription("Repair a damaged org: keep what can still be read, report what was lost.")
                .WithExample("org", "repair", "Clinic");
            org.AddCommand<LeaveCommand>("leave").WithDescription("Leave an org: delete its data from this node.").WithExample("org", "leave", "Clinic", "--yes");
            org.AddSharingCommands();
        });

    internal sealed class CreateSettings : NodeSettings
    {
        [CommandArgument(0, "<name>")]
        [Description("The org's name.")]
        public string Name { get; init; } = "";

        [CommandOption("--color <COLOR>")]
        [Description("The org's color, e.g. #3366ff. Default: chosen by the node.")]
        public string? Color { get; init; }
    }

    internal class OrgSettings : NodeSettings
    {
        [CommandArgument(0, "<org>")]
        [Description("The org's id or name.")]
        public string Org { get; init; } = "";
    }

    internal sealed class RenameSettings : OrgSettings
    {
        [CommandArgument(1, "<new-name>")]
        [Description("The org's new name.")]
        public string NewName { get; init; } = "";
    }

    internal sealed class LeaveSettings : OrgSettings
    {
        [CommandOption("-y|--yes")]
        [Description("Confirm: leaving deletes the org's data from this node.")]
        public bool Yes { get; init; }
    }

    internal sealed class CreateCommand : NodeCommand<CreateSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, CreateSettings settings)
        {
            var client = new OrgService.OrgServiceClient(call.Channel);
            var org = await client.CreateOrgAsync(new CreateOrgRequest { Name = settings.Name, Color = settings.Color ?? "" }, call.Options);
            return Print(call, OrgView.From(org), "Created");
        }
    }

    internal sealed class ListCommand : NodeCommand<NodeSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, NodeSettings settings)
        {
            var client = new OrgService.OrgServiceClient(call.Channel);
            var reply = await client.ListOrgsAsync(new ListOrgsRequest(), call.Options);
            IReadOnlyList<OrgView> orgs = reply.Orgs.Select(OrgView.From).ToArray();
            if (call.Json)
            {
                call.Output.WriteJson(orgs, CliJson.Default.IReadOnlyListOrgView);
            }
            else if (orgs.Count == 0)
            {
                call.Output.WriteLine("No orgs yet. Create one with: p2pclinic org create <name>");
            }
            else
            {
                call.Output.Write(Table(orgs));
                foreach (var damaged in orgs.Where(o => o.Damage is not null))
                {
                    call.Output.WriteLine(damaged.Damage!.Message);
                }
            }

            return ExitCodes.Ok;
        }
    }

    internal sealed class UseCommand : NodeCommand<OrgSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, OrgSettings settings)
        {
            var client = new OrgService.OrgServiceClient(call.Channel);
            var target = await FindAsync(call, settings.Org);
            var org = await client.SetDefaultOrgAsync(new SetDefaultOrgRequest { Id = target.Id }, call.Options);
            return Print(call, OrgView.From(org), "Default org is now");
        }
    }

    internal sealed class RenameCommand : NodeCommand<RenameSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, RenameSettings settings)
        {
            var client = new OrgService.OrgServiceClient(call.Channel);
            var target = await FindAsync(call, settings.Org);
            var org = await client.RenameOrgAsync(new RenameOrgRequest { Id = target.Id, Name = settings.NewName }, call.Options);
            return Print(call, OrgView.From(org), "Renamed");
        }
    }

    internal sealed class RepairCommand : NodeCommand<OrgSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, OrgSettings settings)
        {
            var client = new OrgService.OrgServiceClient(call.Channel);
            // An id is used as given: when the org catalog itself is damaged the org list cannot be read.
            var id = Guid.TryParseExact(settings.Org, "N", out var parsed) ? parsed.ToString("N") : (await FindAsync(call, settings.Org)).Id;
            var reply = OrgRepairView.From(await client.RepairOrgAsync(new RepairOrgRequest { Id = id }, call.Options));
            if (call.Json)
            {
                call.Output.WriteJson(reply, CliJson.Default.OrgRepairView);
            }
            else
            {
                call.Output.WriteLine(reply.Message);
                call.Output.Write(Table([reply.Org]));
            }

            return ExitCodes.Ok;
        }
    }

    internal sealed class LeaveCommand : NodeCommand<LeaveSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, LeaveSettings settings)
        {
            var client = new OrgService.OrgServiceClient(call.Channel);
            var target = await FindAsync(call, settings.Org);
            if (!settings.Yes && !Confirm(call, target))
            {
                throw new CliException(
                    $"not leaving org '{target.Name}': leaving deletes its data from this node; pass --yes to confirm",
                    ExitCodes.Refused);
            }

            await client.LeaveOrgAsync(new LeaveOrgRequest { Id = target.Id }, call.Options);
            return Print(call, OrgView.From(target), "Left");
        }

        // Ask only a person at a terminal; a script must say --yes.
        private static bool Confirm(NodeCall call, Org target) =>
            !Console.IsInputRedirected && !Console.IsOutputRedirected && !call.Json
            && call.Output.Console.Confirm($"Leave org [bold]{Markup.Escape(target.Name)}[/] and delete its data from this node?", defaultValue: false);
    }

    /// <summary>The org named by <paramref name="idOrName"/>: an exact id first, else a unique name (ignoring case).</summary>
    internal static Task<Org> FindAsync(NodeCall call, string idOrName) =>
        string.IsNullOrWhiteSpace(idOrName)
            ? throw new CliException("the org must be given by its id or name", ExitCodes.Usage)
            : OrgArgument.FindAsync(call, idOrName, notFound: $"org '{idOrName}' not found");

    private static int Print(NodeCall call, OrgView org, string verb)
    {
        if (call.Json)
        {
            call.Output.WriteJson(org, CliJson.Default.OrgView);
        }
        else
        {
            call.Output.WriteLine($"{verb} org '{org.Name}' ({org.Id}).");
            call.Output.Write(Table([org]));
        }

        return ExitCodes.Ok;
    }

    private static Table Table(IEnumerable<OrgView> orgs)
    {
        var table = CliOutput.Table("", "Name", "Id", "Color", "Shared", "Created", "Storage");
        foreach (var org in orgs)
        {
            CliOutput.AddRow(
                table,
                org.IsDefault ? "*" : "",
                org.Name,
                org.Id,
                org.Color,
                org.Shared ? "yes" : "local only",
                org.CreatedAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
                org.Damage is null ? "ok" : "DAMAGED");
        }

        return table;
    }
}
