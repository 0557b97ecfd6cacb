using System.Text;
using System.Text.Json;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Contacts.Tests.Node;
using P2PClinic.Testing;

namespace P2PClinic.Contacts.Tests.Cli;

/// <summary><c>p2pclinic contact ...</c> run as a process against a real node.</summary>
public sealed class ContactCommandTests(ContactNodeFixture fixture) : IClassFixture<ContactNodeFixture>
{
    private Task<ProcessResult> RunAsync(params string[] arguments) =>
        Cli.RunAsync([.. arguments, "--node", fixture.Node.HttpAddress.ToString(), "--data-dir", fixture.Node.DataDirectory]);

    private static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    [Fact]
    public async Task AddShowEditAndRmAContactWithJson()
    {
        var org = await fixture.NewOrgAsync();

        var added = Json(await RunAsync("contact", "add", "Ana Núñez", "--in", org, "--email", "work=ana@clinica.example", "--phone", "+34 600 000 000", "--tag", "colegas", "--birthday", "1985-11-02", "--json"));
        var id = added.GetProperty("id").GetString()!;
        var shown = Json(await RunAsync("contact", "show", id, "--in", org, "--json"));
        var edited = Json(await RunAsync("contact", "edit", id, "--in", org, "--title", "Enfermera", "--clear", "birthday", "--json"));
        var removed = await RunAsync("contact", "rm", id, "--in", org);
        var gone = await RunAsync("contact", "show", id, "--in", org);

        Assert.Equal("Ana Núñez", shown.GetProperty("displayName").GetString());
        Assert.Equal("work", shown.GetProperty("emails")[0].GetProperty("label").GetString());
        Assert.Equal("1985-11-02", shown.GetProperty("birthday").GetString());
        Assert.Equal("Enfermera", edited.GetProperty("title").GetString());
        Assert.Equal("", edited.GetProperty("birthday").GetString());
        Assert.Equal("ana@clinica.example", edited.GetProperty("emails")[0].GetProperty("value").GetString());
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("not found", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddWithAMalformedEmailFailsWithTheFieldNamed()
    {
        var org = await fixture.NewOrgAsync();

        var result = await RunAsync("contact", "add", "X", "--in", org, "--email", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("emails[0].value: 'nope' is not an email address", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportThenSearchListAndExportThroughTheCli()
    {
        var org = await fixture.NewOrgAsync();
        var file = Path.Combine(Path.GetTempPath(), $"contacts-{Guid.NewGuid():N}.vcf");
        var exportFile = file + ".out.vcf";
        await File.WriteAllTextAsync(file,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nTEL;TYPE=CELL:+49 171 1234567\r\nEND:VCARD\r\n" +
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\nno colon here\r\nEND:VCARD\r\n" +
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Núñez\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n",
            new UTF8Encoding(true));
        try
        {
            var imported = await RunAsync("contact", "import", file, "--in", org, "--json");
            var found = await RunAsync("contact", "search", "muller", "--in", org, "--json");
            var listed = Json(await RunAsync("contact", "list", "--in", org, "--page-size", "1", "--all", "--json"));
            var table = await RunAsync("contact", "list", "--in", org);
            var exported = await RunAsync("contact", "export", exportFile, "--in", org, "--vcard-version", "3.0", "--json");

            Assert.Equal(1, imported.ExitCode);
            var summary = JsonDocument.Parse(imported.StandardOutput).RootElement;
            Assert.Equal(2, summary.GetProperty("created").GetInt32());
            Assert.Equal(1, summary.GetProperty("failed").GetInt32());
            Assert.Equal(9, summary.GetProperty("errors")[0].GetProperty("line").GetInt32());
            Assert.Equal("Jürgen Müller", Json(found)[0].GetProperty("displayName").GetString());
            Assert.Equal(["Ana Núñez", "Jürgen Müller"], listed.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("displayName").GetString()));
            Assert.Contains("Jürgen Müller", table.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(2, Json(exported).GetProperty("count").GetInt32());
            var vcf = await File.ReadAllTextAsync(exportFile);
            Assert.StartsWith("BEGIN:VCARD\r\nVERSION:3.0\r\n", vcf, StringComparison.Ordinal);
            Assert.Contains("FN:Jürgen Müller\r\n", vcf, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            File.Delete(exportFile);
        }
    }

    [Fact]
    public async Task ImportReadsStandardInputAndExportWritesStandardOutputGivenADash()
    {
        var org = await fixture.NewOrgAsync();
        string[] node = ["--node", fixture.Node.HttpAddress.ToString(), "--data-dir", fixture.Node.DataDirectory];

        var imported = await Cli.RunAsync(
            ["contact", "import", "-", "--in", org, "--json", .. node],
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Núñez\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n");
        var exported = await RunAsync("contact", "export", "-", "--in", org);

        Assert.Equal(1, Json(imported).GetProperty("created").GetInt32());
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.Contains("FN:Ana Núñez\r\n", exported.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportEditAndImportBackIntoTheSameOrgUpdatesContactsAddedWithoutAUid()
    {
        var org = await fixture.NewOrgAsync();
        var file = Path.Combine(Path.GetTempPath(), $"roundtrip-{Guid.NewGuid():N}.vcf");
        try
        {
            var id = Json(await RunAsync("contact", "add", "Ana Núñez", "--in", org, "--email", "ana@example.org", "--json")).GetProperty("id").GetString()!;
            Json(await RunAsync("contact", "export", file, "--in", org, "--json"));
            var vcf = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, vcf.Replace("END:VCARD", "TITLE:Enfermera\r\nEND:VCARD", StringComparison.Ordinal));

            var imported = Json(await RunAsync("contact", "import", file, "--in", org, "--json"));
            var listed = Json(await RunAsync("contact", "list", "--in", org, "--json")).GetProperty("contacts");

            Assert.Equal((0, 1), (imported.GetProperty("created").GetInt32(), imported.GetProperty("updated").GetInt32()));
            var only = Assert.Single(listed.EnumerateArray());
            Assert.Equal((id, "Enfermera"), (only.GetProperty("id").GetString(), only.GetProperty("title").GetString()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheOrgCanBeNamedAndDefaultsToTheNodesDefaultOrg()
    {
        var name = "Named " + Guid.NewGuid().ToString("N")[..6];
        var org = (await fixture.Node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = name })).Id;
        await fixture.Node.Orgs.SetDefaultOrgAsync(new SetDefaultOrgRequest { Id = org });

        var added = Json(await RunAsync("contact", "add", "In Default", "--json"));
        var byName = Json(await RunAsync("contact", "show", added.GetProperty("id").GetString()!, "--in", name, "--json"));
        var unknown = await RunAsync("contact", "list", "--in", "no such org");

        Assert.Equal("In Default", byName.GetProperty("displayName").GetString());
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no org is named 'no such org'", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditWithoutAnyFieldIsAUsageError()
    {
        var result = await RunAsync("contact", "edit", "0123456789abcdef0123456789abcdef");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nothing to change", result.StandardError, StringComparison.Ordinal);
    }
}
