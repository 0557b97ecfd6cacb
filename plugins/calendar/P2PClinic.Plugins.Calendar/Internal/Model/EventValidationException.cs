using P2PClinic.Sdk.Api;

namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>An event field is invalid; the message starts with the field's proto path (e.g. <c>attendees[1].email</c>).</summary>
internal sealed class EventValidationException(string field, string problem) : InvalidFieldException(field, problem);
