using System.Globalization;
using System.Text.Json;
using P2PClinic.Plugins.Reminders.Internal.Model;
using P2PClinic.Plugins.Reminders.Internal.Scheduling;

namespace P2PClinic.Plugins.Reminders.Internal.Delivery;

/// <summary>
/// Which reminder occurrences THIS node already delivered to a watcher, for one org: local state, never synced
/// (another device of the user delivers on its own). One small JSON file per org in the plugin's data folder,
/// replaced atomically (written to a temporary file, flushed to disk, then renamed over the old one), so a crash
/// leaves either the old record or the new one. Entries older than the due window are dropped when it is saved:
/// nothing that old is due any more.
/// </summary>
internal sealed class DeliveryLog
{
    private const int FormatVersion = 1;
    private const string FilePrefix = "delivered-";
    private const string FileSuffix = ".json";

    private readonly string _path;
    private readonly Dictionary<DeliveryKey, bool> _delivered;

    private DeliveryLog(string path, Dictionary<DeliveryKey, bool> delivered)
    {
        _path = path;
        _delivered = delivered;
    }

    public int Count => _delivered.Count;

    /// <summary>Whether the firing was delivered, and if so whether it was late.</summary>
    public bool TryGet(DeliveryKey key, out bool late) => _delivered.TryGetValue(key.Normalized(), out late);

    public void Add(DeliveryKey key, bool late) => _delivered[key.Normalized()] = late;

    /// <summary>Forgets a firing: it was not delivered after all (its only watcher went away before sending it).</summary>
    public void Remove(DeliveryKey key) => _delivered.Remove(key.Normalized());

    /// <summary>Reads the org's record; an absent file is an empty record.</summary>
    /// <exception cref="DeliveryLogFormatException">The file exists but is not a delivery record.</exception>
    public static async Task<DeliveryLog> LoadAsync(string directory, Guid orgId, CancellationToken cancellationToken)
    {
        var path = PathOf(directory, orgId);
        var delivered = new Dictionary<DeliveryKey, bool>();
        if (!File.Exists(path))
        {
            return new DeliveryLog(path, delivered);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.GetInt32() != FormatVersion
                || !root.TryGetProperty("delivered", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                throw new DeliveryLogFormatException(path, "not a version 1 delivery record");
            }

            foreach (var entry in entries.EnumerateArray())
            {
                var key = new DeliveryKey(
                    entry.GetProperty("reminderId").GetString() ?? throw new DeliveryLogFormatException(path, "reminderId is null"),
                    entry.GetProperty("occurrenceId").GetString() ?? throw new DeliveryLogFormatException(path, "occurrenceId is null"),
                    DateTimeOffset.Parse(entry.GetProperty("dueAt").GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
                delivered[key.Normalized()] = entry.GetProperty("late").GetBoolean();
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DeliveryLogFormatException(path, e.Message);
        }

        return new DeliveryLog(path, delivered);
    }

    /// <summary>An empty record for the org that will replace whatever file it has when saved.</summary>
    public static DeliveryLog Empty(string directory, Guid orgId) => new(PathOf(directory, orgId), []);

    /// <summary>Drops entries past the due window and writes the record durably.</summary>
    public async Task SaveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A day beyond the window, so an entry never disappears while its occurrence could still count as due.
        var horizon = now - ReminderLimits.DueWindow - TimeSpan.FromDays(1);
        foreach (var old in _delivered.Keys.Where(k => k.DueAt < horizon).ToList())
        {
            _delivered.Remove(old);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            await using (writer.ConfigureAwait(false))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartArray("delivered");
                foreach (var (key, late) in _delivered.OrderBy(e => e.Key.DueAt).ThenBy(e => e.Key.ReminderId, StringComparer.Ordinal).ThenBy(e => e.Key.OccurrenceId, StringComparer.Ordinal))
                {
                    writer.WriteStartObject();
                    writer.WriteString("reminderId", key.ReminderId);
                    writer.WriteString("occurrenceId", key.OccurrenceId);
                    writer.WriteString("dueAt", key.DueAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                    writer.WriteBoolean("late", late);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    /// <summary>Deletes the record of an org the node no longer holds.</summary>
    public static void Delete(string directory, Guid orgId)
    {
        File.Delete(PathOf(directory, orgId));
        File.Delete(PathOf(directory, orgId) + ".tmp");
    }

    /// <summary>The orgs that have a record in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<Guid> StoredOrgs(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var orgs = new List<Guid>();
        foreach (var file in Directory.EnumerateFiles(directory, FilePrefix + "*" + FileSuffix))
        {
            var name = Path.GetFileName(file);
            if (Guid.TryParseExact(name[FilePrefix.Length..^FileSuffix.Length], "N", out var orgId))
            {
                orgs.Add(orgId);
            }
        }

        return orgs;
    }

    internal static string PathOf(string directory, Guid orgId) => Path.Combine(directory, $"{FilePrefix}{orgId:N}{FileSuffix}");
}
