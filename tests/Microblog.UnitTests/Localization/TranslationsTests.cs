using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microblog.Tasks.Jobs;
using Microblog.Web;

namespace Microblog.UnitTests.Localization;

/// <summary>
/// The English resources name every string the code asks for, and each language has every one of them with the
/// same placeholders: a string added without its translation fails here, not in front of a Spanish reader.
/// </summary>
public partial class TranslationsTests
{
    public static TheoryData<string, string> Languages()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in ResourceSets.Keys)
            foreach (var culture in TaskCulture.Supported.Skip(1))
                data.Add(set, culture);
        return data;
    }

    private static readonly Dictionary<string, ResourceManager> ResourceSets = new()
    {
        ["web"] = new ResourceManager("Microblog.Web.Resources.SharedResource", typeof(SharedResource).Assembly),
        ["tasks"] = TaskText.Resources,
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_english_string_has_a_translation_with_the_same_placeholders(string set, string culture)
    {
        var english = Strings(ResourceSets[set], CultureInfo.InvariantCulture);
        var translated = Strings(ResourceSets[set], CultureInfo.GetCultureInfo(culture));

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(translated.Keys));
        Assert.Empty(translated.Keys.Except(english.Keys));
        Assert.All(english, e => Assert.Equal(e.Key, e.Value));
        Assert.All(translated, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"'{t.Key}' has an empty translation"));
        Assert.All(translated, t => Assert.Equal(Placeholders(t.Key), Placeholders(t.Value)));
    }

    [Fact]
    public void Every_literal_string_the_code_localizes_is_in_the_english_resources()
    {
        var root = FindRoot();
        var web = Strings(ResourceSets["web"], CultureInfo.InvariantCulture);
        var tasks = Strings(ResourceSets["tasks"], CultureInfo.InvariantCulture);

        var webKeys = Literals(Path.Combine(root, "src", "Microblog.Web"), WebLiteral()).ToList();
        var taskKeys = Literals(Path.Combine(root, "src", "Microblog.Tasks"), TaskLiteral()).ToList();

        Assert.Contains("Your post is now live!", webKeys);
        Assert.Contains("Please write something.", webKeys);
        Assert.Contains("Exported {0:N0} of {1:N0} posts…", taskKeys);
        Assert.Empty(webKeys.Except(web.Keys));
        Assert.Empty(taskKeys.Except(tasks.Keys));
    }

    [Fact]
    public async Task Spanish_task_words_write_numbers_the_spanish_way_and_put_adjectives_last()
    {
        var (progress, status) = await Task.Run(() =>
        {
            TaskCulture.Use("es");
            return (TaskText.Format("Exported {0:N0} of {1:N0} posts…", 1000, 25000), LongTask.Steps(new Random(3)).First().Status);
        });

        Assert.Equal("Exportadas 1.000 de 25.000 publicaciones…", progress);
        Assert.Matches("^(Arrancando|Iniciando|Reparando|Cargando|Comprobando) .+ (principal|radiante|silente|resonante|veloz)\\.\\.\\.$", status);
    }

    [Theory]
    [InlineData("es-MX", "es")]
    [InlineData("es", "es")]
    [InlineData("en-GB", "en")]
    [InlineData("fr-FR", "en")]
    [InlineData("", "en")]
    public void A_culture_is_served_in_its_nearest_supported_language(string culture, string expected) =>
        Assert.Equal(expected, TaskCulture.Nearest(CultureInfo.GetCultureInfo(culture)));

    private static Dictionary<string, string> Strings(ResourceManager resources, CultureInfo culture)
    {
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
                  ?? throw new InvalidOperationException($"no {culture.Name} resources for {resources.BaseName}");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private static IEnumerable<string> Literals(string folder, Regex pattern) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".cshtml")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups["text"].Value.Replace("\\\"", "\"")))
            .Distinct();

    private static string[] Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal).ToArray();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Microblog.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Microblog.sln not found above the test binaries");
    }

    // Localizer indexers (L, H in views; text, Text in page models), validation messages and display names.
    [GeneratedRegex("""(?:\b(?:L|H|text|Text)|Text\([^)]*\))\["(?<text>(?:[^"\\]|\\.)+)"|ErrorMessage = "(?<text>[^"]+)"|\[Display\(Name = "(?<text>[^"]+)"\)\]""")]
    private static partial Regex WebLiteral();

    [GeneratedRegex(@"TaskText\.(?:Get|Format)\(""(?<text>(?:[^""\\]|\\.)+)""")]
    private static partial Regex TaskLiteral();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();
}
