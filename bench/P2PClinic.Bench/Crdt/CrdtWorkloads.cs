using System.Text;
using P2PClinic.Crdt;
using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Bench.Crdt;

/// <summary>
/// The CRDT benchmark workloads w1..w7 (issue 2, docs/benchmarks.md), C# side. The yjs twin is
/// bench/yjs/workloads.mjs: same names, sizes, seeds and pseudo-random sequence (mulberry32), so
/// both build the same documents and w2/w5 must encode to the same bytes.
/// </summary>
internal static class CrdtWorkloads
{
    public const int Contacts = 10_000;
    public const int FieldUpdates = 100_000;
    public const int Appends = 100_000;
    public const int RandomInserts = 20_000;
    public static readonly string[] Fields = ["name", "email", "phone", "street", "city", "zip", "notes", "tag"];
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ";
    private static readonly string[] Characters = [.. Alphabet.Select(c => c.ToString())];
    private static readonly string[] ContactKeys = [.. Enumerable.Range(0, Contacts).Select(i => $"c{i}")];

    /// <summary>A string of 8..23 characters from the alphabet, drawn as the JavaScript twin draws it.</summary>
    public static string RandomString(Mulberry32 rng)
    {
        var length = 8 + rng.Int(16);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[rng.Int(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>w1: 10,000 contacts, each a map of 8 string fields in root map "contacts", one transaction each.</summary>
    public static Doc W1()
    {
        var rng = new Mulberry32(1);
        var doc = new Doc(new DocOptions { ClientId = 1 });
        var contacts = doc.GetMap("contacts");
        for (var i = 0; i < Contacts; i++)
        {
            var key = ContactKeys[i];
            doc.Transact(_ =>
            {
                contacts.Set(key, new YMap());
                var contact = (YMap)contacts.Get(key)!;
                foreach (var field in Fields)
                {
                    contact.Set(field, RandomString(rng));
                }
            });
        }

        return doc;
    }

    /// <summary>w2 and w5: the full state of a doc.</summary>
    public static byte[] Encode(Doc doc) => doc.EncodeStateAsUpdate();

    /// <summary>w3: the update applied to a fresh doc.</summary>
    public static Doc W3(byte[] update)
    {
        var doc = new Doc(new DocOptions { ClientId = 3 });
        doc.ApplyUpdate(update);
        return doc;
    }

    /// <summary>w4: 100,000 single-field sets on random existing contacts, one transaction each.</summary>
    public static Doc W4(Doc doc)
    {
        var rng = new Mulberry32(4);
        var contacts = doc.GetMap("contacts");
        for (var k = 0; k < FieldUpdates; k++)
        {
            var contact = (YMap)contacts.Get(ContactKeys[rng.Int(Contacts)])!;
            contact.Set(Fields[rng.Int(Fields.Length)], RandomString(rng));
        }

        return doc;
    }

    /// <summary>w6: 100,000 one-character appends to a YText, one transaction each.</summary>
    public static Doc W6()
    {
        var rng = new Mulberry32(6);
        var doc = new Doc(new DocOptions { ClientId = 6 });
        var text = doc.GetText("t");
        for (var k = 0; k < Appends; k++)
        {
            text.Insert(text.Length, Characters[rng.Int(Alphabet.Length)]);
        }

        return doc;
    }

    /// <summary>w7: 20,000 one-character inserts at random positions, one transaction each.</summary>
    public static Doc W7()
    {
        var rng = new Mulberry32(7);
        var doc = new Doc(new DocOptions { ClientId = 7 });
        var text = doc.GetText("t");
        for (var k = 0; k < RandomInserts; k++)
        {
            text.Insert(rng.Int(text.Length + 1), Characters[rng.Int(Alphabet.Length)]);
        }

        return doc;
    }
}
