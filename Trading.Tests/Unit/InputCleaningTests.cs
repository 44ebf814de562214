using Trading.Tests.Support;
using Trading.Web.Components.Account;
using Trading.Web.Features.Broker;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class InputCleaningTests
{
    [Theory]
    [InlineData("203.0.113.10", true)]
    [InlineData(" 203.0.113.10 ", true)]
    [InlineData("2001:db8::10", true)]
    [InlineData("::1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("999.1.1.1", false)]
    [InlineData("300", false)]        // IPAddress.TryParse reads it as 0.0.1.44
    [InlineData("1.2", false)]        // and this as 1.0.0.2
    [InlineData("1.2.3.4.5", false)]
    [InlineData("01.2.3.4", false)]   // a leading zero reads as octal in some tools
    [InlineData("1.2.3.-4", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("example.com", false)]
    [InlineData("", false)]
    public void A_static_ip_is_four_dotted_numbers_or_ipv6(string text, bool valid) => Assert.Equal(valid, IpAddresses.IsValid(text));

    [Theory]
    [InlineData("Asha Rao", "Asha Rao")]
    [InlineData("  Asha \t  Rao  ", "Asha Rao")]
    [InlineData("Asha\u0000Rao\u0007", "AshaRao")]
    [InlineData("\u202EnimdA", "nimdA")]                 // right-to-left override: would render as "Admin"
    [InlineData("Ra\u2066\u2067o\u2069", "Rao")]         // isolates
    [InlineData("A\u200Bsha\u200E", "Asha")]              // zero-width space and a direction mark
    [InlineData("अनन्या शर्मा", "अनन्या शर्मा")]
    [InlineData("\u202E\u202C", "")]
    [InlineData("क्\u200Dष", "क्\u200Dष")]             // the joiner that shapes a conjunct stays
    public void Display_names_lose_control_and_direction_override_characters(string name, string expected) =>
        Assert.Equal(expected, DisplayNames.Clean(name));
}
