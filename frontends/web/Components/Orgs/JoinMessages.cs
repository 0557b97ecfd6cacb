using Grpc.Core;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Web.Components.Sharing;
using P2PClinic.Web.Node;

namespace P2PClinic.Web.Components.Orgs;

/// <summary>What the join form says at each stage of a join and for each way it can fail (docs/sync.md, "What the join can answer").</summary>
public static class JoinMessages
{
    /// <summary>Why the code and password cannot be sent as they are; null when they can.</summary>
    public static string? CheckInput(string code, string password)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(password);
        var letters = code.Count(char.IsLetterOrDigit);
        if (letters == 0)
        {
            return "Enter the share code you were given (8 letters, like ABCD-EFGH).";
        }

        if (letters != 8 || code.Any(c => !char.IsLetterOrDigit(c) && c != '-' && !char.IsWhiteSpace(c)))
        {
            return $"A share code has 8 letters and digits, like ABCD-EFGH; this one has {letters}.";
        }

        return password.Length < PasswordStrength.MinimumLength
            ? $"An org password has at least {PasswordStrength.MinimumLength} characters; ask the member who invited you for it."
            : null;
    }

    /// <summary>The sentence for one progress step.</summary>
    public static string Describe(JoinProgress step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var org = step.OrgName.Length > 0 ? $"'{step.OrgName}'" : "the org";
        return step.Stage switch
        {
            JoinStage.Claiming => "Checking the share code…",
            JoinStage.Connecting => $"Found {org}; connecting to a member…",
            JoinStage.Authenticating => $"Connected; checking the password with a member of {org}…",
            JoinStage.Syncing => $"Password accepted; copying {org}…",
            JoinStage.Done => $"Joined {org}.",
            JoinStage.WaitingForMember => $"Joined {org}, but no member is online yet: it will check the password and sync when one comes online.",
            _ => step.Message,
        };
    }

    /// <summary>The sentence for a join that failed.</summary>
    public static string Describe(Exception error, Uri node)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            RpcException { StatusCode: StatusCode.NotFound } => "That share code is unknown, expired (codes last 5 minutes) or already used. Ask for a new one.",
            RpcException { StatusCode: StatusCode.PermissionDenied } => "The member refused the password: it is not this org's password. Nothing was kept; check the password and ask for a new share code.",
            RpcException { StatusCode: StatusCode.AlreadyExists } => "This computer holds that org already: pick it in the org switcher.",
            RpcException { StatusCode: StatusCode.ResourceExhausted } => "Too many wrong share codes were tried from here: the signaling server refuses new ones for a while. Wait a few minutes and try again.",
            RpcException { StatusCode: StatusCode.FailedPrecondition } rpc => $"This node cannot join orgs: {rpc.Status.Detail}",
            RpcException { StatusCode: StatusCode.DeadlineExceeded } => "The join took too long: no member finished the first sync. Try again with a new share code.",
            RpcException { StatusCode: StatusCode.Unimplemented } => "Sharing is not available on this node: it has no sync service.",
            _ => NodeErrors.Describe(error, node),
        };
    }
}
