namespace P2PClinic.Web.Components.Shared;

/// <summary>How far an import (vCard or iCalendar) has come, as the node reports it while it works.</summary>
/// <param name="Total">Items (cards or events) in the file.</param>
/// <param name="Processed">Items handled so far.</param>
/// <param name="Created">New items.</param>
/// <param name="Updated">Items that replaced one with the same UID.</param>
/// <param name="Failed">Items refused.</param>
/// <param name="Errors">Why items were refused, one line each (item number, line, message).</param>
/// <param name="Done">True on the last report.</param>
public sealed record ImportProgress(int Total, int Processed, int Created, int Updated, int Failed, IReadOnlyList<string> Errors, bool Done);
