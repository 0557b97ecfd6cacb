using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Commands.Contacts;
using P2PClinic.Cli.Internal;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands;

/// <summary>
/// <c>p2pclinic contact ...</c>: the contacts of an org (served by the contacts plugin). Contacts are named by
/// their id; <c>--in</c> picks the org by id or name, the node's default org otherwise.
/// </summary>
internal static class ContactCommands
{
    public static void AddContactCommands(this IConfigurator config) =>
        config.AddBranch("contact", contact =>
        {
            contact.SetDescription("The contacts of an org: add, list, search, edit, import and export vCards.");
            contact.AddCommand<AddCommand>("add").WithDescription("Add a contact.")
                .WithExample("contact", "add", "Ana Núñez", "--email", "work=ana@example.org", "--phone", "cell=+34 600 000 000");
            contact.AddCommand<ListCommand>("list").WithDescription("List contacts, a page at a time.").WithExample("contact", "list", "--sort", "family");
            contact.AddCommand<ShowCommand>("show").WithDescription("Show one contact.");
            contact.AddCommand<EditCommand>("edit").WithDescription("Change the fields given (others keep their value).")
                .WithExample("contact", "edit", "$CONTACT_ID", "--title", "Head nurse", "--clear", "note");
            contact.AddCommand<RemoveCommand>("rm").WithDescription("Delete a contact.");
            contact.AddCommand<SearchCommand>("search").WithDescription("Find contacts by name, email, phone, organization or tag.").WithExample("contact", "search", "muller");
            contact.AddCommand<ImportCommand>("import").WithDescription("Import a .vcf file; refused cards are listed with their line.").WithExample("contact", "import", "contacts.vcf");
            contact.AddCommand<ExportCommand>("export").WithDescription("Export contacts as a .vcf file.").WithExample("contact", "export", "contacts.vcf", "--vcard-version", "3.0");
        });

    internal sealed class AddCommand : NodeCommand<ContactAddSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ContactAddSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var contact = ContactInput.Fields(settings, out _);
            contact.DisplayName = settings.DisplayName ?? "";
            var created = await Client(call).CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = contact }, call.Options);
            return ContactPrinter.Print(call, created, "Added");
        }
    }

    internal sealed class ListCommand : NodeCommand<ContactListSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ContactListSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var request = new ListContactsRequest
            {
                OrgId = org,
                PageSize = settings.PageSize,
                PageToken = settings.PageToken ?? "",
                Sort = ContactInput.Sort(settings.Sort),
                Descending = settings.Descending,
            };
            var contacts = new List<Contact>();
            ListContactsResponse page;
            do
            {
                page = await Client(call).ListContactsAsync(request, call.Options);
                contacts.AddRange(page.Contacts);
                request.PageToken = page.NextPageToken;
            }
            while (settings.All && page.NextPageToken.Length > 0);

            var next = settings.All ? "" : page.NextPageToken;
            if (call.Json)
            {
                call.Output.WriteJson(new ContactPageView([.. contacts.Select(ContactView.From)], next, page.TotalSize), ContactJson.Default.ContactPageView);
                return ExitCodes.Ok;
            }

            ContactPrinter.Table(call, contacts, page.TotalSize == 0 ? "No contacts yet. Add one with: p2pclinic contact add <name>" : null);
            if (next.Length > 0)
            {
                call.Output.WriteLine($"{contacts.Count} of {page.TotalSize} shown. Next page: --page-token {next}");
            }

            return ExitCodes.Ok;
        }
    }

    internal sealed class ShowCommand : NodeCommand<ContactIdSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ContactIdSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var contact = await Client(call).GetContactAsync(new GetContactRequest { OrgId = org, Id = settings.Id }, call.Options);
            return ContactPrinter.Print(call, contact, null);
        }
    }

    internal sealed class EditCommand : NodeCommand<ContactEditSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ContactEditSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var contact = ContactInput.Fields(settings, out var paths);
            contact.Id = settings.Id;
            if (settings.DisplayName is { } name)
            {
                contact.DisplayName = name;
                paths.Add("display_name");
            }

            paths.AddRange(settings.Clear ?? []);
            if (paths.Count == 0)
            {
                throw new CliException("nothing to change: give at least one field option (e.g. --note, --email) or --clear <field>", ExitCodes.Usage);
            }

            var mask = new FieldMask();
            mask.Paths.AddRange(paths.Distinct(StringComparer.Ordinal));
            var updated = await Client(call).UpdateContactAsync(new UpdateContactRequest { OrgId = org, Contact = contact, UpdateMask = mask }, call.Options);
            return ContactPrinter.Print(call, updated, "Updated");
        }
    }

    internal sealed class RemoveCommand : NodeCommand<ContactIdSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ContactIdSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var contact = await Client(call).GetContactAsync(new GetContactRequest { OrgId = org, Id = settings.Id }, call.Options);
            await Client(call).DeleteContactAsync(new DeleteContactRequest { OrgId = org, Id = settings.Id }, call.Options);
            return ContactPrinter.Print(call, contact, "Deleted");
        }
    }

    internal sealed class SearchCommand : NodeCommand<ContactSearchSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ContactSearchSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var found = await Client(call).SearchContactsAsync(
                new SearchContactsRequest { OrgId = org, Query = string.Join(' ', settings.Query), Limit = settings.Limit },
                call.Options);
            if (call.Json)
            {
                call.Output.WriteJson<IReadOnlyList<ContactView>>([.. found.Contacts.Select(ContactView.From)], ContactJson.Default.IReadOnlyListContactView);
                return ExitCodes.Ok;
            }

            ContactPrinter.Table(call, found.Contacts, "No contact matches.");
            return ExitCodes.Ok;
        }
    }

    internal sealed class ImportCommand : NodeCommand<ContactImportSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ContactImportSettings settings)
        {
            var vcf = await StandardStreamArgument.ReadAllBytesAsync(settings.File, call.CancellationToken);
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            return await ContactImportRun.RunAsync(call, Client(call), org, vcf);
        }
    }

    internal sealed class ExportCommand : NodeCommand<ContactExportSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ContactExportSettings settings)
        {
            var version = settings.Version switch
            {
                null or "4.0" or "4" => VCardVersion._40,
                "3.0" or "3" => VCardVersion._30,
                var other => throw new CliException($"--vcard-version must be 4.0 or 3.0, not '{other}'", ExitCodes.Usage),
            };
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var request = new ExportContactsRequest { OrgId = org, Version = version };
            request.Ids.AddRange(settings.Ids ?? []);
            var count = await ExportRun.RunAsync(
                call,
                settings.File,
                "Exporting cards",
                options => Client(call).ExportContactsStream(request, options),
                chunk => new ExportRun.Piece(chunk.Vcard.Memory, chunk.Exported, chunk.Total));
            if (settings.File is null or StandardStreamArgument.Marker)
            {
                // The .vcf itself is the output: --json would only wrap it.
                return ExitCodes.Ok;
            }

            if (call.Json)
            {
                call.Output.WriteJson(new ExportResultView(count, Path.GetFullPath(settings.File)), ContactJson.Default.ExportResultView);
            }
            else
            {
                call.Output.WriteLine($"Exported {count} contact(s) to {settings.File}.");
            }

            return ExitCodes.Ok;
        }
    }

    private static ContactService.ContactServiceClient Client(NodeCall call) => new(call.Channel);
}
