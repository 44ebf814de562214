using System.Security.Cryptography;
using System.Text;
using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies.Engine;

/// <summary>
/// A strategy order's client order id, derived from activation + instrument + bar time + signal only: re-evaluating
/// a bar after a crash or restart yields the same id, and the pipeline returns the order placed the first time.
/// </summary>
public static class StrategyClientIds
{
    public static string For(Guid activationId, Exchange exchange, string symbolToken, DateTime barTime, Signal signal, string purpose = "")
    {
        var text = $"{activationId:N}|{exchange}|{symbolToken}|{barTime:yyyy-MM-ddTHH:mm}|{signal}|{purpose}";
        return "sg" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
    }
}
