using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microblog.Tasks.Mail;

public static class MailServiceCollectionExtensions
{
    public static IServiceCollection AddMail(this IServiceCollection services, MailOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<MailSender>();
        return services;
    }
}
