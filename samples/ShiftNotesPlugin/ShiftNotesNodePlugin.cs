using P2PClinic.Sdk;

namespace Acme.ShiftNotes;

/// <summary>The plugin's entry point: the node finds it by its base class and calls its hooks.</summary>
public sealed class ShiftNotesNodePlugin : NodePlugin
{
    /// <summary>The document root the plugin keeps its data under; prefixed with the plugin id so it never clashes.</summary>
    public const string Collection = "acme.shift-notes";

    /// <inheritdoc />
    public override void MapEndpoints(IPluginEndpointBuilder endpoints) => endpoints.MapGrpcService<ShiftNotesService>();
}
