using MudBlazor;
using Trading.Data.Entities;

namespace Trading.Web.Features.Broker;

/// <summary>How a broker account's status reads and is coloured wherever it is shown.</summary>
public static class BrokerStatusDisplay
{
    public static string Text(BrokerAccountStatus status) => status switch
    {
        BrokerAccountStatus.Connected => "Connected",
        BrokerAccountStatus.ReconnectNeeded => "Reconnect needed",
        BrokerAccountStatus.Error => "Error",
        BrokerAccountStatus.Disabled => "Disabled",
        _ => "Not connected",
    };

    public static Color Color(BrokerAccountStatus status) => status switch
    {
        BrokerAccountStatus.Connected => MudBlazor.Color.Success,
        BrokerAccountStatus.ReconnectNeeded or BrokerAccountStatus.Error => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };
}
