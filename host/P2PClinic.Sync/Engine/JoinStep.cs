namespace P2PClinic.Sync.Engine;

internal enum JoinStage
{
    Claiming,
    Connecting,
    Authenticating,
    Syncing,
    Done,
    WaitingForMember,
}

internal sealed record JoinStep(JoinStage Stage, Guid? OrgId, string OrgName, string OrgColor, string Message);
