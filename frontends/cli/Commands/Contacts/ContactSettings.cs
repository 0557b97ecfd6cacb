using System.ComponentModel;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>Options every contact command has: which org.</summary>
internal class ContactOrgSettings : NodeSettings
{
    [CommandOption("--in <ORG>")]
    [Description("The org (id or name). Default: the node's default org.")]
    public string? In { get; init; }
}

/// <summary>The fields <c>contact add</c> and <c>contact edit</c> take.</summary>
internal class ContactFieldSettings : ContactOrgSettings
{
    [CommandOption("--given <NAME>")]
    [Description("Given name.")]
    public string? Given { get; init; }

    [CommandOption("--family <NAME>")]
    [Description("Family name.")]
    public string? Family { get; init; }

    [CommandOption("--email <EMAIL>")]
    [Description("An email, optionally labeled: work=ana@example.org. Repeat for several.")]
    public string[]? Emails { get; init; }

    [CommandOption("--phone <PHONE>")]
    [Description("A phone number, optionally labeled: cell=+34 600 000 000. Repeat for several.")]
    public string[]? Phones { get; init; }

    [CommandOption("--org <ORGANIZATION>")]
    [Description("Organization (company) the contact works for.")]
    public string? Organization { get; init; }

    [CommandOption("--title <TITLE>")]
    [Description("Job title.")]
    public string? Title { get; init; }

    [CommandOption("--birthday <DATE>")]
    [Description("Birthday: yyyy-MM-dd, or --MM-dd without a year.")]
    public string? Birthday { get; init; }

    [CommandOption("--note <TEXT>")]
    [Description("A note.")]
    public string? Note { get; init; }

    [CommandOption("--tag <TAG>")]
    [Description("A tag. Repeat for several.")]
    public string[]? Tags { get; init; }
}

internal sealed class ContactAddSettings : ContactFieldSettings
{
    [CommandArgument(0, "[display-name]")]
    [Description("The name to show. Default: given and family name.")]
    public string? DisplayName { get; init; }
}

internal sealed class ContactEditSettings : ContactFieldSettings
{
    [CommandArgument(0, "<id>")]
    [Description("The contact's id.")]
    public string Id { get; init; } = "";

    [CommandOption("--name <NAME>")]
    [Description("New display name.")]
    public string? DisplayName { get; init; }

    [CommandOption("--clear <FIELD>")]
    [Description("Clear a field (display_name, given_name, family_name, emails, phones, organization, title, addresses, birthday, note, tags). Repeat for several.")]
    public string[]? Clear { get; init; }
}

internal sealed class ContactIdSettings : ContactOrgSettings
{
    [CommandArgument(0, "<id>")]
    [Description("The contact's id.")]
    public string Id { get; init; } = "";
}

internal sealed class ContactListSettings : ContactOrgSettings
{
    [CommandOption("--page-size <N>")]
    [Description("Contacts per page (1 to 1000). Default: 50.")]
    public int PageSize { get; init; }

    [CommandOption("--page-token <TOKEN>")]
    [Description("The next-page token a previous list printed.")]
    public string? PageToken { get; init; }

    [CommandOption("--sort <ORDER>")]
    [Description("name (default), family, created or updated.")]
    public string? Sort { get; init; }

    [CommandOption("--desc")]
    [Description("Sort in descending order.")]
    public bool Descending { get; init; }

    [CommandOption("--all")]
    [Description("Fetch every page.")]
    public bool All { get; init; }
}

internal sealed class ContactSearchSettings : ContactOrgSettings
{
    [CommandArgument(0, "<query>")]
    [Description("Words to find in names, emails, phones, organizations and tags (case and accents ignored).")]
    public string[] Query { get; init; } = [];

    [CommandOption("--limit <N>")]
    [Description("At most this many results (1 to 1000). Default: 50.")]
    public int Limit { get; init; }
}

internal sealed class ContactImportSettings : ContactOrgSettings
{
    [CommandArgument(0, "<file>")]
    [Description("The .vcf file (vCard 2.1, 3.0 or 4.0).")]
    public string File { get; init; } = "";
}

internal sealed class ContactExportSettings : ContactOrgSettings
{
    [CommandArgument(0, "[file]")]
    [Description("Where to write the .vcf. Default: standard output.")]
    public string? File { get; init; }

    [CommandOption("--vcard-version <VERSION>")]
    [Description("4.0 (default) or 3.0 (for older phones).")]
    public string? Version { get; init; }

    [CommandOption("--id <ID>")]
    [Description("Export only this contact. Repeat for several. Default: all.")]
    public string[]? Ids { get; init; }
}
