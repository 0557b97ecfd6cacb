using P2PClinic.Crdt;
using P2PClinic.Sdk.Records;

namespace P2PClinic.Sdk.Tests.Records;

/// <summary>
/// Records as the first layout stored them (before the record model): every list replaced whole on each edit by
/// a new shared array, and an emptied list removed from the record. Such records read as they are; the first write
/// adds the missing lists and from then on edits lists element by element. A peer that still writes the first
/// layout keeps working against this one (docs/records.md, "Peers of different versions").
/// </summary>
public sealed class FirstLayoutTests
{
    private static readonly RecordListField Emails = new("emails", "value");
    private static readonly RecordSetField Tags = new("tags");
    private static readonly RecordCollection People = new("people", Emails, Tags);

    private static RecordEntry Email(string value, string label = "") => RecordEntry.Of(("label", label), ("value", value));

    /// <summary>What the first layout's writer did: a new array of new maps under the key, or no key for an empty list.</summary>
    private static void WriteWhole(Doc doc, string key, params (string Label, string Value)[] emails) =>
        doc.Transact(_ =>
        {
            var entry = (YMap)doc.GetMap("people").Get("r")!;
            if (emails.Length == 0)
            {
                entry.Delete(key);
                return;
            }

            var array = new YArray();
            entry.Set(key, array);
            array.Push([.. emails.Select(e =>
            {
                var map = new YMap();
                map.Set("label", e.Label);
                map.Set("value", e.Value);
                return (object)map;
            })]);
        });

    private static Doc FirstLayoutRecord(uint client = 1)
    {
        var doc = new Doc(new DocOptions { ClientId = client });
        doc.Transact(t =>
        {
            var entry = new YMap();
            t.Doc.GetMap("people").Set("r", entry);
            entry.Set("name", "Ada");
            entry.Set("createdAt", "2026-12-01T09:00:00.000Z");
        });
        WriteWhole(doc, "emails", ("home", "a@x.org"), ("", "b@x.org"));
        return doc;
    }

    [Fact]
    public void AFirstLayoutRecordReadsWithItsListsAndWithoutTheListsItLeftOut()
    {
        var record = People.Read(FirstLayoutRecord(), "r")!;

        Assert.Equal("Ada", record.Text("name"));
        Assert.Equal([Email("a@x.org", "home"), Email("b@x.org")], record.List(Emails));
        Assert.Empty(record.Set(Tags));
    }

    [Fact]
    public void TheFirstWriteAddsTheMissingListsSoConcurrentAdditionsToThemMergeFromThenOn()
    {
        var alice = FirstLayoutRecord(client: 1);
        alice.Transact(t => People.Edit(t, "r")!.SetText("name", "Ada L."));
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        alice.Transact(t => People.Edit(t, "r")!.SetTexts(Tags, ["math"]));
        bob.Transact(t => People.Edit(t, "r")!.SetTexts(Tags, ["poetry"]));
        alice.ApplyUpdate(bob.EncodeStateAsUpdate(alice.EncodeStateVector()));

        Assert.Equal(["math", "poetry"], People.Read(alice, "r")!.Set(Tags).Order());
    }

    [Fact]
    public void AListAnOldPeerReplacedWholeReadsAndIsThenEditedElementByElement()
    {
        var doc = FirstLayoutRecord();
        doc.Transact(t => People.Edit(t, "r")!.SetList(Emails, [Email("a@x.org", "home"), Email("b@x.org"), Email("c@x.org")]));
        WriteWhole(doc, "emails", ("home", "a@x.org"), ("", "old-peer@x.org"));

        Assert.Equal([Email("a@x.org", "home"), Email("old-peer@x.org")], People.Read(doc, "r")!.List(Emails));
        var before = (YArray)((YMap)doc.GetMap("people").Get("r")!).Get("emails")!;
        doc.Transact(t => People.Edit(t, "r")!.SetList(Emails, [Email("a@x.org", "work"), Email("old-peer@x.org")]));

        Assert.Same(before, ((YMap)doc.GetMap("people").Get("r")!).Get("emails"));
        Assert.Equal([Email("a@x.org", "work"), Email("old-peer@x.org")], People.Read(doc, "r")!.List(Emails));
    }

    [Fact]
    public void AListThisVersionWroteReadsForAnOldPeerAsTheArrayOfMapsItAlwaysRead()
    {
        var doc = new Doc();
        doc.Transact(t => People.Create(t, "r", DateTimeOffset.UnixEpoch).SetList(Emails, [Email("a@x.org", "home")]));

        // The first layout's reader: the key's JSON as a list of maps with label and value.
        var json = (IReadOnlyDictionary<string, object?>)((YMap)doc.GetMap("people").Get("r")!).ToJson()!;
        var emails = Assert.IsAssignableFrom<IReadOnlyList<object?>>(json["emails"]);
        var email = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Assert.Single(emails));
        Assert.Equal("a@x.org", email["value"]);
        Assert.Equal("home", email["label"]);
    }
}
