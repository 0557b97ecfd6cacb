using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace P2PClinic.Contacts.Tests.Node;

/// <summary>The HTTP/JSON routes of contacts.proto's annotations, as a browser or curl uses them.</summary>
public sealed class ContactJsonRouteTests(ContactNodeFixture fixture) : IClassFixture<ContactNodeFixture>
{
    [Fact]
    public async Task PostCreatesAndGetReadsAContactAsJson()
    {
        var org = await fixture.NewOrgAsync();
        using var http = fixture.Node.CreateHttpClient();

        using var created = await http.PostAsJsonAsync("/v1/contacts", new { orgId = org, contact = new { displayName = "Marie Curie", emails = new[] { new { label = "work", value = "marie@sorbonne.example" } } } });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using var got = await http.GetAsync(new Uri($"/v1/contacts/{id}?orgId={org}", UriKind.Relative));
        using var search = await http.GetAsync(new Uri($"/v1/contacts:search?orgId={org}&query=curie", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        var contact = JsonDocument.Parse(await got.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Marie Curie", contact.GetProperty("displayName").GetString());
        Assert.Equal("marie@sorbonne.example", contact.GetProperty("emails")[0].GetProperty("value").GetString());
        Assert.Equal(id, JsonDocument.Parse(await search.Content.ReadAsStringAsync()).RootElement.GetProperty("contacts")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task AnInvalidFieldIsHttp400NamingTheField()
    {
        var org = await fixture.NewOrgAsync();
        using var http = fixture.Node.CreateHttpClient();

        using var response = await http.PostAsJsonAsync("/v1/contacts", new { orgId = org, contact = new { displayName = "X", emails = new[] { new { value = "nope" } } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("emails[0].value", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
