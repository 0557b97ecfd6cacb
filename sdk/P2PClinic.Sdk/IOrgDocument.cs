using P2PClinic.Crdt;

namespace P2PClinic.Sdk;

/// <summary>
/// One org's CRDT document. Reads and changes are serialized, so a reader never sees half a change; every
/// change is on disk before the call that made it returns.
/// </summary>
public interface IOrgDocument
{
    /// <summary>The org.</summary>
    Guid OrgId { get; }

    /// <summary>Whether the document was closed (the node left the org or stops); a closed document refuses changes.</summary>
    bool IsClosed { get; }

    /// <summary>
    /// Reads the document. <paramref name="read"/> must not change the document (use <see cref="ChangeAsync"/>)
    /// and must not keep references to shared types beyond the call: other changes may apply right after.
    /// </summary>
    /// <typeparam name="T">What the read produces (copy out plain values, e.g. with <c>ToJson()</c>).</typeparam>
    /// <param name="read">Runs while no change applies.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    /// <exception cref="OrgDocumentClosedException">The document was closed.</exception>
    T Read<T>(Func<Doc, T> read);

    /// <summary>
    /// Changes the document in one transaction and stores the resulting update durably (fsync) before the
    /// returned task completes. A change that alters nothing stores nothing. If <paramref name="change"/> throws,
    /// what it changed before throwing stays applied (CRDT transactions cannot roll back) and is stored, then the
    /// exception propagates.
    /// </summary>
    /// <param name="change">Mutates shared types of the document inside the transaction (e.g. <c>t =&gt; t.Doc.GetMap("contacts").Set(id, entry)</c>).</param>
    /// <param name="cancellationToken">Cancels waiting for earlier changes; once applied, a change is always stored.</param>
    /// <returns>What changed, or an empty change when nothing did.</returns>
    /// <exception cref="OrgDocumentClosedException">The document was closed.</exception>
    Task<OrgDocumentChange> ChangeAsync(Action<Transaction> change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies an encoded update (Yjs update v1) received from elsewhere, typically a peer, and stores it
    /// durably before the returned task completes. Observers see it as not local.
    /// </summary>
    /// <param name="update">The encoded update.</param>
    /// <param name="cancellationToken">Cancels waiting for earlier changes.</param>
    /// <returns>What changed, or an empty change when the update brought nothing new.</returns>
    /// <exception cref="CrdtFormatException">The update is malformed; the document is unchanged.</exception>
    /// <exception cref="OrgDocumentClosedException">The document was closed.</exception>
    Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Raised after each stored change, in commit order, with the collections and ids it touched and its
    /// encoded update. Handlers run on the changing thread and must be quick; exceptions they throw are
    /// logged and swallowed.
    /// </summary>
    event EventHandler<OrgDocumentChange>? Changed;
}
