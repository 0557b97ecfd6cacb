namespace P2PClinic.Sdk;

/// <summary>The ids changed in one collection of an org's document.</summary>
/// <param name="Collection">The collection: the root name in the document (e.g. <c>contacts</c>).</param>
/// <param name="Ids">The keys added, changed or deleted in that root map (a change nested inside an entry names the entry's key); empty when the root is not a map.</param>
public sealed record CollectionChange(string Collection, IReadOnlyList<string> Ids);
