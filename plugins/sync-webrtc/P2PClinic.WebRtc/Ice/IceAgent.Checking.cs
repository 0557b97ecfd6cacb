using System.Net;
using System.Net.Sockets;
using P2PClinic.WebRtc.Stun;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Ice;

/// <summary>The timed side of the agent: paced checks, retransmissions, nomination (RFC 8445 sections 6-8) and consent (RFC 7675).</summary>
internal sealed partial class IceAgent
{
    private void OnTick()
    {
        if (state is IceConnectionState.Closed or IceConnectionState.Failed)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var allocation in allocations)
        {
            if (allocation.Tick(now) == TurnReceiveResult.StateChanged)
            {
                OnAllocationChanged(allocation);
            }
        }

        RetransmitOrExpire(now);

        // A restart (RFC 8445 section 9) that found no new pair in time, the peer's answer included, ends the session.
        if (restarting && now - restartedAt > options.ConnectTimeout)
        {
            Fail("ICE restart found no working pair before the connect timeout");
            return;
        }

        if (!checking)
        {
            return;
        }

        // One new check per tick (pacing, RFC 8445 section 14): triggered checks first, then the ordinary ones.
        IceCandidatePair? next = null;
        while (next is null && triggeredChecks.Count > 0)
        {
            var candidate = triggeredChecks.Dequeue();
            next = candidate.State == IceCandidatePairState.Failed ? null : candidate;
        }

        var searching = selected is null || restarting;
        if (next is null && searching)
        {
            next = checklist.Where(p => p.State == IceCandidatePairState.Waiting).MaxBy(p => p.Priority(IsControlling))
                ?? checklist.Where(p => p.State == IceCandidatePairState.Frozen).MaxBy(p => p.Priority(IsControlling));
        }

        if (next is not null)
        {
            SendCheck(next, useCandidate: IsControlling && (options.AggressiveNomination || next == nominating), now);
        }

        // Regular nomination (RFC 8445 section 8.1.1): after a short wait for better pairs, nominate the best valid one.
        if (IsControlling && !options.AggressiveNomination && searching && nominating is null && firstValidAt is { } validSince)
        {
            var pending = checklist.Any(p => p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress or IceCandidatePairState.Frozen);
            if (!pending || now - validSince >= options.NominationDelay)
            {
                nominating = checklist.Where(p => p.IsValid).MaxBy(p => p.Priority(IsControlling));
                if (nominating is not null)
                {
                    Trace?.Invoke($"nominating {nominating}");
                    SendCheck(nominating, useCandidate: true, now);
                }
            }
        }

        if (selected is null)
        {
            if (now - checksStartedAt > options.ConnectTimeout)
            {
                Fail("no candidate pair worked before the connect timeout");
            }

            return;
        }

        // While restarting, the old pair's consent cannot be checked (the old credentials are gone): the restart's
        // deadline above stands in for it.
        if (restarting)
        {
            return;
        }

        // Consent freshness (RFC 7675 section 5.1): checks at randomized intervals; silence means the peer is gone.
        if (now >= nextConsentAt)
        {
            SendConsentCheck(selected, now);
            var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
            nextConsentAt = now + (options.ConsentInterval * jitter);
        }

