namespace P2PClinic.Crdt.Internal;

/// <summary>
/// The identity of one unit of content: the client that created it and that client's logical
/// clock when it did. A struct of length n covers clocks [Clock, Clock + n).
/// </summary>
internal readonly record struct Id(uint Client, long Clock);
