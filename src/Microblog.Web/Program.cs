using Microblog.Data;
using Microblog.Web;
using Microblog.Web.Commands;
using Microblog.Web.Configuration;

// One binary, several commands, as microblog's `flask run` / `rq worker`: web (default), migrate, seed, worker, admin.
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "web";
var rest = command == "web" && (args.Length == 0 || args[0].StartsWith('-')) ? args : args[1..];

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = ContentRoot.Find() });
    // Serves wwwroot from the build manifest when run from a build (bin/dev); a no-op in a published app.
    builder.WebHost.UseStaticWebAssets();
    var settings = MicroblogSettings.Load(builder.Configuration, builder.Environment.IsProduction());
    switch (command)
    {
        case "web":
            builder.AddMicroblogWeb(settings);
            var app = builder.Build();
            app.Services.ValidateSettings(builder.Configuration);
            app.UseMicroblogWeb();
            await app.RunAsync();
            return 0;
        case "migrate":
            DatabaseMigrator.MigrateUp(settings.Database);
            return 0;
        case "seed":
            builder.AddMicroblogWeb(settings);
            await using (var seedApp = builder.Build())
            {
                seedApp.Services.ValidateSettings(builder.Configuration);
                await Seed.RunAsync(seedApp.Services);
            }
            return 0;
        case "admin":
            builder.AddMicroblogWeb(settings);
            await using (var adminApp = builder.Build())
            {
                adminApp.Services.ValidateSettings(builder.Configuration);
                return await AdminCommand.RunAsync(adminApp.Services, rest);
            }
        case "worker":
            return await WorkerCommand.RunAsync(builder, settings, rest);
        default:
            Console.Error.WriteLine($"Unknown command '{command}'. Commands: web (default), migrate, seed, worker, admin.");
            return 2;
    }
}
catch (ConfigurationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

public partial class Program;