        var silence = now - lastConsentAt;
        if (silence > options.ConsentTimeout)
        {
            Fail("consent expired: the peer stopped answering");
        }
        else if (silence > options.DisconnectedTimeout && state == IceConnectionState.Connected)
        {
            SetState(IceConnectionState.Disconnected);
        }
    }

    private void RetransmitOrExpire(DateTimeOffset now)
    {
        List<string>? expired = null;
        foreach (var (key, transaction) in transactions)
        {
            if (transaction.Deadline > now)
            {
                continue;
            }

            if (transaction.Kind == StunTransactionKind.Consent || transaction.Transmissions >= options.MaxCheckTransmissions)
            {
                (expired ??= []).Add(key);
                continue;
            }

            transaction.Transmissions++;
            transaction.Timeout = TimeSpan.FromTicks(Math.Min(transaction.Timeout.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            transaction.Deadline = now + transaction.Timeout;
            SendTo(transaction.Packet, transaction.Destination, transaction.Via);
        }

        foreach (var key in expired ?? [])
        {
            var transaction = transactions[key];
            transactions.Remove(key);
            if (transaction.Kind == StunTransactionKind.Check && transaction.Pair is { } pair)
            {
                if (!pair.IsValid && !transactions.Values.Any(t => t.Pair == pair))
                {
                    pair.State = IceCandidatePairState.Failed;
                    Trace?.Invoke($"pair failed: {pair}");
                }

                if (pair == nominating)
                {
                    nominating = null;
                }
            }
            else if (transaction.Kind == StunTransactionKind.ServerQuery && --pendingServerQueries <= 0)
            {
                gathered.TrySetResult();
            }
        }
    }

    private void SendCheck(IceCandidatePair pair, bool useCandidate, DateTimeOffset now)
    {
        var request = NewCheck(pair, useCandidate);
        if (request is null)
        {
            return;
        }

        if (!pair.IsValid)
        {
            pair.State = IceCandidatePairState.InProgress;
        }

        var packet = request.Encode(remotePasswordKey);
        var via = RelayOf(pair.Local);
        transactions[Convert.ToHexString(request.TransactionId)] = new StunTransaction(StunTransactionKind.Check, packet, pair.Remote.EndPoint, pair, useCandidate, IsControlling, now + options.CheckRetransmissionTimeout, options.CheckRetransmissionTimeout, via);
        SendTo(packet, pair.Remote.EndPoint, via);
    }

    private void SendConsentCheck(IceCandidatePair pair, DateTimeOffset now)
    {
        var request = NewCheck(pair, useCandidate: false);
        if (request is null)
        {
            return;
        }

        var packet = request.Encode(remotePasswordKey);

        // RFC 7675 section 5.1: a consent check is not retransmitted; the next one follows on schedule.
        var via = RelayOf(pair.Local);
        transactions[Convert.ToHexString(request.TransactionId)] = new StunTransaction(StunTransactionKind.Consent, packet, pair.Remote.EndPoint, pair, false, IsControlling, now + options.ConsentTimeout, options.ConsentTimeout, via);
        SendTo(packet, pair.Remote.EndPoint, via);
    }

    /// <summary>A Binding request as a connectivity check (RFC 8445 section 7.2.2).</summary>
    private StunMessage? NewCheck(IceCandidatePair pair, bool useCandidate)
    {
        if (remoteUfrag is null || remotePasswordKey is null)
        {
            return null;
        }

        return new StunMessage(StunMethod.Binding, StunClass.Request, StunMessage.NewTransactionId())
        {
            Username = remoteUfrag + ":" + LocalUfrag,

            // The priority a peer-reflexive candidate learned from this check would have (section 7.1.1).
            Priority = IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, (int)((pair.Local.Priority >> 8) & 0xFFFF)),
            IceControlling = IsControlling ? TieBreaker : null,
            IceControlled = IsControlling ? null : TieBreaker,
            UseCandidate = useCandidate,
        };
    }

    private void SendError(StunMessage request, IPEndPoint destination, TurnAllocation? via, int code, string reason, bool sign)
    {
        var response = new StunMessage(StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId) { ErrorCode = code, ErrorReason = reason };
        SendTo(response.Encode(sign ? localPasswordKey : []), destination, via);
    }

    /// <summary>Sends from our socket, or through a TURN allocation to a peer (its relayed candidate is the local side).</summary>
    private void SendTo(byte[] packet, IPEndPoint destination, TurnAllocation? via = null)
    {
        if (via is not null)
        {
            via.SendToPeer(packet, destination);
            return;
        }

        try
        {
            if (socket is { } s)
            {
                s.SendTo(packet, SocketFlags.None, destination);
                Interlocked.Increment(ref datagramsSent);
            }
        }
        catch (SocketException e)
        {
            Trace?.Invoke($"send to {destination} failed: {e.SocketErrorCode}");
        }
        catch (ObjectDisposedException)
        {
            // closing
        }
    }

    private void Nominate(IceCandidatePair pair)
    {
        pair.Nominated = true;
        if (selected is not null && !restarting && selected.Priority(IsControlling) >= pair.Priority(IsControlling))
        {
            return;
        }

        var now = time.GetUtcNow();
        restarting = false;
        selected = pair;
        lastConsentAt = now;
        nextConsentAt = now + options.ConsentInterval;
        Trace?.Invoke($"selected {pair} as {(IsControlling ? "controlling" : "controlled")}");
        if (state is IceConnectionState.Checking or IceConnectionState.New or IceConnectionState.Disconnected)
        {
            SetState(IceConnectionState.Connected);
        }

        connected.TrySetResult();
    }

    private void SwitchRole(bool controlling)
    {
        Trace?.Invoke($"role conflict: switching to {(controlling ? "controlling" : "controlled")}");
        IsControlling = controlling;
        nominating = null;
    }

    private void Fail(string reason)
    {
        Trace?.Invoke("failed: " + reason);
        SetState(IceConnectionState.Failed);
        connected.TrySetException(new RtcConnectionException(reason));
    }

    private void SetState(IceConnectionState next)
    {
        if (state == next)
        {
            return;
        }

        state = next;
        Interlocked.Increment(ref eventsPending);
        if (!stateEvents.Writer.TryWrite(next))
        {
            Interlocked.Decrement(ref eventsPending);
        }
    }
}
