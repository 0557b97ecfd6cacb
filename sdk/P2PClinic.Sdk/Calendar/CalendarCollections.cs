namespace P2PClinic.Sdk.Calendar;

/// <summary>Where the calendar keeps its data in an org's document, for plugins that follow its changes.</summary>
public static class CalendarCollections
{
    /// <summary>
    /// The root map of events (event id → map of fields). <see cref="CollectionChange"/>s of this collection name
    /// the events that were created, edited or deleted, locally or by a peer.
    /// </summary>
    public const string Events = "events";
}
