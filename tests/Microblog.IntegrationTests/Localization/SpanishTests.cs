using System.Net;
using System.Text.Json;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Pages;
using Microblog.Tasks.Jobs;

namespace Microblog.IntegrationTests.Localization;

/// <summary>
/// A request whose Accept-Language asks for Spanish gets Spanish pages, flashes, validation and Identity errors, and
/// the tasks it launches write Spanish words and mails from the worker; a request that asks for nothing stays English.
/// </summary>
public class SpanishTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Spanish = "es-ES,es;q=0.9,en;q=0.5";

    [Fact]
    public async Task Login_page_is_spanish_when_the_browser_asks_for_it_and_english_otherwise()
    {
        var response = await InSpanish(app.NewClient()).GetAsync("/auth/login");
        var spanish = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var english = await PageAsync(app.NewClient(), "/auth/login");

        Assert.Contains("Accept-Language", response.Headers.Vary);
        Assert.Contains("<html lang=\"es\">", spanish);
        Assert.Contains("<h1>Iniciar sesión</h1>", spanish);
        Assert.Contains("Nombre de usuario", spanish);
        Assert.Contains("¿Usuario nuevo?", spanish);
        Assert.DoesNotContain("Sign In", spanish);
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("<h1>Sign In</h1>", english);
        Assert.DoesNotContain("Iniciar sesión", english);
    }

    [Fact]
    public async Task Home_page_flash_and_validation_message_are_spanish()
    {
        var (client, me) = await app.CreateClientAsync();
        InSpanish(client);

        var home = await PageAsync(client, "/index");
        var empty = await AppFactory.PostFormAsync(client, "/index", new() { ["Input.Post"] = "" });
        var posted = await AppFactory.PostFormAsync(client, "/index", new() { ["Input.Post"] = "hola" });
        var afterPost = await PageAsync(client, "/index");

        Assert.Contains($"¡Hola, {me.UserName}!", home);
        Assert.Contains(">Inicio</a>", home);
        Assert.Contains("Di algo", home);
        Assert.Contains("Escribe algo, por favor.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("¡Tu publicación ya está publicada!", afterPost);
        Assert.Contains(">dijo <time", afterPost);
    }

    [Fact]
    public async Task Identity_error_and_error_page_are_spanish()
    {
        var client = InSpanish(app.NewClient());
        var name = AppFactory.Unique();

        var shortPassword = await AppFactory.PostFormAsync(client, "/auth/register", new()
        {
            ["Input.Username"] = name, ["Input.Email"] = $"{name}@example.test", ["Input.Password"] = "short", ["Input.Password2"] = "short",
        });
        var missing = await client.GetAsync("/no/such/page");

        Assert.Contains("Las contraseñas deben tener al menos 8 caracteres.", WebUtility.HtmlDecode(await shortPassword.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Archivo no encontrado", WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Export_started_in_spanish_mails_spanish_and_ends_in_spanish_in_the_feed()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, 3);
        InSpanish(client);

        await client.ExportAsync(me);
        var flash = await PageAsync(client, $"/user/{me.UserName}");
        var task = await app.SingleTaskAsync(me);
        await app.RunWorkerUntilIdleAsync();

        Assert.Contains("Exportando tus publicaciones; el archivo llegará por correo electrónico.", flash);
        Assert.Equal(("es", "Exportando publicaciones..."), (task.Culture, task.Description));
        var mail = await MailDev.WaitForMailAsync(me.Email, m => m.Subject == "[Microblog] Tus publicaciones", TimeSpan.FromSeconds(30));
        Assert.Contains($"Hola, {me.UserName}:", mail.TextBody);
        Assert.Contains("Adjuntamos el archivo de tus publicaciones que solicitaste.", mail.TextBody);
        Assert.Contains("<p>El equipo de Microblog</p>", mail.HtmlBody);
        Assert.Equal(3, Exports.Posts(Exports.Content(Exports.Attachment(mail))).Count);
        var progress = await client.TaskProgressAsync();
        Assert.NotNull(progress);
        Assert.Equal("Exportando publicaciones...", progress.Value.GetProperty("description").GetString());
        Assert.Equal("Completada: revisa tu correo electrónico", progress.Value.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Export_started_without_a_language_stays_english()
    {
        var (client, me) = await app.CreateClientAsync();

        await client.ExportAsync(me);
        await app.RunWorkerUntilIdleAsync();

        var task = await app.SingleTaskAsync(me);
        Assert.Equal(("en", ExportPosts.Description, "Completed — check your email"), (task.Culture, task.Description, task.Message));
        await Exports.ExportMailAsync(me);
    }

    [Fact]
    public async Task Password_reset_mail_asked_for_in_spanish_is_spanish()
    {
        var user = await app.CreateUserAsync();
        var client = InSpanish(app.NewClient());

        var response = await AppFactory.PostFormAsync(client, "/auth/reset_password_request", new() { ["Input.Email"] = user.Email });
        var login = await PageAsync(client, "/auth/login");
        await app.RunWorkerUntilIdleAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Revisa tu correo electrónico para ver las instrucciones para restablecer tu contraseña", login);
        var mail = await MailDev.WaitForMailAsync(user.Email, m => m.Subject == "[Microblog] Restablece tu contraseña");
        Assert.Contains("Para restablecer tu contraseña, haz clic en el siguiente enlace:", mail.TextBody);
        Assert.Contains("/auth/reset_password/", mail.TextBody);
        Assert.Contains("haz clic aquí</a>", mail.HtmlBody);
    }

    [Fact]
    public async Task Test_email_sent_in_spanish_is_spanish_and_its_task_says_so_in_spanish()
    {
        var (client, me) = await app.CreateClientAsync();
        InSpanish(client);

        var response = await AppFactory.PostFormAsync(client, "/send_test_email", new() { ["Input.When"] = "now" });
        var flash = await PageAsync(client, "/send_test_email");
        await app.RunWorkerUntilIdleAsync();
        var tasks = await PageAsync(client, "/tasks");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"Un correo de prueba a {me.Email} está en cola para salir ahora.", flash);
        var mail = await MailDev.WaitForMailAsync(me.Email, m => m.Subject == "[Microblog] Correo de prueba");
        Assert.Contains($"Hola, {me.UserName}:", mail.TextBody);
        Assert.Contains("Este es un correo de prueba enviado por el worker de Microblog.", mail.HtmlBody);
        Assert.Contains("Enviando un correo de prueba...", tasks);
        Assert.Contains(">completada</span>", tasks);
        Assert.Matches(@">\s*Enviado\s*</td>", tasks);
    }

    [Theory]
    [InlineData("fr-FR,fr;q=0.9")]
    [InlineData("*")]
    [InlineData("zz-ZZ;q=abc, ;;, es-;q=")]
    [InlineData("en;q=0.1, xx")]
    public async Task Any_other_or_odd_accept_language_gets_the_english_page(string header)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", header);

        var response = await client.GetAsync("/auth/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"en\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Spanish_named_after_three_languages_the_app_lacks_still_gets_the_spanish_page()
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "de-DE, fr;q=0.9, it;q=0.8, es;q=0.7");

        var page = await client.GetStringAsync("/auth/login");

        Assert.Contains("<html lang=\"es\">", page);
    }

    [Fact]
    public async Task Task_api_answers_in_the_requests_language()
    {
        var (client, _) = await app.CreateClientAsync();
        InSpanish(client);

        var response = await client.GetAsync($"/api/tasks/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("No existe esa tarea.", body.RootElement.GetProperty("error").GetString());
    }

    private static HttpClient InSpanish(HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Spanish);
        return client;
    }

    /// <summary>The page's HTML with entities decoded, so assertions read as the user does.</summary>
    private static async Task<string> PageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));
}
