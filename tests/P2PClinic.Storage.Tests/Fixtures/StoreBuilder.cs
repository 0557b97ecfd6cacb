using System.Text;

namespace P2PClinic.Storage.Tests.Fixtures;

/// <summary>Small helpers that keep tests to the behaviour they specify.</summary>
public static class StoreBuilder
{
    public static NewOrg Org(string name = "Clinic", string color = "#336699") => new(name, color);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static IReadOnlyList<string> Texts(OrgLogContents log) =>
        log.Updates.Select(u => Encoding.UTF8.GetString(u.Update)).ToList();
}
