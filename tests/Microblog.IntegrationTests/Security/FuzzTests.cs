using System.Net;
using System.Text;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;

namespace Microblog.IntegrationTests.Security;

/// <summary>
/// Odd values (huge, negative, non-numeric, empty, unicode, markup, a 10 MB body: a form for pages, JSON for
/// endpoints without form fields) in every route parameter, query parameter and form field of every endpoint, as a signed-in admin so that authorization lets them all through:
/// nothing may answer 5xx.
/// </summary>
public class FuzzTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    private static readonly string[] OddValues =
    [
        "", " ", "-1", "85899347", "2147483648", "99999999999999999999999", "1e309", "abc",
        "ü🙂\u200b", "%00", "<script>alert(1)</script>", new string('x', 5000),
    ];

    /// <summary>Query names read without model binding (so not discovered), e.g. /notifications?since=&amp;wait=.</summary>
    private static readonly string[] CommonQueryNames = ["page", "since", "wait"];

    [Fact]
    public async Task No_odd_value_anywhere_gets_a_5xx()
    {
        _ = app.Server;
        var endpoints = await AppEndpoints.ListAsync(app.Services);
        var admin = await app.LoginAsync(await app.AdminAsync());
        var token = AppFactory.AntiforgeryTokenIn(await admin.GetStringAsync("/tasks"))!;
        var failures = new List<string>();

        // Signing out ends the session the rest needs, so it goes last.
        foreach (var endpoint in endpoints.OrderBy(e => e.Pattern == "/auth/logout"))
        {
            foreach (var request in Requests(endpoint, token))
            {
                var description = $"{request.Method} {Shorten(request.RequestUri!.ToString())} ({request.Content?.Headers.ContentLength ?? 0} bytes)";
                try
                {
                    var response = await admin.SendAsync(request);
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{description} answered {(int)response.StatusCode}");
                }
                catch (Exception e)
                {
                    // The test server hands on what the error page itself could not handle.
                    failures.Add($"{description} threw {e.GetType().Name}: {e.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} requests answered 5xx:\n{string.Join("\n", failures.Take(50))}");
    }

    private static string Shorten(string url) => url.Length > 120 ? url[..120] + "..." : url;

    private static IEnumerable<HttpRequestMessage> Requests(AppEndpoint endpoint, string token)
    {
        var method = new HttpMethod(endpoint.Method);
        var form = endpoint.FormFields.ToDictionary(f => f, _ => "x");
        HttpRequestMessage Make(string url, Dictionary<string, string>? fields = null, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, url);
            if (endpoint.ChangesState)
            {
                request.Headers.Add("RequestVerificationToken", token);
                request.Content = content ?? new FormUrlEncodedContent(new Dictionary<string, string>(fields ?? form) { ["__RequestVerificationToken"] = token });
            }
            return request;
        }

        var plain = endpoint.Url(_ => "1");
        var separator = plain.Contains('?') ? '&' : '?';
        foreach (var value in OddValues)
        {
            foreach (var parameter in endpoint.RouteParameters)
                yield return Make(endpoint.Url(p => p == parameter ? value : "1"));
            foreach (var name in endpoint.QueryNames.Concat(CommonQueryNames).Distinct())
                yield return Make($"{plain}{separator}{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
            foreach (var field in endpoint.FormFields)
                yield return Make(plain, new Dictionary<string, string>(form) { [field] = value });
        }
        if (endpoint.ChangesState)
        {
            var huge = new string('a', 10 * 1024 * 1024);
            yield return endpoint.FormFields.Count > 0
                ? Make(plain, new Dictionary<string, string>(form) { [endpoint.FormFields[0]] = huge })
                : Make(plain, content: new StringContent("{\"x\":\"" + huge + "\"}", Encoding.UTF8, "application/json"));
        }
    }
}
