using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Microblog.BrowserTests;

public class SpanishJourneyTests(KestrelAppFactory app, Browser browser, ITestOutputHelper output)
    : IClassFixture<KestrelAppFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_spanish_browser_logs_in_posts_and_follows_its_export_in_spanish()
    {
        var me = await app.CreateUserAsync("lector");
        await app.InsertPostsAsync(me.Id, 50);
        var page = await browser.NewPageAsync(app.RootUri, locale: "es-ES");

        await page.GotoAsync("/auth/login");
        var loginHeading = await page.InnerTextAsync("h1");
        await page.FillAsync("#Input_Username", me.UserName);
        await page.FillAsync("#Input_Password", me.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**/index");
        await page.FillAsync("#Input_Post", "¡Hola desde un navegador en español!");
        await page.ClickAsync("#submit-post");
        await page.WaitForSelectorAsync(".flash");
        var home = OperateBrowserFactory.ScreenshotPath("spanish-home.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = home, FullPage = true });
        output.WriteLine($"screenshot: {home}");

        Assert.Equal("Iniciar sesión", loginHeading);
        Assert.Equal("es", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("¡Tu publicación ya está publicada!", await page.InnerTextAsync(".flash"));
        Assert.Equal(["Inicio", "Explorar", "Tareas"], (await page.Locator(".navbar-nav.me-auto .nav-link").AllInnerTextsAsync()).Select(t => t.Trim()));
        // time.js writes the post's age with the browser's Intl locale: Spanish words, no English "ago" or server UTC.
        var age = await page.InnerTextAsync(".post time");
        Assert.DoesNotContain("UTC", age);
        Assert.DoesNotContain("ago", age);
        Assert.DoesNotContain("now", age);

        await page.GotoAsync($"/user/{me.UserName}");
        await page.ClickAsync("#export_posts");
        await page.WaitForSelectorAsync(".task-alert");
        var description = await page.InnerTextAsync(".task-alert .task-description");
        var flash = await page.InnerTextAsync(".flash");
        await using (app.StartWorker())
            await page.WaitForSelectorAsync(".task-alert[data-state='completed']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var export = OperateBrowserFactory.ScreenshotPath("spanish-export.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = export, FullPage = true });
        output.WriteLine($"screenshot: {export}");

        Assert.Equal("Exportando publicaciones...", description);
        Assert.Equal("Exportando tus publicaciones; el archivo llegará por correo electrónico.", flash);
        Assert.Equal("Completada: revisa tu correo electrónico", await page.InnerTextAsync(".task-alert .task-result"));
        var mail = await MailDev.WaitForMailAsync(me.Email, m => m.Subject == "[Microblog] Tus publicaciones", TimeSpan.FromSeconds(30));
        Assert.Contains($"Hola, {me.UserName}:", mail.TextBody);
    }
}
