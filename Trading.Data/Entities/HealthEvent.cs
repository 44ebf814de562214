namespace Trading.Data.Entities;

public enum HealthState { Healthy, Degraded, Unhealthy }

/// <summary>A platform component's state changed (database, Redis, market feed, broker sessions): the health page's history.</summary>
public class HealthEvent
{
    public long Id { get; set; }
    public string Component { get; set; } = "";
    public HealthState State { get; set; }
    public string? Detail { get; set; }
    public DateTime At { get; set; }
    /// <summary>Which app instance saw it (a host name), with several running.</summary>
    public string? Instance { get; set; }
}
