namespace Microblog.Web.Configuration;

/// <summary>A missing or malformed setting. Program prints <see cref="Exception.Message"/> alone (one line, no stack trace) and exits.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
