using Microsoft.AspNetCore.Identity;

namespace Trading.Data.Entities;

public enum UserStatus { Active, Suspended }

public enum RiskProfile { Conservative, Moderate, Aggressive }

/// <summary>A trader or admin: Identity's user plus the trading profile.</summary>
public class ApplicationUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public decimal TradingCapital { get; set; }
    public RiskProfile RiskProfile { get; set; } = RiskProfile.Moderate;
    public UserStatus Status { get; set; } = UserStatus.Active;
    public DateTime CreatedAt { get; set; }
    public DateTime? LastLoginAt { get; set; }
}

public class ApplicationRole : IdentityRole<Guid>
{
    public ApplicationRole() { }
    public ApplicationRole(string roleName) : base(roleName) { }
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Trader = "Trader";
    public static readonly string[] All = [Admin, Trader];
}
