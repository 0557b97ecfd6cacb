namespace P2PClinic.Reminders.Tests.Node;

/// <summary>One real node shared by a test class; each test makes its own org.</summary>
public sealed class ReminderNodeFixture : IAsyncLifetime
{
    internal ReminderNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await ReminderNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
