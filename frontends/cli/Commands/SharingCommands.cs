using System.ComponentModel;
using System.Globalization;
using Grpc.Core;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Cli.Internal;
using P2PClinic.Cli.Views;
using Spectre.Console;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands;

/// <summary>
/// <c>p2pclinic org share|invite|join|peers</c>: sharing an org with other members (docs/sync.md). Passwords never
/// travel on the command line: they are typed at a prompt that does not echo, or read from standard input.
/// </summary>
internal static class SharingCommands
{
    /// <summary>Under this many characters a password is refused (the node refuses it too).</summary>
    public const int MinPasswordLength = 8;

    /// <summary>Under this many a password is taken with a warning.</summary>
    public const int RecommendedPasswordLength = 12;

    // Claiming, connecting, authenticating and the first sync of a large org take a while on a busy machine.
    private static readonly TimeSpan JoinDeadline = TimeSpan.FromMinutes(5);

    public static void AddSharingCommands(this IConfigurator<CommandSettings> org)
    {
        org.AddCommand<ShareCommand>("share").WithDescription("Share an org: give it a password; members then join with an invite.")
            .WithExample("org", "share", "Clinic");
        org.AddCommand<InviteCommand>("invite").WithDescription("Make a one-time share code for an org (5 minutes, one use).")
            .WithExample("org", "invite", "Clinic");
        org.AddCommand<JoinCommand>("join").WithDescription("Join an org with a share code and its password.")
            .WithExample("org", "join", "ABCD-EFGH");
        org.AddCommand<PeersCommand>("peers").WithDescription("Show the members this node syncs an org with.")
            .WithExample("org", "peers", "Clinic", "--watch");
    }

    internal class PasswordSettings : NodeSettings
    {
        [CommandOption("--password-stdin")]
        [Description("Read the org's password from the first line of standard input instead of a prompt.")]
        public bool PasswordStdin { get; init; }
    }

    internal sealed class ShareSettings : PasswordSettings
    {
        [CommandArgument(0, "<org>")]
        [Description("The org's id or name.")]
        public string Org { get; init; } = "";
    }

    internal sealed class InviteSettings : NodeSettings
    {
        [CommandArgument(0, "<org>")]
        [Description("The org's id or name.")]
        public string Org { get; init; } = "";
    }

    internal sealed class JoinSettings : PasswordSettings
    {
        [CommandArgument(0, "<CODE>")]
        [Description("The share code, e.g. ABCD-EFGH.")]
        public string Code { get; init; } = "";
    }

    internal sealed class PeersSettings : NodeSettings
    {
        [CommandArgument(0, "<org>")]
        [Description("The org's id or name.")]
        public string Org { get; init; } = "";

        [CommandOption("--watch")]
        [Description("Keep showing changes until Ctrl+C.")]
        public bool Watch { get; init; }
    }

