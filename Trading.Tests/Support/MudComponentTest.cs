using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Trading.Tests.Support;

/// <summary>
/// A bUnit context set up for MudBlazor. MudBlazor's services are async-disposable only, so the context is
/// disposed through xunit's IAsyncLifetime rather than IDisposable.
/// </summary>
public abstract class MudComponentTest : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    protected MudComponentTest()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
