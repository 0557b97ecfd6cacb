using P2PClinic.Testing;

namespace P2PClinic.Reminders.Tests.Node;

/// <summary>One real node shared by a test class; each test makes its own org.</summary>
public sealed class ReminderNodeFixture : NodeFixture
{
    private ReminderNode? _reminders;

    /// <summary>The node with the reminder tests' clients and steps.</summary>
    internal ReminderNode Reminders => _reminders ??= ReminderNode.Over(Node);

    protected override TestNodeOptions Options => ReminderNode.Options();
}
