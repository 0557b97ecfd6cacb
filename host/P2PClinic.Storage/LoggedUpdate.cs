namespace P2PClinic.Storage;

/// <summary>One record of an org's update log.</summary>
/// <param name="Sequence">Its position in the log; strictly increasing, never reused within an org.</param>
/// <param name="Update">The encoded CRDT update (after compaction: the merge of every earlier record).</param>
public readonly record struct LoggedUpdate(long Sequence, byte[] Update);
