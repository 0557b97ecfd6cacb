using CsCheck;
using P2PClinic.Crdt;
using P2PClinic.Sdk.Records;
using Xunit.Abstractions;

namespace P2PClinic.Sdk.Tests.Records;

/// <summary>
/// Random concurrent edit histories of one record on two and three documents, exchanged in random orders: once
/// every document has everything, all are equal, and every value a user added to a list is there unless someone
/// removed that entry (or deleted the record). CsCheck prints the seed of a failing history; rerun it with
/// <c>CsCheck_Seed=&lt;seed&gt;</c>.
/// </summary>
public sealed class ConcurrentHistoryTests(ITestOutputHelper output)
{
    private static readonly RecordListField Phones = new("phones", "value");
    private static readonly RecordSetField Tags = new("tags");
    private static readonly RecordCollection People = new("people", Phones, Tags);
    private static readonly string[] Labels = ["", "work", "home", "cell"];

    /// <summary>One step of a history: what <see cref="Kind"/> does on document <see cref="Replica"/>, with two free choices.</summary>
    public readonly record struct Step(int Kind, int Replica, int A, int B);

    private static readonly Gen<Step[]> Histories =
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 2], Gen.Int[0, 99], Gen.Int[0, 99], (kind, replica, a, b) => new Step(kind, replica, a, b)).Array[1, 60];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void AfterAnyHistoryAllDocumentsAreEqualAndKeepEveryAddedEntryNotRemoved(int documents) =>
        Histories.Sample(history => Run(documents, history), writeLine: output.WriteLine, iter: 400);

    private static void Run(int documents, Step[] history)
    {
        var docs = Enumerable.Range(1, documents).Select(i => new Doc(new DocOptions { ClientId = (uint)i })).ToArray();
        docs[0].Transact(t =>
        {
            var record = People.Create(t, "r", Time(0));
            record.SetText("name", "first");
            record.SetList(Phones, [Phone("p-init", "")]);
            record.SetTexts(Tags, ["t-init"]);
        });
        SyncAll(docs);

        var addedPhones = new HashSet<string> { "p-init" };
        var removedPhones = new HashSet<string>();
        var addedTags = new HashSet<string> { "t-init" };
        var removedTags = new HashSet<string>();
        var deleted = false;
        for (var s = 0; s < history.Length; s++)
        {
            var (kind, replica, a, b) = history[s];
            var doc = docs[replica % documents];
            if (People.Read(doc, "r") is not { } current)
            {
                continue;
            }

            var phones = current.List(Phones);
            var tags = current.Set(Tags);
            switch (kind)
            {
                case 0 or 1:
                    Write(doc, s, r => r.SetList(Phones, [.. phones, Phone($"p{s}", Labels[b % Labels.Length])]));
                    addedPhones.Add($"p{s}");
                    break;
                case 2 when phones.Count > 0:
                    var gone = phones[a % phones.Count];
                    Write(doc, s, r => r.SetList(Phones, [.. phones.Where(p => !p.Equals(gone))]));
                    removedPhones.Add(gone["value"]);
                    break;
                case 3 when phones.Count > 0:
                    var relabeled = phones[a % phones.Count];
                    var label = Labels[(Array.IndexOf(Labels, relabeled["label"]) + 1 + (b % 3)) % Labels.Length];
                    Write(doc, s, r => r.SetList(Phones, [.. phones.Select(p => p.Equals(relabeled) ? Phone(p["value"], label) : p)]));
                    break;
                case 4:
                    Write(doc, s, r => r.SetTexts(Tags, [.. tags, $"t{s}"]));
                    addedTags.Add($"t{s}");
                    break;
                case 5 when tags.Count > 0:
                    var tag = tags[a % tags.Count];
                    Write(doc, s, r => r.SetTexts(Tags, [.. tags.Where(t => t != tag)]));
                    removedTags.Add(tag);
                    break;
                case 6:
                    Write(doc, s, r => r.SetText("name", $"n{s}"));
                    break;
                case 7:
                    AssertResendingWritesNothing(doc, phones, tags);
                    break;
                case 8 when b % 8 == 0:
                    doc.Transact(t => People.Delete(t, "r"));
                    deleted = true;
                    break;
                default:
                    var to = docs[(replica + 1 + (a % (documents - 1))) % documents];
                    to.ApplyUpdate(doc.EncodeStateAsUpdate(to.EncodeStateVector()));
                    break;
            }
        }

        SyncAll(docs);
        var json = docs.Select(d => JsonText(d.GetMap(People.Root))).ToArray();
        Assert.All(json, j => Assert.Equal(json[0], j));
        var merged = People.Read(docs[0], "r");
        if (deleted)
        {
            Assert.Null(merged);
            return;
        }

        Assert.NotNull(merged);
        Assert.Equal(addedPhones.Except(removedPhones).Order(StringComparer.Ordinal), merged.List(Phones).Select(p => p["value"]).Order(StringComparer.Ordinal));
        Assert.Equal(addedTags.Except(removedTags).Order(StringComparer.Ordinal), merged.Set(Tags).Order(StringComparer.Ordinal));
    }

    private static void Write(Doc doc, int step, Action<RecordWriter> write) =>
        doc.Transact(t =>
        {
            var record = People.Edit(t, "r")!;
            write(record);
            record.Touch(Time(step));
        });

    private static void AssertResendingWritesNothing(Doc doc, IReadOnlyList<RecordEntry> phones, IReadOnlyList<string> tags)
    {
        var updates = 0;
        void Count(object? sender, DocUpdateEventArgs e) => updates++;
        doc.Updated += Count;
        var changed = true;
        doc.Transact(t =>
        {
            var record = People.Edit(t, "r")!;
            record.SetList(Phones, phones);
            record.SetTexts(Tags, tags);
            changed = record.Changed;
        });
        doc.Updated -= Count;
        Assert.False(changed);
        Assert.Equal(0, updates);
    }

    private static void SyncAll(Doc[] docs)
    {
        for (var round = 0; round < 2; round++)
        {
            foreach (var from in docs)
            {
                foreach (var to in docs.Where(d => d != from))
                {
                    to.ApplyUpdate(from.EncodeStateAsUpdate(to.EncodeStateVector()));
                }
            }
        }
    }

    private static RecordEntry Phone(string value, string label) => RecordEntry.Of(("label", label), ("value", value));

    private static DateTimeOffset Time(int step) => new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero).AddSeconds(step);

    private static string JsonText(YMap map) => System.Text.Json.JsonSerializer.Serialize(map.ToJson());
}
