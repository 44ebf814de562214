using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace Trading.Tests.Support;

/// <summary>A real SMTP server on a loopback port (netDumbster) that keeps what the app sends, parsed with MimeKit.</summary>
public sealed class SmtpSink : IDisposable
{
    private readonly SimpleSmtpServer _server = SimpleSmtpServer.Start();

    public int Port => _server.Configuration.Port;

    /// <summary>The settings that point the app's mailer here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(),
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = "Trading <no-reply@trading.test>",
    };

    public IReadOnlyList<MimeMessage> Messages =>
        _server.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).ToList();

    public Task<MimeMessage> WaitForAsync(string to, string subjectStart) => Eventually.GetAsync(
        () => Messages.LastOrDefault(m => m.To.Mailboxes.Any(b => b.Address == to) && (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal)),
        $"an email \"{subjectStart}…\" to {to}");

    public void Dispose() => _server.Dispose();
}
