using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.WebRtc.Ice;

/// <summary>
/// ICE restart (RFC 8445 section 9): new credentials on both sides, fresh server-reflexive gathering, a new checklist,
/// checks and nomination, on the same socket and allocations. The previously selected pair keeps carrying data (and
/// whatever runs over it, DTLS and SCTP included) until a pair of the new session is selected, so nothing above ICE
/// is re-made. Either side may restart: the one that changes its credentials first sends them in a new offer; the
/// other restarts when it sees the peer's credentials change and answers with its own new ones.
/// </summary>
internal sealed partial class IceAgent
{
    private bool restarting;
    private DateTimeOffset restartedAt;

    /// <summary>True from <see cref="RestartAsync"/> until a pair of the new session is selected.</summary>
    public bool IsRestarting
    {
        get
        {
            lock (gate)
            {
                return restarting;
            }
        }
    }

    /// <summary>
    /// Starts an ICE restart: new local credentials (give them to the peer in a new description), the peer's credentials
    /// and candidates forgotten, STUN servers asked again for our mapping (it may have changed: the reason to restart).
    /// Then, as at the start: <see cref="SetRemoteCredentials"/>, <see cref="AddRemoteCandidate"/> and
    /// <see cref="StartChecks"/>. Without a new selected pair within <see cref="IceAgentOptions.ConnectTimeout"/> the
    /// agent fails. Completes when gathering is done (or timed out).
    /// </summary>
    /// <exception cref="InvalidOperationException">The agent never connected, failed or is closed.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (state is IceConnectionState.Closed or IceConnectionState.Failed)
            {
                throw new InvalidOperationException($"An ICE agent that is {state.ToString().ToLowerInvariant()} cannot restart: ICE restart keeps a live session going, a dead one needs a new connection.");
            }

            if (socket is null || selected is null)
            {
                throw new InvalidOperationException("ICE restart needs a selected pair: before the first one, the checks are still running.");
            }

            (LocalUfrag, LocalPassword, localPasswordKey) = NewLocalCredentials();
            remoteUfrag = null;
            remotePasswordKey = null;
            remoteCandidates.Clear();
            checklist.Clear();
            triggeredChecks.Clear();
            foreach (var key in transactions.Where(t => t.Value.Kind is StunTransactionKind.Check or StunTransactionKind.Consent).Select(t => t.Key).ToList())
            {
                transactions.Remove(key);
            }

            nominating = null;
            firstValidAt = null;
            checking = false;
            restarting = true;
            restartedAt = time.GetUtcNow();
            Trace?.Invoke($"ICE restart: new ufrag {LocalUfrag}, keeping {selected} until a new pair is selected");

            gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            pendingServerQueries = 0;
            QueryStunServers();
        }

        await WaitGatheredAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 8445 section 5.3: ufrag at least 24 bits and password at least 128 bits of randomness.</summary>
    private static (string Ufrag, string Password, byte[] PasswordKey) NewLocalCredentials()
    {
        var password = RandomNumberGenerator.GetString(CredentialAlphabet, 24);
        return (RandomNumberGenerator.GetString(CredentialAlphabet, 8), password, Encoding.UTF8.GetBytes(password));
    }
}
