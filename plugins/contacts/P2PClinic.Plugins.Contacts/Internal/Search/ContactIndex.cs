using System.Globalization;
using System.Text;
using P2PClinic.Plugins.Contacts.Internal.Model;

namespace P2PClinic.Plugins.Contacts.Internal.Search;

/// <summary>
/// An org's contacts in memory, kept current by whoever observes the document: each contact with its folded
/// search text (names, emails, organization, title, tags) and its phone digits. Search and list read only this,
/// never the CRDT, so a query over 10,000 contacts is a scan of short strings in memory.
/// </summary>
internal sealed class ContactIndex
{
    private readonly Dictionary<string, IndexedContact> _contacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idsByUid = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    // The contacts in name order, rebuilt on the first search after a change (changes are rare next to searches).
    private IndexedContact[]? _byName;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _contacts.Count;
            }
        }
    }

    public void Upsert(Contact contact)
    {
        var indexed = new IndexedContact(contact);
        lock (_lock)
        {
            RemoveLocked(contact.Id);
            AddLocked(indexed);
        }
    }

    public void Remove(string id)
    {
        lock (_lock)
        {
            RemoveLocked(id);
        }
    }

    public void Reset(IEnumerable<Contact> contacts)
    {
        var fresh = contacts.Select(c => new IndexedContact(c)).ToList();
        lock (_lock)
        {
            _contacts.Clear();
            _idsByUid.Clear();
            _byName = null;
            foreach (var contact in fresh)
            {
                AddLocked(contact);
            }
        }
    }

    public Contact? Get(string id)
    {
        lock (_lock)
        {
            return _contacts.TryGetValue(id, out var indexed) ? indexed.Contact : null;
        }
    }

    /// <summary>The id of the contact carrying a vCard UID, if any (so a re-import updates it).</summary>
    public string? FindByUid(string uid)
    {
        if (uid.Length == 0)
        {
            return null;
        }

        lock (_lock)
        {
            return _idsByUid.GetValueOrDefault(uid);
        }
    }

    /// <summary>
    /// Contacts matching every whitespace-separated term of <paramref name="query"/>: a term matches when it is a
    /// substring of the folded text, or, written like a phone number, when its digits are in a phone's digits.
    /// Contacts whose name starts with the first term come first, then by name.
    /// </summary>
    public IReadOnlyList<Contact> Search(string query, int limit)
    {
        var terms = SearchText.Fold(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (terms.Length == 0)
        {
            return [];
        }

        var digits = terms.Select(t => SearchText.IsPhoneLike(t) ? SearchText.Digits(t) : null).ToArray();
        var found = new List<Contact>(Math.Min(limit, 64));
        lock (_lock)
        {
            // Walk the contacts in name order twice: first those whose name starts with the first term, then the
            // rest. Both passes stop at the limit, so a query matching thousands costs no sort of thousands.
            var byName = SortedByNameLocked();
            foreach (var prefixPass in (ReadOnlySpan<bool>)[true, false])
            {
                foreach (var candidate in byName)
                {
                    if (found.Count == limit)
                    {
                        return found;
                    }

                    if (candidate.SortName.StartsWith(terms[0], StringComparison.Ordinal) == prefixPass && Matches(candidate, terms, digits))
                    {
                        found.Add(candidate.Contact);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Every contact in name order (as <see cref="List"/> by name gives them), a snapshot of references.</summary>
    public Contact[] ByName()
    {
        lock (_lock)
        {
            return [.. SortedByNameLocked().Select(c => c.Contact)];
        }
    }

    /// <summary>
    /// One page of all contacts in <paramref name="sort"/> order. The page token is the sort key and id of the
    /// last contact returned, so pages stay correct when contacts are added or removed between calls.
    /// </summary>
    /// <exception cref="ContactValidationException">The page token is not one this index made.</exception>
    public ContactPage List(ContactSort sort, bool descending, int pageSize, string pageToken)
    {
        (string Key, string Id)? after = pageToken.Length == 0 ? null : DecodeToken(pageToken, sort, descending);
        List<(string Key, IndexedContact Contact)> ordered;
        lock (_lock)
        {
            ordered = [.. _contacts.Values.Select(c => (Key: c.SortKey(sort), Contact: c))];
        }

        var comparer = Comparer<(string Key, string Id)>.Create((a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            var result = byKey != 0 ? byKey : string.CompareOrdinal(a.Id, b.Id);
            return descending ? -result : result;
        });
        ordered.Sort((a, b) => comparer.Compare((a.Key, a.Contact.Contact.Id), (b.Key, b.Contact.Contact.Id)));
        var start = 0;
        if (after is { } cursor)
        {
            // The first entry strictly after the cursor: a binary search over the sorted keys.
            int lo = 0, hi = ordered.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (comparer.Compare((ordered[mid].Key, ordered[mid].Contact.Contact.Id), cursor) <= 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            start = lo;
        }

        var page = ordered.Skip(start).Take(pageSize).ToList();
        var more = start + page.Count < ordered.Count;
        var next = more && page.Count > 0 ? EncodeToken(sort, descending, page[^1].Key, page[^1].Contact.Contact.Id) : "";
        return new ContactPage([.. page.Select(p => p.Contact.Contact)], next, ordered.Count);
    }

    private IndexedContact[] SortedByNameLocked()
    {
        if (_byName is null)
        {
            _byName = [.. _contacts.Values];
            Array.Sort(_byName, static (a, b) =>
            {
                var byName = string.CompareOrdinal(a.SortName, b.SortName);
                return byName != 0 ? byName : string.CompareOrdinal(a.Contact.Id, b.Contact.Id);
            });
        }

        return _byName;
    }

    private void AddLocked(IndexedContact contact)
    {
        _byName = null;
        _contacts[contact.Contact.Id] = contact;
        if (contact.Contact.Uid.Length > 0)
        {
            _idsByUid[contact.Contact.Uid] = contact.Contact.Id;
        }
    }

    private void RemoveLocked(string id)
    {
        _byName = null;
        if (_contacts.Remove(id, out var old) && old.Contact.Uid.Length > 0 && _idsByUid.GetValueOrDefault(old.Contact.Uid) == id)
        {
            _idsByUid.Remove(old.Contact.Uid);
        }
    }

    private static string EncodeToken(ContactSort sort, bool descending, string key, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\u0000', ((int)sort).ToString(CultureInfo.InvariantCulture), descending ? "d" : "a", key, id)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Key, string Id) DecodeToken(string token, ContactSort sort, bool descending)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\u0000');
            if (parts.Length == 4 && parts[0] == ((int)sort).ToString(CultureInfo.InvariantCulture) && parts[1] == (descending ? "d" : "a"))
            {
                return (parts[2], parts[3]);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw new ContactValidationException("page_token", "is not a token from a previous page of this list (with the same sort)");
    }

    private static bool Matches(IndexedContact candidate, string[] terms, string?[] digits)
    {
        for (var i = 0; i < terms.Length; i++)
        {
            if (candidate.Text.Contains(terms[i], StringComparison.Ordinal))
            {
                continue;
            }

            if (digits[i] is { Length: > 0 } d && candidate.PhoneDigits.Contains(d, StringComparison.Ordinal))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private sealed class IndexedContact
    {
        public IndexedContact(Contact contact)
        {
            Contact = contact;
            SortName = SearchText.Fold(contact.EffectiveName);
            // A separator no folded term contains, so a match never spans two fields.
            Text = string.Join('\u0001',
                new[] { contact.DisplayName, contact.GivenName, contact.FamilyName, contact.Organization, contact.Title }
                    .Concat(contact.Emails.Select(e => e.Value))
                    .Concat(contact.Phones.Select(p => p.Value))
                    .Concat(contact.Tags)
                    .Where(s => s.Length > 0)
                    .Select(SearchText.Fold));
            PhoneDigits = string.Join('\u0001', contact.Phones.Select(p => SearchText.Digits(p.Value)));
        }

        public Contact Contact { get; }

        public string SortName { get; }

        public string Text { get; }

        public string PhoneDigits { get; }

        public string SortKey(ContactSort sort) => sort switch
        {
            ContactSort.FamilyName => SearchText.Fold(Contact.FamilyName) + "\u0001" + SearchText.Fold(Contact.GivenName) + "\u0001" + SortName,
            ContactSort.CreatedAt => Contact.CreatedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture),
            ContactSort.UpdatedAt => Contact.UpdatedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture),
            _ => SortName,
        };
    }
}

/// <summary>One page of a contact list.</summary>
internal sealed record ContactPage(IReadOnlyList<Contact> Contacts, string NextPageToken, int TotalCount);