    internal sealed class ShareCommand : NodeCommand<ShareSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ShareSettings settings)
        {
            var org = await OrgCommands.FindAsync(call, settings.Org);
            var password = ReadPassword(call, settings, confirm: true);
            var shared = await new SyncService.SyncServiceClient(call.Channel).ShareOrgAsync(new ShareOrgRequest { OrgId = org.Id, Password = password }, call.Options);
            if (call.Json)
            {
                call.Output.WriteJson(new SharedView(shared.OrgId, shared.RoomId), SharingJson.Default.SharedView);
            }
            else
            {
                call.Output.WriteLine($"Org '{org.Name}' is shared. Invite a member with: p2pclinic org invite {org.Id}");
            }

            return ExitCodes.Ok;
        }
    }

    internal sealed class InviteCommand : NodeCommand<InviteSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, InviteSettings settings)
        {
            var org = await OrgCommands.FindAsync(call, settings.Org);
            var invite = await new SyncService.SyncServiceClient(call.Channel).CreateInviteAsync(new CreateInviteRequest { OrgId = org.Id }, call.Options);
            var expires = invite.ExpiresAt.ToDateTimeOffset();
            if (call.Json)
            {
                call.Output.WriteJson(new InviteView(invite.Code, expires), SharingJson.Default.InviteView);
            }
            else
            {
                call.Output.WriteLine($"Share code for '{org.Name}': {invite.Code}");
                call.Output.WriteLine($"It works once, until {expires.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)}. Tell the code and the org's password to the new member by phone, not in one message.");
            }

            return ExitCodes.Ok;
        }
    }

    internal sealed class JoinCommand : NodeCommand<JoinSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, JoinSettings settings)
        {
            var password = ReadPassword(call, settings, confirm: false);
            var options = new CallOptions(deadline: DateTime.UtcNow + JoinDeadline, cancellationToken: call.CancellationToken);
            using var join = new SyncService.SyncServiceClient(call.Channel).JoinOrg(new JoinOrgRequest { Code = settings.Code, Password = password }, options);
            JoinProgress? last = null;
            await foreach (var step in join.ResponseStream.ReadAllAsync(call.CancellationToken))
            {
                last = step;
                if (!call.Json)
                {
                    call.Output.WriteLine(step.Message + (step.OrgName.Length > 0 && step.Stage == JoinStage.Done ? $": '{step.OrgName}' ({step.OrgId})" : ""));
                }
            }

            if (last is null)
            {
                throw new CliException("the node ended the join without saying how it went", ExitCodes.Failed);
            }

            if (call.Json)
            {
                call.Output.WriteJson(new JoinView(last.OrgId, last.OrgName, Stage(last.Stage), last.Message), SharingJson.Default.JoinView);
            }

            return ExitCodes.Ok;
        }
    }

    internal sealed class PeersCommand : NodeCommand<PeersSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, PeersSettings settings)
        {
            var org = await OrgCommands.FindAsync(call, settings.Org);
            var client = new SyncService.SyncServiceClient(call.Channel);
            var request = new GetSyncStatusRequest { OrgId = org.Id };
            if (!settings.Watch)
            {
                Show(call, await client.GetSyncStatusAsync(request, call.Options));
                return ExitCodes.Ok;
            }

            if (!call.Json)
            {
                call.Output.WriteLine($"Watching the members of '{org.Name}'; Ctrl+C stops.");
            }

            using var watch = client.WatchSyncStatus(request, new CallOptions(cancellationToken: call.CancellationToken));
            try
            {
                await foreach (var status in watch.ResponseStream.ReadAllAsync(call.CancellationToken))
                {
                    Show(call, status);
                }
            }
            catch (Exception e) when (call.CancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                // Ctrl+C: the watch ends as asked.
            }

            return ExitCodes.Ok;
        }

        private static void Show(NodeCall call, SyncStatus status)
        {
            var view = new SyncStatusView(
                status.OrgId,
                State(status.State),
                status.PendingUpdates,
                status.LastSync?.ToDateTimeOffset(),
                status.Detail,
                status.Peers.Select(p => new PeerView(p.PeerId, p.DisplayName, State(p.State), p.LastSeen?.ToDateTimeOffset(), p.BytesIn, p.BytesOut, p.Detail, p.Path)).ToList());
            if (call.Json)
            {
                call.Output.WriteJson(view, SharingJson.Default.SyncStatusView);
                return;
            }

            call.Output.WriteLine($"{view.State}{(view.Detail.Length > 0 ? ": " + view.Detail : "")}; {view.PendingUpdates} updates pending; last sync {view.LastSync?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "never"}");
            if (view.Peers.Count == 0)
            {
                call.Output.WriteLine("No member is online.");
                return;
            }

            var table = CliOutput.Table("Member", "State", "Path", "Last seen", "In", "Out", "Peer id");
            foreach (var peer in view.Peers)
            {
                CliOutput.AddRow(table, peer.DisplayName.Length > 0 ? peer.DisplayName : "?", peer.State, peer.Path,
                    peer.LastSeen?.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "", Bytes(peer.BytesIn), Bytes(peer.BytesOut), peer.PeerId);
            }

            call.Output.Write(table);
        }
    }

    /// <summary>
    /// The password from standard input (<c>--password-stdin</c>) or a prompt that does not echo; refused under 8
    /// characters, a warning on stderr under 12.
    /// </summary>
    private static string ReadPassword(NodeCall call, PasswordSettings settings, bool confirm)
    {
        string password;
        if (settings.PasswordStdin)
        {
            password = Console.In.ReadLine() ?? "";
        }
        else if (Console.IsInputRedirected)
        {
            throw new CliException("no terminal to ask for the password: pass --password-stdin and write it to standard input", ExitCodes.Usage);
        }
        else
        {
            password = call.Output.Console.Prompt(new TextPrompt<string>("Org password:").Secret(null));
            if (confirm && password.Length >= MinPasswordLength
                && call.Output.Console.Prompt(new TextPrompt<string>("Again, to confirm:").Secret(null)) != password)
            {
                throw new CliException("the two passwords differ; nothing was changed", ExitCodes.Usage);
            }
        }

        if (password.Length < MinPasswordLength)
        {
            throw new CliException($"the password has {password.Length} characters; an org password needs at least {MinPasswordLength} ({RecommendedPasswordLength} or more recommended)", ExitCodes.Usage);
        }

        if (password.Length < RecommendedPasswordLength)
        {
            Console.Error.WriteLine($"warning: a password under {RecommendedPasswordLength} characters is easier to guess; anyone who learns it can read the org");
        }

        return password;
    }

    private static string Stage(JoinStage stage) => stage switch
    {
        JoinStage.Done => "done",
        JoinStage.WaitingForMember => "waiting-for-member",
        JoinStage.Syncing => "syncing",
        JoinStage.Authenticating => "authenticating",
        JoinStage.Connecting => "connecting",
        _ => "claiming",
    };

    private static string State(OrgSyncState state) => state switch
    {
        OrgSyncState.LocalOnly => "local-only",
        OrgSyncState.Pending => "pending",
        OrgSyncState.Online => "online",
        _ => "offline",
    };

    private static string State(PeerState state) => state switch
    {
        PeerState.Authenticating => "authenticating",
        PeerState.Syncing => "syncing",
        PeerState.Synced => "synced",
        PeerState.WrongPassword => "wrong-password",
        PeerState.Incompatible => "incompatible",
        PeerState.Disconnected => "disconnected",
        _ => "connecting",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        < 10_000 => $"{bytes} B",
        < 10_000_000 => $"{bytes / 1000} kB",
        _ => $"{bytes / 1_000_000} MB",
    };
}
