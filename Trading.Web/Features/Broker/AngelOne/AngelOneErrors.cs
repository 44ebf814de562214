namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>SmartAPI error codes (SMARTAPI.md §8) as messages a trader can act on.</summary>
public static class AngelOneErrors
{
    private static readonly Dictionary<string, (BrokerErrorKind Kind, string Message)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AG8001"] = (BrokerErrorKind.Authentication, "Your Angel One session is no longer valid. Reconnect your account."),
        ["AG8002"] = (BrokerErrorKind.Authentication, "Your Angel One session has expired. Reconnect your account."),
        ["AG8003"] = (BrokerErrorKind.Authentication, "The Angel One session token is missing. Reconnect your account."),
        ["AB8050"] = (BrokerErrorKind.Authentication, "Angel One refused the refresh token. Reconnect your account."),
        ["AB8051"] = (BrokerErrorKind.Authentication, "The Angel One refresh token has expired. Reconnect your account."),
        ["AB1010"] = (BrokerErrorKind.Authentication, "Your Angel One session has expired. Reconnect your account."),
        ["AB1011"] = (BrokerErrorKind.Authentication, "You are not signed in to Angel One. Reconnect your account."),
        ["AB1050"] = (BrokerErrorKind.Authentication, "Angel One rejected the 6-digit code (TOTP). Check the code or the TOTP secret and your phone's clock."),
        ["AB1000"] = (BrokerErrorKind.Authentication, "Angel One rejected the client code or PIN."),
        ["AB1001"] = (BrokerErrorKind.Authentication, "Angel One rejected the client code."),
        ["AB1002"] = (BrokerErrorKind.Authentication, "The PIN has the wrong length."),
        ["AB1005"] = (BrokerErrorKind.Rejected, "Angel One expects a USER account type."),
        ["AB1006"] = (BrokerErrorKind.Rejected, "This Angel One client is blocked for trading. Contact Angel One."),
        ["AB1007"] = (BrokerErrorKind.Rejected, "Angel One rejected the request (invalid parameters)."),
        ["AB1008"] = (BrokerErrorKind.Rejected, "Invalid order variety."),
        ["AB1009"] = (BrokerErrorKind.Rejected, "Angel One does not know this symbol."),
        ["AB1012"] = (BrokerErrorKind.Rejected, "Invalid product type."),
        ["AB1013"] = (BrokerErrorKind.Rejected, "Angel One could not find that order."),
        ["AB1014"] = (BrokerErrorKind.Rejected, "Angel One could not find that trade."),
        ["AB1015"] = (BrokerErrorKind.Rejected, "Angel One could not find that holding."),
        ["AB1016"] = (BrokerErrorKind.Rejected, "Angel One could not find that position."),
        ["AB1017"] = (BrokerErrorKind.Rejected, "Angel One could not convert the position."),
        ["AB1018"] = (BrokerErrorKind.Rejected, "Angel One could not read the symbol's details."),
        ["AB2002"] = (BrokerErrorKind.Rejected, "Bracket (ROBO) orders are blocked by Angel One right now."),
        ["AB4008"] = (BrokerErrorKind.Rejected, "The order tag must be under 20 characters."),
        ["AB4018"] = (BrokerErrorKind.Rejected, "The symbol token is missing."),
        ["AB4036"] = (BrokerErrorKind.Rejected, "This scrip is on the exchange's cautionary list; Angel One needs your consent to trade it."),
        ["AB1004"] = (BrokerErrorKind.Unavailable, "Angel One says something went wrong. Please try again shortly."),
        ["AB2000"] = (BrokerErrorKind.Unavailable, "Angel One returned an unspecified error. Please try again shortly."),
        ["AB2001"] = (BrokerErrorKind.Unavailable, "Angel One had an internal error. Please try again shortly."),
    };

    public static BrokerException ToException(string? code, string? brokerMessage, string? raw)
    {
        if (code is not null && Known.TryGetValue(code, out var known))
        {
            return new BrokerException(known.Kind, code, $"{known.Message} ({code})", raw);
        }
        var text = string.IsNullOrWhiteSpace(brokerMessage) ? "Angel One rejected the request." : $"Angel One: {brokerMessage.Trim()}";
        return new BrokerException(BrokerErrorKind.Rejected, code, string.IsNullOrEmpty(code) ? text : $"{text} ({code})", raw);
    }

    public static bool IsAuthentication(string? code) =>
        code is not null && Known.TryGetValue(code, out var known) && known.Kind == BrokerErrorKind.Authentication;
}
