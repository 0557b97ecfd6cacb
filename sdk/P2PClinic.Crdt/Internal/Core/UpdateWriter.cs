using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt.Internal;

/// <summary>The update v1 struct writer (yjs UpdateEncoderV1): every field is a plain lib0 value.</summary>
internal sealed class UpdateWriter(Lib0Writer rest)
{
    public Lib0Writer Rest { get; } = rest;

    public void WriteId(Id id)
    {
        Rest.WriteVarUint(id.Client);
        Rest.WriteVarUint((ulong)id.Clock);
    }

    public void WriteClient(uint client) => Rest.WriteVarUint(client);

    public void WriteInfo(byte info) => Rest.WriteByte(info);

    public void WriteString(string s) => Rest.WriteVarString(s);

    public void WriteParentInfo(bool isRootKey) => Rest.WriteVarUint(isRootKey ? 1u : 0u);

    public void WriteTypeRef(byte typeRef) => Rest.WriteVarUint(typeRef);

    public void WriteLength(int length) => Rest.WriteVarUint((ulong)length);

    public void WriteAny(object? value) => Rest.WriteAny(value);

    public void WriteBuffer(ReadOnlySpan<byte> bytes) => Rest.WriteVarUint8Array(bytes);

    public void WriteJson(string json) => Rest.WriteVarString(json);

    public void WriteKey(string key) => Rest.WriteVarString(key);
}
