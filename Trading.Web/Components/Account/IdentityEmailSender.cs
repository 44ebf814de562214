using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Trading.Data.Entities;
using Trading.Web.Features.Notifications.Email;

namespace Trading.Web.Components.Account;

/// <summary>Account emails (confirm, reset, someone tried to register with your address) through the configured SMTP mailer.</summary>
internal sealed class IdentityEmailSender(IMailer mailer) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        mailer.SendAsync(email, "Confirm your email for Trading",
            $"<p>Hello {Html(user.DisplayName)},</p><p>Confirm your email address to start trading: <a href=\"{Html(confirmationLink)}\">confirm my email</a>.</p>" +
            "<p>If you did not create an account, ignore this email.</p>");

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        mailer.SendAsync(email, "Reset your Trading password",
            $"<p>Hello {Html(user.DisplayName)},</p><p><a href=\"{Html(resetLink)}\">Choose a new password</a>. The link works once and expires soon.</p>" +
            "<p>If you did not ask for this, ignore this email: your password stays as it is.</p>");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        mailer.SendAsync(email, "Reset your Trading password", $"<p>Your password reset code: <b>{Html(resetCode)}</b></p>");

    /// <summary>Registration with an address that already has an account: tell its owner, tell the visitor nothing.</summary>
    public Task SendAlreadyRegisteredAsync(ApplicationUser user, string signInLink, string resetLink) =>
        mailer.SendAsync(user.Email!, "You already have a Trading account",
            $"<p>Hello {Html(user.DisplayName)},</p><p>Someone tried to register with this email address, which already has an account.</p>" +
            $"<p>If it was you, <a href=\"{Html(signInLink)}\">sign in</a> or <a href=\"{Html(resetLink)}\">reset your password</a>. If not, you can ignore this email.</p>");

    private static string Html(string value) => HtmlEncoder.Default.Encode(value);
}
