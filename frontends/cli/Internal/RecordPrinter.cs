using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace P2PClinic.Cli.Internal;

/// <summary>
/// How every command group shows its records, so that contacts, events and reminders read alike: JSON for scripts;
/// for people, a line saying what was done, then the record as a card of its non-empty fields, or a table with one
/// row per record.
/// </summary>
internal static class RecordPrinter
{
    /// <summary>
    /// Prints one record: <paramref name="view"/> as JSON, or for people, with <paramref name="verb"/> ("Added",
    /// "Updated", "Deleted"), a line such as <c>Added contact 'Ana' (id).</c> naming it as <paramref name="what"/>
    /// says, then the card <paramref name="fill"/> writes (rows with an empty value are left out); a deleted record
    /// gets only the line.
    /// </summary>
    public static int Print<TView>(NodeCall call, TView view, JsonTypeInfo<TView> json, string? verb, string what, Action<RecordCard> fill)
    {
        if (call.Json)
        {
            call.Output.WriteJson(view, json);
            return ExitCodes.Ok;
        }

        if (verb is not null)
        {
            call.Output.WriteLine($"{verb} {what}.");
            if (verb == "Deleted")
            {
                return ExitCodes.Ok;
            }
        }

        var card = new RecordCard();
        fill(card);
        call.Output.Write(card.Table);
        return ExitCodes.Ok;
    }

    /// <summary>Records one row each under <paramref name="columns"/>, or <paramref name="whenEmpty"/> when there are none.</summary>
    public static void Table<T>(NodeCall call, IReadOnlyCollection<T> records, string whenEmpty, string[] columns, Func<T, string[]> row)
    {
        if (records.Count == 0)
        {
            call.Output.WriteLine(whenEmpty);
            return;
        }

        var table = CliOutput.Table(columns);
        foreach (var record in records)
        {
            CliOutput.AddRow(table, row(record));
        }

        call.Output.Write(table);
    }
}

/// <summary>One record's fields as a two-column card; a field without a value gets no row.</summary>
internal sealed class RecordCard
{
    internal Table Table { get; } = CliOutput.Table("Field", "Value");

    public void Row(string field, string value)
    {
        if (value.Length > 0)
        {
            CliOutput.AddRow(Table, field, value);
        }
    }

    /// <summary>A field with its label, e.g. <c>phone (work)</c>.</summary>
    public void Row(string field, string label, string value) => Row(label.Length > 0 ? $"{field} ({label})" : field, value);
}
