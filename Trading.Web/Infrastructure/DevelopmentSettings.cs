using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Trading.Web.Infrastructure;

public static class DevelopmentSettings
{
    /// <summary>
    /// In Development the repository root's appsettings.Development.json is the one settings file a developer edits.
    /// It is slotted in right after appsettings.json, so user secrets, environment variables and the command line
    /// still override it.
    /// </summary>
    public static void AddRootDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return;
        }
        var folder = FindFolderWith(builder.Environment.ContentRootPath, "appsettings.Development.json");
        if (folder is null)
        {
            return;
        }
        var sources = builder.Configuration.Sources;
        var appSettingsIndex = sources.Select((s, i) => (s, i))
            .LastOrDefault(x => x.s is JsonConfigurationSource { Path: "appsettings.json" }).i;
        var source = new JsonConfigurationSource
        {
            Path = "appsettings.Development.json",
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(folder),
        };
        sources.Insert(Math.Min(appSettingsIndex + 1, sources.Count), source);
    }

    private static string? FindFolderWith(string start, string fileName)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, fileName)))
            {
                return dir.FullName;
            }
            if (File.Exists(Path.Combine(dir.FullName, "Trading.sln")))
            {
                return null;
            }
        }
        return null;
    }
}
