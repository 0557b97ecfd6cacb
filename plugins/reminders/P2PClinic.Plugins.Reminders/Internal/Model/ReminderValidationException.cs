using P2PClinic.Sdk.Api;

namespace P2PClinic.Plugins.Reminders.Internal.Model;

/// <summary>A request field is invalid; the message starts with the field's proto name (e.g. <c>lead_time</c>).</summary>
internal sealed class ReminderValidationException(string field, string problem) : InvalidFieldException(field, problem);
