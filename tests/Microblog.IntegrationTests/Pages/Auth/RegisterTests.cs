using System.Net;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages.Auth;

public class RegisterTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Register_with_a_taken_username_rerenders_with_a_message()
    {
        var existing = await app.CreateUserAsync();
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/register", new()
        {
            ["Input.Username"] = existing.UserName, ["Input.Email"] = $"{AppFactory.Unique()}@example.test",
            ["Input.Password"] = AppFactory.Password, ["Input.Password2"] = AppFactory.Password,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Please use a different username.", await response.Content.ReadAsStringAsync());
    }
}
