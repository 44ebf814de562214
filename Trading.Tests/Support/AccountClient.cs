using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Trading.Tests.Support;

/// <summary>Drives the statically rendered account pages over HTTP the way a browser's form posts do.</summary>
public sealed partial class AccountClient(HttpClient http, CookieContainer? cookies = null)
{
    public HttpClient Http { get; } = http;

    /// <summary>The client's cookies, when it keeps them in a container (clients of a real Kestrel port do).</summary>
    public CookieContainer Cookies => cookies ?? throw new InvalidOperationException("This client keeps no cookie container.");

    public static AccountClient For(TradingAppFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public Task<HttpResponseMessage> RegisterAsync(string email, string password, string displayName = "Test Trader") =>
        PostFormAsync("/Account/Register", "register", new()
        {
            ["Input.DisplayName"] = displayName,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        PostFormAsync("/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    public async Task SignOutAsync()
    {
        var page = await Http.GetStringAsync("/Account/Manage");
        var token = TokenRegex().Match(page).Groups[1].Value;
        using var response = await Http.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["ReturnUrl"] = "/",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-out answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, string formName, Dictionary<string, string> fields)
    {
        var page = await Http.GetStringAsync(path);
        var token = TokenRegex().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {path}.");
        }
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        fields["_handler"] = formName;
        return await Http.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
