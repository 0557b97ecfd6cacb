using System.Net;
using System.Net.Sockets;
using P2PClinic.WebRtc.Stun;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Ice;

/// <summary>The receiving side of the agent: the socket pump, incoming checks (RFC 8445 section 7.3) and responses (section 7.2.5).</summary>
internal sealed partial class IceAgent
{
    /// <summary>
    /// The socket pump. A dedicated thread with blocking receives rather than an async loop: at tens of thousands of
    /// datagrams a second, the hop from the socket engine to the thread pool per datagram costs more than the
    /// thread, and the DTLS layer above is blocking anyway. It ends when the socket is closed.
    /// </summary>
    private void ReceiveLoop()
    {
        var buffer = new byte[65_536];
        var s = socket!;
        var address = new SocketAddress(s.AddressFamily);
        var anyAddress = new IPEndPoint(s.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        IPEndPoint? source = null;
        SocketAddress? sourceAddress = null;
        while (!stopping.IsCancellationRequested)
        {
            int length;
            try
            {
                length = s.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
            }
            catch (SocketException)
            {
                break; // closed under us (Interrupted / OperationAborted)
            }

            // Counted once handled, whatever it was: a test on a fake clock waits for the count to settle (see Activity).
            try
            {
                if (length == 0)
                {
                    continue;
                }

                // Reuse the endpoint while the sender stays the same: the data path has one peer.
                if (source is null || !address.Equals(sourceAddress))
                {
                    sourceAddress = new SocketAddress(address.Family, address.Size);
                    address.Buffer.CopyTo(sourceAddress.Buffer);
                    source = Normalize((IPEndPoint)anyAddress.Create(address));
                }

                var datagram = buffer.AsSpan(0, length);
                try
                {
                    if (AllocationAt(source) is { } allocation && ReceiveFromServer(allocation, datagram))
                    {
                        continue;
                    }

                    Dispatch(datagram, source, via: null);
                }
#pragma warning disable CA1031 // A hostile datagram or a failing consumer must not end the receive loop.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Trace?.Invoke($"datagram from {source} dropped: {e.GetType().Name}: {e.Message}");
                }
            }
            finally
            {
                Interlocked.Increment(ref datagramsHandled);
            }
        }
    }

