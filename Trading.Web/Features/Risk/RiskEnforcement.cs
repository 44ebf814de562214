using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Live;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Orders;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Risk;

/// <summary>What a breach does beyond refusing an order: records the violation (and notifies), then takes the rule's action.</summary>
public sealed class RiskEnforcement(
    IDbContextFactory<TradingDbContext> dbFactory,
    RiskStates states,
    RiskBookCache cache,
    KillSwitch killSwitch,
    NotificationService notifications,
    ILiveEventPublisher live,
    TimeProvider time)
{
    public async Task EnforceAsync(Guid userId, RiskBreach breach, RiskTiming timing, string? orderRequest, CancellationToken cancellationToken)
    {
        var rule = breach.Rule;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.RiskViolations.Add(new RiskViolation
            {
                UserId = userId, RiskRuleId = rule.Id, Kind = rule.Kind, Timing = timing, ObservedValue = breach.Observed, Threshold = breach.Limit,
                ActionTaken = rule.Action, Message = breach.Message.Truncated(1000)!, OrderRequest = orderRequest.Truncated(500),
                OccurredAt = time.GetUtcNow().UtcDateTime,
            });
            var what = timing == RiskTiming.PreTrade ? $"Order refused: {orderRequest}. " : "";
            await notifications.AddAsync(db, userId, NotificationKind.RiskViolation, rule.Action is RiskAction.Block or RiskAction.Alert ? NotificationSeverity.Warning : NotificationSeverity.Error,
                RiskText.Name(rule.Kind), $"{breach.Message}. {what}Action: {RiskText.Action(rule.Action)}.", "/risk", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        var why = breach.Message;
        switch (rule.Action)
        {
            case RiskAction.ReduceOnly when rule.Scope == RiskScope.Strategy && Guid.TryParse(rule.ScopeValue, out var only):
                // A rule about one activation puts only that activation in reduce-only, for today.
                await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                {
                    var today = IndianTime.Today(time);
                    await db.UserStrategies.Where(u => u.Id == only && u.UserId == userId)
                        .ExecuteUpdateAsync(u => u.SetProperty(x => x.RiskState, TradingState.ReduceOnly).SetProperty(x => x.RiskStateDay, today), cancellationToken);
                }
                cache.Forget(userId);
                break;
            case RiskAction.ReduceOnly:
                await states.SetAsync(userId, TradingState.ReduceOnly, RiskText.Name(rule.Kind), "risk engine", cancellationToken: cancellationToken);
                break;
            case RiskAction.PauseStrategies:
                await killSwitch.PauseStrategiesAsync(userId, $"Paused by the risk rule: {why}.",
                    rule.Scope == RiskScope.Strategy && Guid.TryParse(rule.ScopeValue, out var activation) ? activation : null, cancellationToken);
                break;
            case RiskAction.CancelOrders:
                await killSwitch.CancelWorkingAsync(userId, cancellationToken);
                break;
            case RiskAction.SquareOff:
                await killSwitch.CancelWorkingAsync(userId, cancellationToken);
                await killSwitch.SquareOffAllAsync(userId, cancellationToken);
                // Locking profits (or stopping losses) by squaring off means no new entries for the rest of the day either.
                await states.SetAsync(userId, TradingState.ReduceOnly, RiskText.Name(rule.Kind), "risk engine", cancellationToken: cancellationToken);
                break;
            case RiskAction.KillSwitch:
                await killSwitch.PullAsync(userId, "risk engine", why, cancellationToken);
                break;
        }
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Risk, null, time.GetUtcNow().UtcDateTime), cancellationToken);
    }
}

/// <summary>
/// The risk rules in the order pipeline, for every source (ticket, strategies, square-offs): the trader's state, then
/// the pre-trade rules, on the in-memory book (no database round trip for an order that passes). A breach refuses the
/// order with the rule's reason, records it and takes the rule's action.
/// </summary>
public sealed class RiskPreTradeCheck(RiskBookCache cache, RiskEnforcement enforcement, TimeProvider time) : IPreTradeCheck
{
    public async Task<string?> CheckAsync(PreTradeContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var risk = await cache.GetAsync(request.UserId, cancellationToken);
        var price = request.Price ?? context.LastPrice ?? 0m;
        var order = new RiskOrder(request.BrokerAccountId, request.UserStrategyId, request.Source, context.Instrument.Exchange, context.Instrument.SymbolToken,
            context.Instrument.TradingSymbol, context.Instrument.InstrumentType, context.Instrument.LotSize, request.ProductType, request.Side, request.Quantity, price,
            time.GetUtcNow().UtcDateTime);
        var book = await cache.BookAsync(risk, cancellationToken);
        if (RiskRuleEvaluator.StateRefusal(risk.State, risk.StateReason, order, book) is { } refused) return refused;
        if (request.UserStrategyId is { } activation && risk.Activations.TryGetValue(activation, out var own)
            && RiskRuleEvaluator.StateRefusal(own, "this strategy's risk rule", order, book) is { } strategyRefused)
            return strategyRefused;
        if (RiskRuleEvaluator.PreTrade(risk.Rules, order, book) is { } breach)
        {
            await enforcement.EnforceAsync(request.UserId, breach, RiskTiming.PreTrade, order.Describe(), cancellationToken);
            return breach.Message;
        }
        cache.Count(risk);
        return null;
    }
}
