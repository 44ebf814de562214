using Trading.Tests.Support;
using Trading.Web.Features.Admin;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class AdminReasonsTests
{
    [Theory]
    [InlineData(null, "Give a reason: it is kept in the audit log.")]
    [InlineData("", "Give a reason: it is kept in the audit log.")]
    [InlineData("   \t ", "Give a reason: it is kept in the audit log.")]
    [InlineData("spam", "Say a little more: a reason has at least 5 characters.")]
    [InlineData("  spam  ", "Say a little more: a reason has at least 5 characters.")] // spaces do not count
    [InlineData("fraud", null)]
    [InlineData("Broker flagged unusual withdrawals", null)]
    public void A_reason_must_say_something(string? reason, string? problem) => Assert.Equal(problem, AdminReasons.Problem(reason));

    [Fact]
    public void A_reason_fits_the_audit_log()
    {
        Assert.Null(AdminReasons.Problem(new string('x', 500)));
        Assert.Equal("Keep the reason under 500 characters.", AdminReasons.Problem(new string('x', 501)));
    }
}
