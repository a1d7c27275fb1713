using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;

namespace Microblog.IntegrationTests.Security;

/// <summary>
/// Every endpoint the app maps, enumerated from its endpoint data source: each must be classified here (a new one
/// fails until it is), each state change refuses a request without an antiforgery token, and each keeps its
/// authorization rule against anonymous visitors and, for the dashboard, signed-in non-admins.
/// </summary>
public class EndpointSecurityTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    private enum Rule { Anyone, User, Admin }

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["/auth/login"] = Rule.Anyone,
        ["/auth/register"] = Rule.Anyone,
        ["/auth/logout"] = Rule.Anyone,
        ["/auth/reset_password_request"] = Rule.Anyone,
        ["/auth/reset_password/{token}"] = Rule.Anyone,
        ["/error/{code:int}"] = Rule.Anyone,
        ["/healthz"] = Rule.Anyone,
        ["/readyz"] = Rule.Anyone,
        ["/"] = Rule.User,
        ["/index"] = Rule.User,
        ["/explore"] = Rule.User,
        ["/user/{username}"] = Rule.User,
        ["/edit_profile"] = Rule.User,
        ["/follow/{username}"] = Rule.User,
        ["/unfollow/{username}"] = Rule.User,
        ["/send_message/{recipient}"] = Rule.User,
        ["/messages"] = Rule.User,
        ["/notifications"] = Rule.User,
        ["/export_posts"] = Rule.User,
        ["/tasks"] = Rule.User,
        ["/long_tasks"] = Rule.User,
        ["/send_test_email"] = Rule.User,
        ["/api/tasks/long_task"] = Rule.User,
        ["/api/tasks/{id}"] = Rule.User,
        ["/search"] = Rule.User,
        ["/user/{username}/popup"] = Rule.User,
        ["/avatar/{username}.svg"] = Rule.User,
        ["/archives/{token}"] = Rule.User,
        ["/admin/jobs"] = Rule.Admin,
        ["/admin/jobs/{id}"] = Rule.Admin,
        ["/admin/failures"] = Rule.Admin,
        ["/admin/stats/seconds"] = Rule.Admin,
        ["/admin/stats/hours"] = Rule.Admin,
    };

    /// <summary>The error page is re-executed for failed POSTs too, so it cannot demand their token; it changes nothing.</summary>
    private static readonly HashSet<string> WithoutAntiforgery = ["/error/{code:int}"];

    private async Task<(IReadOnlyList<AppEndpoint> Endpoints, string UserName)> ArrangeAsync()
    {
        _ = app.Server;
        var target = await app.CreateUserAsync("target");
        return (await AppEndpoints.ListAsync(app.Services), target.UserName);
    }

    private static string Value(string parameter, string userName) => parameter switch
    {
        "username" or "recipient" => userName,
        "code" => "404",
        _ => Guid.NewGuid().ToString(),
    };

    [Fact]
    public async Task Every_endpoint_has_a_known_authorization_rule()
    {
        var (endpoints, _) = await ArrangeAsync();

        var unclassified = endpoints.Select(e => e.Pattern).Distinct().Where(p => !Rules.ContainsKey(p)).ToList();

        Assert.True(endpoints.Count > 20, $"only {endpoints.Count} endpoints found");
        Assert.True(unclassified.Count == 0, $"classify these endpoints in {nameof(Rules)}: {string.Join(", ", unclassified)}");
    }

    [Fact]
    public async Task Every_state_change_refuses_a_request_without_an_antiforgery_token()
    {
        var (endpoints, userName) = await ArrangeAsync();
        var admin = await app.LoginAsync(await app.AdminAsync());
        var accepted = new List<string>();

        foreach (var endpoint in endpoints.Where(e => e.ChangesState && !WithoutAntiforgery.Contains(e.Pattern)).OrderBy(e => e.Pattern == "/auth/logout"))
        {
            var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(p => Value(p, userName)))
            {
                Content = new FormUrlEncodedContent(endpoint.FormFields.ToDictionary(f => f, _ => "x")),
            });
            if (response.StatusCode != HttpStatusCode.BadRequest)
                accepted.Add($"{endpoint} answered {(int)response.StatusCode}");
        }

        Assert.True(accepted.Count == 0, string.Join("\n", accepted));
    }

    [Fact]
    public async Task Every_endpoint_keeps_its_authorization_rule()
    {
        var (endpoints, userName) = await ArrangeAsync();
        var anonymous = app.NewClient();
        var anonymousToken = AppFactory.AntiforgeryTokenIn(await anonymous.GetStringAsync("/auth/login"))!;
        var user = await app.LoginAsync(await app.CreateUserAsync());
        var userToken = AppFactory.AntiforgeryTokenIn(await user.GetStringAsync("/tasks"))!;
        var broken = new List<string>();

        foreach (var endpoint in endpoints.Where(e => Rules.GetValueOrDefault(e.Pattern) != Rule.Anyone))
        {
            var asAnonymous = await anonymous.SendAsync(Request(endpoint, userName, anonymousToken));
            if (!IsRefusedToAnonymous(asAnonymous))
                broken.Add($"{endpoint} answered {(int)asAnonymous.StatusCode} to an anonymous visitor");
            if (Rules[endpoint.Pattern] == Rule.Admin)
            {
                var asUser = await user.SendAsync(Request(endpoint, userName, userToken));
                if (asUser.StatusCode != HttpStatusCode.Forbidden)
                    broken.Add($"{endpoint} answered {(int)asUser.StatusCode} to a signed-in non-admin");
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public async Task Script_endpoints_tell_anonymous_callers_one_sentence_in_their_language()
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es");

        var answers = new List<(HttpStatusCode, string?, string)>();
        foreach (var url in new[] { $"/api/tasks/{Guid.NewGuid()}", "/admin/stats/seconds", "/notifications?since=0" })
        {
            var response = await client.GetAsync(url);
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
        }

        var expected = (HttpStatusCode.Unauthorized, "application/json", "{\"error\":\"No has iniciado sesión; inicia sesión e inténtalo de nuevo.\"}");
        Assert.All(answers, answer => Assert.Equal(expected, answer));
    }

    /// <summary>A request that passes antiforgery, so only authorization can stop it.</summary>
    private static HttpRequestMessage Request(AppEndpoint endpoint, string userName, string token)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(p => Value(p, userName)));
        if (endpoint.ChangesState)
        {
            request.Headers.Add("RequestVerificationToken", token);
            request.Content = new FormUrlEncodedContent(endpoint.FormFields.Append("__RequestVerificationToken").ToDictionary(f => f, f => f == "__RequestVerificationToken" ? token : "x"));
        }
        return request;
    }

    /// <summary>Pages send anonymous visitors to the login page; script endpoints answer 401 JSON.</summary>
    private static bool IsRefusedToAnonymous(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/auth/login?next=") == true);
}