    /// <summary>A datagram from a peer, straight to our socket or relayed by a TURN server (<paramref name="via"/>).</summary>
    private void Dispatch(ReadOnlySpan<byte> datagram, IPEndPoint source, TurnAllocation? via)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        var first = datagram[0];
        if (first <= 3)
        {
            // RFC 7983 section 7: 0..3 is STUN.
            HandleStun(datagram, source, via);
        }
        else if (first is >= 20 and <= 63 && IsKnownRemote(source) && (via is not null || !options.RelayOnly))
        {
            // 20..63 is DTLS; only from addresses we are talking to.
            DataReceived?.Invoke(datagram);
        }
    }

    /// <summary>A message from a TURN server (a UDP datagram, or one framed off a TCP stream); false when it is not TURN.</summary>
    private bool ReceiveFromServer(TurnAllocation allocation, ReadOnlySpan<byte> message)
    {
        switch (allocation.Receive(message, time.GetUtcNow(), out var peer, out var payload))
        {
            case TurnReceiveResult.PeerData:
                Dispatch(payload, peer!, allocation);
                return true;
            case TurnReceiveResult.StateChanged:
                lock (gate)
                {
                    OnAllocationChanged(allocation);
                }

                return true;
            case TurnReceiveResult.Handled:
                return true;
            default:
                return false; // not TURN: a STUN server on the same address answering a Binding request
        }
    }

    private TurnAllocation? AllocationAt(IPEndPoint source)
    {
        var current = udpAllocations;
        for (var i = 0; i < current.Length; i++)
        {
            if (current[i].Server.Equals(source))
            {
                return current[i];
            }
        }

        return null;
    }

    private bool IsKnownRemote(IPEndPoint source)
    {
        if (selected?.Remote.EndPoint.Equals(source) == true)
        {
            return true;
        }

        lock (gate)
        {
            return remoteCandidates.Exists(c => c.EndPoint.Equals(source));
        }
    }

    private void HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint source, TurnAllocation? via)
    {
        if (!StunMessage.TryParse(datagram, out var message, out _) || message!.Method != StunMethod.Binding)
        {
            return;
        }

        lock (gate)
        {
            if (state == IceConnectionState.Closed)
            {
                return;
            }

            switch (message.Class)
            {
                case StunClass.Request:
                    HandleRequest(message, source, via);
                    break;
                case StunClass.SuccessResponse:
                case StunClass.ErrorResponse:
                    HandleResponse(message, source, via);
                    break;
                default:
                    break; // Binding indications are keepalives (RFC 8445 section 11).
            }
        }
    }

    /// <summary>An incoming connectivity check (RFC 8445 section 7.3).</summary>
    private void HandleRequest(StunMessage request, IPEndPoint source, TurnAllocation? via)
    {
        // Relay-only: a check straight to our socket would reveal our address by its answer.
        if (!IsUsableRemote(source) || (via is null && options.RelayOnly))
        {
            return;
        }

        var local = via is null ? null : RelayCandidateOf(via);
        if (via is not null && local is null)
        {
            return;
        }

        // RFC 8489 section 9.1.3: without USERNAME or MESSAGE-INTEGRITY the answer is 400; a wrong one is 401.
        if (request.Username is null || !request.HasMessageIntegrity)
        {
            SendError(request, source, via, StunErrorCode.BadRequest, "Bad Request", sign: false);
            return;
        }

        if (!request.Username.StartsWith(LocalUfrag + ":", StringComparison.Ordinal) || !request.VerifyIntegrity(localPasswordKey))
        {
            SendError(request, source, via, StunErrorCode.Unauthorized, "Unauthorized", sign: false);
            return;
        }

        if (request.UnknownRequiredAttributes.Count > 0)
        {
            SendError(request, source, via, StunErrorCode.UnknownAttribute, "Unknown Attribute", sign: true);
            return;
        }

        // RFC 8445 section 7.3.1.1: repair a role conflict with the tie-breakers.
        if (IsControlling && request.IceControlling is { } theirControlling)
        {
            if (TieBreaker >= theirControlling)
            {
                SendError(request, source, via, StunErrorCode.RoleConflict, "Role Conflict", sign: true);
                return;
            }

            SwitchRole(controlling: false);
        }
        else if (!IsControlling && request.IceControlled is { } theirControlled)
        {
            if (TieBreaker >= theirControlled)
            {
                SwitchRole(controlling: true);
            }
            else
            {
                SendError(request, source, via, StunErrorCode.RoleConflict, "Role Conflict", sign: true);
                return;
            }
        }

        var response = new StunMessage(StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId) { XorMappedAddress = source };
        SendTo(response.Encode(localPasswordKey), source, via);

        if (state is IceConnectionState.Failed)
        {
            return;
        }

        // RFC 8445 section 7.3.1.3: a check from an address we were never told is a peer-reflexive candidate.
        var remote = remoteCandidates.Find(c => c.EndPoint.Equals(source));
        if (remote is null)
        {
            if (remoteCandidates.Count >= MaxRemoteCandidates)
            {
                return;
            }

            var priority = request.Priority ?? IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65_535);
            remote = new IceCandidate(IceCandidate.ComputeFoundation(IceCandidateType.PeerReflexive, source.Address), IceCandidate.DataComponent, priority, source, IceCandidateType.PeerReflexive);
            remoteCandidates.Add(remote);
            Trace?.Invoke($"learned peer-reflexive candidate {source}");
        }

        var pair = local is null
            ? checklist.Find(p => p.Remote == remote && p.Local.Type != IceCandidateType.Relayed) ?? PairWith(remote, HostFor(remote))
            : checklist.Find(p => p.Remote == remote && p.Local == local) ?? PairWith(remote, local);
        if (pair is null)
        {
            return;
        }

        // RFC 8445 section 7.3.1.4: triggered checks.
        switch (pair.State)
        {
            case IceCandidatePairState.Succeeded:
                break;
            case IceCandidatePairState.InProgress:
                if (!triggeredChecks.Contains(pair))
                {
                    triggeredChecks.Enqueue(pair);
                }

                break;
            default:
                pair.State = IceCandidatePairState.Waiting;
                if (!triggeredChecks.Contains(pair))
                {
                    triggeredChecks.Enqueue(pair);
                }

                break;
        }

        // RFC 8445 section 7.3.1.5: the controlled agent learns the nomination.
        if (request.UseCandidate && !IsControlling)
        {
            if (pair.IsValid)
            {
                Nominate(pair);
            }
            else
            {
                pair.NominatedByPeer = true;
            }
        }
    }

    /// <summary>The answer to one of our requests (RFC 8445 section 7.2.5, RFC 7675 for consent).</summary>
    private void HandleResponse(StunMessage response, IPEndPoint source, TurnAllocation? via)
    {
        var key = Convert.ToHexString(response.TransactionId);
        if (!transactions.TryGetValue(key, out var transaction))
        {
            return;
        }

        if (transaction.Via != via)
        {
            return; // an answer must come back the way its request went
        }

        if (transaction.Kind == StunTransactionKind.ServerQuery)
        {
            if (!source.Equals(transaction.Destination))
            {
                return;
            }

            transactions.Remove(key);
            OnServerResponse(response, transaction);
            return;
        }

        // Short-term credentials: the response is signed with the peer's password (RFC 8445 section 7.2.5.1).
        if (remotePasswordKey is null || !response.HasMessageIntegrity || !response.VerifyIntegrity(remotePasswordKey))
        {
            return;
        }

        transactions.Remove(key);
        var pair = transaction.Pair!;

        // RFC 8445 section 7.2.5.2.1: the response must come from where the request went.
        if (!source.Equals(transaction.Destination))
        {
            if (transaction.Kind == StunTransactionKind.Check && !pair.IsValid)
            {
                pair.State = IceCandidatePairState.Failed;
            }

            return;
        }

        if (response.Class == StunClass.ErrorResponse)
        {
            if (response.ErrorCode == StunErrorCode.RoleConflict)
            {
                // RFC 8445 section 7.2.5.1: switch role unless we switched already, and retry the check.
                if (transaction.SentAsControlling == IsControlling)
                {
                    SwitchRole(!IsControlling);
                }

                if (!pair.IsValid)
                {
                    pair.State = IceCandidatePairState.Waiting;
                }

                if (!triggeredChecks.Contains(pair))
                {
                    triggeredChecks.Enqueue(pair);
                }
            }
            else if (!pair.IsValid)
            {
                pair.State = IceCandidatePairState.Failed;
            }

            if (pair == nominating)
            {
                nominating = null;
            }

            return;
        }

        var now = time.GetUtcNow();
        if (transaction.Kind == StunTransactionKind.Consent || pair == selected)
        {
            lastConsentAt = now;
            if (state == IceConnectionState.Disconnected)
            {
                SetState(IceConnectionState.Connected);
            }
        }

        if (transaction.Kind == StunTransactionKind.Consent)
        {
            return;
        }

        if (!pair.IsValid)
        {
            pair.State = IceCandidatePairState.Succeeded;
            firstValidAt ??= now;
            Trace?.Invoke($"pair valid: {pair}");

            // RFC 8445 section 7.2.5.3.3: unfreeze pairs of the same foundation.
            foreach (var other in checklist.Where(p => p.State == IceCandidatePairState.Frozen && p.Foundation == pair.Foundation))
            {
                other.State = IceCandidatePairState.Waiting;
            }
        }

        // RFC 8445 section 7.2.5.3.1: a mapped address we do not know is a local peer-reflexive candidate.
        if (response.XorMappedAddress is { } mapped && !localCandidates.Exists(c => c.EndPoint.Equals(mapped)) && localCandidates.Count < MaxRemoteCandidates)
        {
            localCandidates.Add(new IceCandidate(IceCandidate.ComputeFoundation(IceCandidateType.PeerReflexive, mapped.Address), IceCandidate.DataComponent, IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65_535), mapped, IceCandidateType.PeerReflexive, pair.Local.EndPoint));
        }

        if (transaction.UseCandidate && transaction.SentAsControlling && IsControlling)
        {
            Nominate(pair);
        }
        else if (!IsControlling && pair.NominatedByPeer)
        {
            Nominate(pair);
        }
    }

    private void OnServerResponse(StunMessage response, StunTransaction transaction)
    {
        if (response.Class == StunClass.SuccessResponse && (response.XorMappedAddress ?? response.MappedAddress) is { } mapped)
        {
            // RFC 8445 section 5.1.3: a reflexive address equal to a host candidate is redundant.
            if (!localCandidates.Exists(c => c.EndPoint.Equals(mapped)) && localCandidates.FirstOrDefault(c => c.Type == IceCandidateType.Host && c.EndPoint.AddressFamily == mapped.AddressFamily) is { } host)
            {
                var priority = IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 65_535);
                var foundation = IceCandidate.ComputeFoundation(IceCandidateType.ServerReflexive, host.EndPoint.Address, transaction.Destination.ToString());
                localCandidates.Add(new IceCandidate(foundation, IceCandidate.DataComponent, priority, mapped, IceCandidateType.ServerReflexive, host.EndPoint));
                Trace?.Invoke($"server-reflexive candidate {mapped} from {transaction.Destination}");
            }
        }

        if (--pendingServerQueries <= 0)
        {
            gathered.TrySetResult();
        }
    }
}
