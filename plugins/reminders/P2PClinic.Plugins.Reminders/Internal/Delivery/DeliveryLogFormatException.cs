namespace P2PClinic.Plugins.Reminders.Internal.Delivery;

/// <summary>A delivery record on disk cannot be read (damaged or written by an unknown version).</summary>
internal sealed class DeliveryLogFormatException : Exception
{
    public DeliveryLogFormatException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
    }

    public string Path { get; }
}
