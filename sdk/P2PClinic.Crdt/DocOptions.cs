namespace P2PClinic.Crdt;

/// <summary>Settings of a new <see cref="Doc"/>.</summary>
public sealed class DocOptions
{
    /// <summary>The client id this document writes with; a random 32-bit id when null (as yjs). Two live documents must never share one.</summary>
    public uint? ClientId { get; init; }

    /// <summary>Whether deleted content is dropped (garbage-collected), keeping only its clock range. On by default, as in yjs.</summary>
    public bool Gc { get; init; } = true;
}
