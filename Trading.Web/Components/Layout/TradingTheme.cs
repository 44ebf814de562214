using MudBlazor;

namespace Trading.Web.Components.Layout;

public static class TradingTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e6f5c",
            Secondary = "#f2994a",
            AppbarBackground = "#1e6f5c",
            Success = "#2e7d32",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4fb39b",
            Secondary = "#f2994a",
            AppbarBackground = "#1b1f24",
            Success = "#66bb6a",
            Error = "#ef5350",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
