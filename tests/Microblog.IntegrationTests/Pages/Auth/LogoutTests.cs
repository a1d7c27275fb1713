using System.Net;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages.Auth;

public class LogoutTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Logout_by_GET_does_nothing_and_by_POST_signs_out()
    {
        var (client, _) = await app.CreateClientAsync();

        var get = await client.GetAsync("/auth/logout");
        var stillIn = await client.GetAsync("/index");
        var post = await AppFactory.PostFormAsync(client, "/auth/logout", new(), formPage: "/index");
        var afterPost = await client.GetAsync("/index");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterPost.StatusCode);
    }
}
