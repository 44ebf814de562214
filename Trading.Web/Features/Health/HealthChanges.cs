using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trading.Data.Entities;

namespace Trading.Web.Features.Health;

/// <summary>What one check said of one component.</summary>
public readonly record struct ComponentHealth(string Component, HealthState State, string? Detail);

/// <summary>Which observations are changes worth recording, and which of those are told to admins.</summary>
public static class HealthChanges
{
    public static HealthState Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => HealthState.Healthy,
        HealthStatus.Degraded => HealthState.Degraded,
        _ => HealthState.Unhealthy,
    };

    /// <summary>A component is recorded when first seen and whenever its state differs from the last one recorded.</summary>
    public static bool Records(HealthState? was, HealthState now) => was != now;

    /// <summary>Admins are told of a change, and of a component first seen unwell; never of one first seen healthy or of the same state again.</summary>
    public static bool Notifies(HealthState? was, HealthState now) => was is null ? now != HealthState.Healthy : was != now;

    public static string Name(string component) => component switch
    {
        "database" => "Database",
        "redis" => "Redis",
        "market-feed" => "Market feed",
        "broker-sessions" => "Broker sessions",
        _ => component,
    };

    public static string Title(string component, HealthState? was, HealthState now) => now switch
    {
        HealthState.Healthy => $"{Name(component)} recovered",
        HealthState.Degraded => $"{Name(component)} degraded",
        _ => $"{Name(component)} down",
    };

    /// <summary>Feed changes are their own kind (traders with strategies care); the rest is service health.</summary>
    public static NotificationKind KindOf(string component) => component == "market-feed" ? NotificationKind.FeedHealth : NotificationKind.ServiceHealth;
}
