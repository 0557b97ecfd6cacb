using P2PClinic.Sdk.Api;

namespace P2PClinic.Plugins.Contacts.Internal.Model;

/// <summary>A contact field is invalid; the message starts with the field's proto path (e.g. <c>emails[1].value</c>).</summary>
internal sealed class ContactValidationException(string field, string problem) : InvalidFieldException(field, problem);
