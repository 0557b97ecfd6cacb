using P2PClinic.Crdt;
using P2PClinic.Sdk.Records;

namespace P2PClinic.Sdk.Tests.Records;

/// <summary>What a write stores: only differences, lists element by element, in the order written.</summary>
public sealed class RecordWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly RecordListField Emails = new("emails", "value");
    private static readonly RecordSetField Tags = new("tags");
    private static readonly RecordMapField Seen = new("seen");
    private static readonly RecordCollection People = new("people", Emails, Tags, Seen);

    private static RecordEntry Email(string value, string label = "") => RecordEntry.Of(("label", label), ("value", value));

    private static Doc WithRecord(Action<RecordWriter>? write = null, uint client = 1)
    {
        var doc = new Doc(new DocOptions { ClientId = client });
        doc.Transact(t =>
        {
            var record = People.Create(t, "r", T0);
            write?.Invoke(record);
        });
        return doc;
    }

    private static bool Edit(Doc doc, Action<RecordWriter> write)
    {
        var changed = false;
        doc.Transact(t =>
        {
            var record = People.Edit(t, "r")!;
            write(record);
            changed = record.Touch(T0.AddMinutes(1));
        });
        return changed;
    }

    private static int CountUpdates(Doc doc, Action change)
    {
        var updates = 0;
        void Count(object? sender, DocUpdateEventArgs e) => updates++;
        doc.Updated += Count;
        change();
        doc.Updated -= Count;
        return updates;
    }

    [Fact]
    public void ARecordWrittenAtItsCreationTimeStoresItsTimesOnce()
    {
        var untouched = WithRecord(r => r.SetText("name", "Ada"));
        var touchedAtCreation = WithRecord(r =>
        {
            r.SetText("name", "Ada");
            Assert.True(r.Touch(T0));
        });
        var touchedLater = WithRecord(r =>
        {
            r.SetText("name", "Ada");
            Assert.True(r.Touch(T0.AddMinutes(1)));
        });

        // Rewriting updatedAt with the text it holds would leave a deleted value in the document for every new record.
        Assert.Equal(untouched.EncodeStateAsUpdate().Length, touchedAtCreation.EncodeStateAsUpdate().Length);
        Assert.True(touchedLater.EncodeStateAsUpdate().Length > untouched.EncodeStateAsUpdate().Length);
        Assert.Equal(T0, People.Read(touchedAtCreation, "r")!.UpdatedAt);
        Assert.Equal(T0.AddMinutes(1), People.Read(touchedLater, "r")!.UpdatedAt);
    }

    [Fact]
    public void ACreatedRecordReadsBackEveryKindOfField()
    {
        var doc = WithRecord(r =>
        {
            r.SetText("name", "Ada");
            r.SetFlag("vip", true);
            r.SetNumber("visits", 3);
            r.SetList(Emails, [Email("ada@example.org", "home"), Email("ada@work.example")]);
            r.SetTexts(Tags, ["math", "poetry"]);
            r.SetInMap(Seen, "o1", "yes");
        });

        var record = People.Read(doc, "r")!;

        Assert.Equal("Ada", record.Text("name"));
        Assert.True(record.Flag("vip"));
        Assert.Equal(3L, record.Value("visits"));
        Assert.Equal([Email("ada@example.org", "home"), Email("ada@work.example")], record.List(Emails));
        Assert.Equal(["math", "poetry"], record.Set(Tags));
        Assert.Equal("yes", record.Map(Seen)["o1"]);
        Assert.Equal(T0, record.CreatedAt);
        Assert.Equal(T0, record.UpdatedAt);
    }

    [Fact]
    public void WritingTheStoredValuesAgainWritesNothingAndDoesNotTouchTheRecord()
    {
        var doc = WithRecord(r =>
        {
            r.SetText("name", "Ada");
            r.SetList(Emails, [Email("a@x.org", "home"), Email("b@x.org")]);
            r.SetTexts(Tags, ["math"]);
        });
        var changed = true;

        var updates = CountUpdates(doc, () => changed = Edit(doc, r =>
        {
            r.SetText("name", "Ada");
            r.SetText("nickname", "");
            r.SetFlag("vip", false);
            r.SetList(Emails, [Email("a@x.org", "home"), Email("b@x.org")]);
            r.SetTexts(Tags, ["math"]);
        }));

        Assert.False(changed);
        Assert.Equal(0, updates);
        Assert.Equal(T0, People.Read(doc, "r")!.UpdatedAt);
    }

    [Fact]
    public void AWrittenListReadsBackInTheOrderWrittenEvenWhenReordered()
    {
        var doc = WithRecord(r => r.SetList(Emails, [Email("a@x.org"), Email("b@x.org"), Email("c@x.org")]));

        Edit(doc, r => r.SetList(Emails, [Email("c@x.org"), Email("new@x.org"), Email("a@x.org")]));

        Assert.Equal([Email("c@x.org"), Email("new@x.org"), Email("a@x.org")], People.Read(doc, "r")!.List(Emails));
    }

    [Fact]
    public void AnEntryGivenTwiceIsStoredOnce()
    {
        var doc = WithRecord(r => r.SetList(Emails, [Email("a@x.org"), Email("a@x.org")]));

        var array = (YArray)((YMap)doc.GetMap("people").Get("r")!).Get("emails")!;
        Assert.Equal(1, array.Length);
    }

    [Fact]
    public void ARelabeledEntryIsEditedInPlaceSoAConcurrentRemovalStillRemovesIt()
    {
        var alice = WithRecord(r => r.SetList(Emails, [Email("a@x.org", "home"), Email("b@x.org")]), client: 1);
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        Edit(alice, r => r.SetList(Emails, [Email("a@x.org", "work"), Email("b@x.org")]));
        Edit(bob, r => r.SetList(Emails, [Email("b@x.org")]));
        Exchange(alice, bob);

        Assert.Equal([Email("b@x.org")], People.Read(alice, "r")!.List(Emails));
        Assert.Equal([Email("b@x.org")], People.Read(bob, "r")!.List(Emails));
    }

    [Fact]
    public void ConcurrentAdditionsToAListLeftEmptyAtCreationAreAllKept()
    {
        var alice = WithRecord(client: 1);
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        Edit(alice, r => r.SetList(Emails, [Email("a@x.org")]));
        Edit(bob, r => r.SetList(Emails, [Email("b@x.org")]));
        Exchange(alice, bob);

        Assert.Equal(["a@x.org", "b@x.org"], People.Read(alice, "r")!.List(Emails).Select(e => e["value"]).Order());
        Assert.Equal(People.Read(alice, "r")!.List(Emails), People.Read(bob, "r")!.List(Emails));
    }

    [Fact]
    public void TheSameEntryAddedOnTwoDocumentsAtOnceReadsOnce()
    {
        var alice = WithRecord(client: 1);
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        Edit(alice, r => r.SetTexts(Tags, ["math"]));
        Edit(bob, r => r.SetTexts(Tags, ["math"]));
        Exchange(alice, bob);

        Assert.Equal(["math"], People.Read(alice, "r")!.Set(Tags));
    }

    [Fact]
    public void ARecordDeletedOnOneDocumentWhileEditedOnAnotherStaysDeleted()
    {
        var alice = WithRecord(r => r.SetList(Emails, [Email("a@x.org")]), client: 1);
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        alice.Transact(t => People.Delete(t, "r"));
        Edit(bob, r =>
        {
            r.SetText("name", "edited");
            r.SetList(Emails, [Email("a@x.org", "work"), Email("b@x.org")]);
            r.SetTexts(Tags, ["new"]);
            r.SetInMap(Seen, "o1", "yes");
        });
        Exchange(alice, bob);

        Assert.Null(People.Read(alice, "r"));
        Assert.Null(People.Read(bob, "r"));
        Assert.Empty(People.ReadAll(bob));
    }

    [Fact]
    public void EditOfARecordThatIsGoneReturnsNull()
    {
        var doc = WithRecord();
        doc.Transact(t => Assert.True(People.Delete(t, "r")));

        doc.Transact(t =>
        {
            Assert.Null(People.Edit(t, "r"));
            Assert.False(People.Delete(t, "r"));
        });
    }

    [Fact]
    public void EmptyingAListKeepsItsSharedArraySoAConcurrentAdditionSurvives()
    {
        var alice = WithRecord(r => r.SetList(Emails, [Email("a@x.org")]), client: 1);
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        Edit(alice, r => r.SetList(Emails, []));
        Edit(bob, r => r.SetList(Emails, [Email("a@x.org"), Email("b@x.org")]));
        Exchange(alice, bob);

        Assert.Equal([Email("b@x.org")], People.Read(alice, "r")!.List(Emails));
    }

    [Fact]
    public void TheSameTextSetOnTwoDocumentsAtOnceResolvesToOneValueEverywhere()
    {
        var alice = WithRecord(client: 1);
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        Edit(alice, r => r.SetText("name", "from alice"));
        Edit(bob, r => r.SetText("name", "from bob"));
        Exchange(alice, bob);

        var name = People.Read(alice, "r")!.Text("name");
        Assert.Contains(name, new[] { "from alice", "from bob" });
        Assert.Equal(name, People.Read(bob, "r")!.Text("name"));
    }

    [Fact]
    public void ValuesThisVersionCannotReadAreSkippedAndLeftInPlaceByAWrite()
    {
        var doc = WithRecord(r => r.SetList(Emails, [Email("a@x.org")]));
        var array = (YArray)((YMap)doc.GetMap("people").Get("r")!).Get("emails")!;
        array.Push(42L);

        Assert.Equal([Email("a@x.org")], People.Read(doc, "r")!.List(Emails));
        Edit(doc, r => r.SetList(Emails, [Email("b@x.org")]));

        Assert.Equal([Email("b@x.org")], People.Read(doc, "r")!.List(Emails));
        Assert.Contains(42L, array.ToArray());
    }

    [Fact]
    public void AMapFieldKeepsKeysSetOnDifferentDocuments()
    {
        var alice = WithRecord(client: 1);
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        Edit(alice, r => r.SetInMap(Seen, "o1", "alice"));
        Edit(bob, r =>
        {
            r.SetInMap(Seen, "o2", "bob");
            Assert.True(r.ContainsInMap(Seen, "o2"));
        });
        Exchange(alice, bob);
        Edit(alice, r => r.RemoveFromMap(Seen, "o1"));

        Assert.Equal(new Dictionary<string, string> { ["o2"] = "bob" }, People.Read(alice, "r")!.Map(Seen));
    }

    private static void Exchange(Doc a, Doc b)
    {
        var fromA = a.EncodeStateAsUpdate(b.EncodeStateVector());
        var fromB = b.EncodeStateAsUpdate(a.EncodeStateVector());
        b.ApplyUpdate(fromA);
        a.ApplyUpdate(fromB);
    }
}
