using P2PClinic.Sdk;
using P2PClinic.Sync.Keys;
using P2PClinic.Sync.Sessions;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Sync.Tests.Infrastructure;

/// <summary>The org side of sessions in tests: a memory document, relaying like a room does.</summary>
internal sealed class TestSessionOwner : ISessionOwner
{
    private static readonly AsyncLocal<SyncSession?> ApplyingFrom = new();
    private readonly List<SyncSession> _attached = [];

    public TestSessionOwner(string localPeerId, Guid orgId, OrgKeys keys, TimeProvider? time = null, SyncOptions? options = null)
    {
        LocalPeerId = localPeerId;
        OrgId = orgId;
        Keys = keys;
        Time = time ?? TimeProvider.System;
        Options = options ?? new SyncOptions { DisplayName = localPeerId };
        Memory = new InMemoryOrgDocument(orgId: orgId);
        Throttle = new HandshakeThrottle(Time, Options.HandshakeBackoff, Options.MaxHandshakeBackoff);
        Memory.Changed += (_, change) =>
        {
            SyncSession[] targets;
            lock (_attached)
            {
                targets = [.. _attached.Where(s => !ReferenceEquals(s, ApplyingFrom.Value))];
            }

            foreach (var session in targets)
            {
                session.EnqueueUpdate(change.Update);
            }
        };
    }

    public Guid OrgId { get; }

    public string LocalPeerId { get; }

    public OrgKeys Keys { get; }

    public InMemoryOrgDocument Memory { get; }

    public IOrgDocument Document => Memory;

    public HandshakeThrottle Throttle { get; }

    public SyncOptions Options { get; }

    public TimeProvider Time { get; }

    public int Attached { get; private set; }

    public bool TryAttach(SyncSession session)
    {
        lock (_attached)
        {
            _attached.Add(session);
            Attached++;
        }

        return true;
    }

    public void Detach(SyncSession session)
    {
        lock (_attached)
        {
            _attached.Remove(session);
        }
    }

    public async Task ApplyFromAsync(SyncSession session, byte[] update, CancellationToken cancellationToken)
    {
        ApplyingFrom.Value = session;
        await Document.ApplyUpdateAsync(update, cancellationToken);
    }

    public void OnSessionChanged(SyncSession session)
    {
    }
}

internal static class TestKeys
{
    // Derived once per test run: PBKDF2 at the floor of 100,000 iterations is the slow part of these tests.
    public static readonly Guid OrgId = Guid.Parse("0190a0b1c2d34e5f8a9b0c1d2e3f4051");
    public static readonly OrgKeys Right = OrgKeys.Derive("correct horse battery staple", OrgId, OrgKeys.MinIterations);
    public static readonly OrgKeys Wrong = OrgKeys.Derive("incorrect horse battery staple", OrgId, OrgKeys.MinIterations);
}
