using System.Net;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Endpoints;

public class AvatarEndpointsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Placeholder_is_an_svg_with_the_names_initial()
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await client.GetAsync("/avatar/susan.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(">S</text>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Markup_in_the_name_is_escaped()
    {
        var (client, _) = await app.CreateClientAsync();

        var svg = await client.GetStringAsync("/avatar/%3C%26b.svg");

        Assert.Contains(">B</text>", svg);
        Assert.DoesNotContain("<&", svg);
    }

    [Fact]
    public async Task Pages_give_every_avatar_the_placeholder_as_fallback()
    {
        var (client, me) = await app.CreateClientAsync();

        var page = await client.GetStringAsync($"/user/{me.UserName}");

        Assert.Contains($"data-fallback=\"/avatar/{me.UserName}.svg\"", page);
    }

    [Fact]
    public async Task Favicon_is_served()
    {
        var response = await app.NewClient().GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
    }
}
