using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies.Marketplace;

/// <summary>A marketplace entry's life: Draft → Published ⇄ Suspended → Retired (a draft may be retired unpublished). Retired is final.</summary>
public static class ListingRules
{
    public static bool CanMove(StrategyListingStatus from, StrategyListingStatus to) => (from, to) switch
    {
        (StrategyListingStatus.Draft, StrategyListingStatus.Published) => true,
        (StrategyListingStatus.Draft, StrategyListingStatus.Retired) => true,
        (StrategyListingStatus.Published, StrategyListingStatus.Suspended) => true,
        (StrategyListingStatus.Published, StrategyListingStatus.Retired) => true,
        (StrategyListingStatus.Suspended, StrategyListingStatus.Published) => true,
        (StrategyListingStatus.Suspended, StrategyListingStatus.Retired) => true,
        _ => false,
    };

    public static IEnumerable<StrategyListingStatus> NextFrom(StrategyListingStatus from) =>
        Enum.GetValues<StrategyListingStatus>().Where(to => CanMove(from, to));

    /// <summary>Only a published entry takes new activations.</summary>
    public static bool TakesActivations(StrategyListingStatus status) => status == StrategyListingStatus.Published;

    public static string Verb(StrategyListingStatus to) => to switch
    {
        StrategyListingStatus.Published => "Publish",
        StrategyListingStatus.Suspended => "Suspend",
        StrategyListingStatus.Retired => "Retire",
        _ => to.ToString(),
    };
}
