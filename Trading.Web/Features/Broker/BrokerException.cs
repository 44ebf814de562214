namespace Trading.Web.Features.Broker;

public enum BrokerErrorKind
{
    /// <summary>The broker refused the request (bad parameters, order rejected, symbol unknown).</summary>
    Rejected,
    /// <summary>The session is invalid or expired and could not be renewed: the trader must reconnect.</summary>
    Authentication,
    /// <summary>Too many requests; the broker (or our own limiter) said wait.</summary>
    RateLimited,
    /// <summary>No answer in time. For orders the outcome is unknown: settle it from the order book, never resend.</summary>
    Timeout,
    /// <summary>The broker could not be reached or answered something unreadable.</summary>
    Unavailable,
}

/// <summary>A broker failure with a message a trader can act on. Never carries a secret.</summary>
public sealed class BrokerException(BrokerErrorKind kind, string? errorCode, string message, string? rawReply = null, Exception? inner = null)
    : Exception(message, inner)
{
    public BrokerErrorKind Kind { get; } = kind;
    public string? ErrorCode { get; } = errorCode;
    public string? RawReply { get; } = rawReply;
}
