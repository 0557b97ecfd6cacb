using System.Text.Json.Serialization;

namespace P2PClinic.Cli.Views;

/// <summary>
/// The JSON shapes the CLI prints with --json. They are the CLI's own contract with scripts, kept
/// stable on purpose and independent of how the protos name things.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OrgView))]
[JsonSerializable(typeof(IReadOnlyList<OrgView>))]
[JsonSerializable(typeof(NodeStatusView))]
[JsonSerializable(typeof(OrgRepairView))]
[JsonSerializable(typeof(IReadOnlyList<PluginView>))]
internal sealed partial class CliJson : JsonSerializerContext;
