namespace P2PClinic.Host.Api;

/// <summary>Another org of this node has the name a create or rename asked for; becomes ALREADY_EXISTS naming the field.</summary>
internal sealed class OrgNameTakenException(string name, Guid takenBy)
    : Exception($"name: an org named '{name}' already exists ({takenBy:N}); choose another name")
{
    public Guid TakenBy { get; } = takenBy;
}
