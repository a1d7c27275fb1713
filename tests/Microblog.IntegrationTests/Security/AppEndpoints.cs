using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.IntegrationTests.Security;

/// <summary>
/// One way into the app: a route, a method and, for a Razor page, a named handler, with the query and form names
/// it binds. Read from the app's own endpoint data source, so an endpoint added later is tested without edits.
/// </summary>
public sealed partial record AppEndpoint(
    string Pattern, string Method, string? Handler, IReadOnlyList<string> QueryNames, IReadOnlyList<string> FormFields, bool IgnoresAntiforgery)
{
    public bool ChangesState => Method != HttpMethods.Get;

    public IEnumerable<string> RouteParameters => RouteParameter().Matches(Pattern).Select(m => m.Groups[1].Value);

    /// <summary>The URL with each route parameter replaced by <paramref name="value"/>(name), and the handler selected.</summary>
    public string Url(Func<string, string> value)
    {
        var path = RouteParameter().Replace(Pattern, m => Uri.EscapeDataString(value(m.Groups[1].Value)));
        return Handler is null ? path : $"{path}?handler={Handler}";
    }

    public override string ToString() => $"{Method} {Pattern}{(Handler is null ? "" : $"?handler={Handler}")}";

    [GeneratedRegex(@"\{([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}

public static class AppEndpoints
{
    public static async Task<IReadOnlyList<AppEndpoint>> ListAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var result = new List<AppEndpoint>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var ignoresAntiforgery = compiled.ModelTypeInfo?.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null;
                var getBound = compiled.BoundProperties.Where(IsGetBound).Select(p => p.BindingInfo?.BinderModelName ?? p.Name).ToList();
                foreach (var handler in compiled.HandlerMethods)
                {
                    var parameters = handler.Parameters.Select(p => p.BindingInfo?.BinderModelName ?? p.Name)
                        .Where(n => !pattern.Contains("{" + n, StringComparison.OrdinalIgnoreCase)).ToList();
                    var method = handler.HttpMethod.ToUpperInvariant();
                    result.Add(new AppEndpoint(pattern, method, handler.Name,
                        method == HttpMethods.Get ? [.. parameters, .. getBound] : parameters,
                        method == HttpMethods.Get ? [] : [.. parameters, .. FormFields(compiled)],
                        ignoresAntiforgery));
                }
            }
            else
            {
                foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                    result.Add(new AppEndpoint(pattern, method, null, [], [], false));
            }
        }
        return result.DistinctBy(e => e.ToString()).ToList();
    }

    private static bool IsGetBound(Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor p) =>
        p is PageBoundPropertyDescriptor { Property: var info } && info.GetCustomAttribute<BindPropertyAttribute>()?.SupportsGet == true;

    /// <summary>The form names a POST binds: <c>Input.Email</c> for a nested input model, <c>next</c> for a plain property.</summary>
    private static IEnumerable<string> FormFields(CompiledPageActionDescriptor page)
    {
        foreach (var property in page.BoundProperties.OfType<PageBoundPropertyDescriptor>())
        {
            var name = property.BindingInfo?.BinderModelName ?? property.Name;
            var type = property.ParameterType;
            if (type.IsClass && type != typeof(string))
                foreach (var inner in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                    yield return $"{name}.{inner.Name}";
            else
                yield return name;
        }
    }
}
