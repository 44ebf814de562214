using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Trading.Web.Features.Notifications.Email;

/// <summary>Sends one email. Registered only when SMTP is configured; features check for it rather than send blindly.</summary>
public interface IMailer
{
    Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default);
}

/// <summary>SMTP through MailKit, one connection per message (account emails are rare).</summary>
public sealed class SmtpMailer(IOptions<EmailOptions> options, ILogger<SmtpMailer> logger) : IMailer
{
    public async Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        var email = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder { HtmlBody = htmlBody }.ToMessageBody();

        using var client = new SmtpClient { Timeout = email.Smtp.TimeoutSeconds * 1000 };
        var security = email.Smtp.Security.ToUpperInvariant() switch
        {
            "NONE" => SecureSocketOptions.None,
            "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(email.Smtp.Host ?? throw new InvalidOperationException("Email:Smtp:Host is not set."), email.Smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(email.Smtp.UserName))
        {
            await client.AuthenticateAsync(email.Smtp.UserName, email.Smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("Sent \"{Subject}\" by email", subject); // never the address's content or any link
    }
}
