using System.Net;
using System.Net.Sockets;
using P2PClinic.WebRtc.Ice;

namespace P2PClinic.WebRtc.Tests.Ice;

public class HostAddressSelectionTests
{
    private static IPAddress[] Addresses(params string[] text) => [.. text.Select(IPAddress.Parse)];

    [Fact]
    public void Select_DropsLoopbackLinkLocalSiteLocalAndMapped_AndInterleavesTheFamilies()
    {
        var selected = HostAddressSelection.Select(
            Addresses("127.0.0.1", "::1", "fe80::1", "fec0::5", "::ffff:10.0.0.9", "10.201.1.2", "192.168.5.5", "2001:db8::7", "fd00::3"),
            includeIPv6: true);
        Assert.Equal(Addresses("2001:db8::7", "10.201.1.2", "fd00::3", "192.168.5.5"), selected);
    }

    [Fact]
    public void Select_WithoutIPv6Socket_KeepsOnlyIPv4()
    {
        var selected = HostAddressSelection.Select(Addresses("2001:db8::7", "10.201.1.2"), includeIPv6: false);
        Assert.Equal(Addresses("10.201.1.2"), selected);
    }

    [Fact]
    public void Select_OnlyLoopbackAvailable_FallsBackToIPv4Loopback()
    {
        Assert.Equal([IPAddress.Loopback], HostAddressSelection.Select(Addresses("127.0.0.1", "::1", "fe80::1"), includeIPv6: true));
    }

    [Fact]
    public async Task GatherAsync_OnEveryInterface_OffersTheMachinesAddressesOnOneDualStackPort()
    {
        await using var agent = new IceAgent(new IceAgentOptions(), controlling: true, TimeProvider.System);
        await agent.GatherAsync(CancellationToken.None);
        var expected = HostAddressSelection.FromInterfaces(includeIPv6: Socket.OSSupportsIPv6);
        Assert.Equal(expected, agent.LocalCandidates.Where(c => c.Type == IceCandidateType.Host).Select(c => c.EndPoint.Address));
        Assert.All(agent.LocalCandidates, c => Assert.Equal(agent.LocalEndPoint!.Port, c.EndPoint.Port));
    }

    [Fact]
    public async Task Checks_OverIPv6Loopback_SelectAPathWhenTheRemoteCandidateIsIPv6()
    {
        await using var a = new IceAgent(new IceAgentOptions(), controlling: true, TimeProvider.System);
        await using var b = new IceAgent(new IceAgentOptions(), controlling: false, TimeProvider.System);
        await a.GatherAsync(CancellationToken.None);
        await b.GatherAsync(CancellationToken.None);
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        a.AddRemoteCandidate(new IceCandidate("1", 1, IceCandidate.ComputePriority(IceCandidateType.Host, 1), new IPEndPoint(IPAddress.IPv6Loopback, b.LocalEndPoint!.Port), IceCandidateType.Host));
        a.StartChecks();
        b.StartChecks();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(a.WaitConnectedAsync(cts.Token), b.WaitConnectedAsync(cts.Token));
        Assert.Equal(IPAddress.IPv6Loopback, a.SelectedPair!.Remote.EndPoint.Address);
        Assert.Equal(AddressFamily.InterNetworkV6, b.SelectedPair!.Remote.EndPoint.AddressFamily);
    }
}
