namespace P2PClinic.WebRtc.Tests.Sctp;

/// <summary>What one direction of the in-memory datagram link does to packets.</summary>
public sealed record LinkConditions(double Loss = 0, double Duplication = 0, double Reordering = 0, TimeSpan Delay = default, int Mtu = 1200, int Seed = 1)
{
    public static LinkConditions Perfect { get; } = new();

    public static LinkConditions Severed { get; } = new(Loss: 1);
}
