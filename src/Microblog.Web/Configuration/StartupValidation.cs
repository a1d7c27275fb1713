using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Configuration;

/// <summary>
/// Runs the options checks registered with <c>ValidateOnStart</c> now. The host runs them when the web app starts;
/// <c>worker</c>, <c>seed</c> and <c>admin</c> never start the host, so without this a bad setting would only
/// surface at the first job that reads it.
/// </summary>
public static partial class StartupValidation
{
    /// <exception cref="ConfigurationException">A setting failed its check or could not be read; the message is one line.</exception>
    public static void ValidateSettings(this IServiceProvider services, IConfiguration config)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new ConfigurationException($"Invalid settings: {string.Join(" ", e.Failures)}");
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            // Distinct: options whose setup reads other options (Tasks reads Export) fail with the same words again.
            throw new ConfigurationException(
                $"Invalid settings: {string.Join(" ", e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures).Distinct())}");
        }
        catch (InvalidOperationException e) when (BinderFailure().Match(e.Message) is { Success: true } m)
        {
            // The configuration binder's "Failed to convert configuration value 'x' at 'Section:Key' to type 'System.Int64'."
            var type = m.Groups["type"].Value.Replace("System.", "");
            throw new ConfigurationException(
                $"Malformed setting {HerokuVariables.SourceOf(config, m.Groups["key"].Value)}: '{m.Groups["value"].Value}' is not a valid {type}.");
        }
    }

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BinderFailure();
}
