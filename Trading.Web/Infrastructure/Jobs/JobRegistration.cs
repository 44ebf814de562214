using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Trading.Web.Infrastructure.Jobs;

public static class JobRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TJob"/> as a singleton (so features and tests can reach it) that runs as a hosted
    /// service, with its schedule from <c>Jobs:&lt;name&gt;</c> over the job's defaults.
    /// </summary>
    public static IHostApplicationBuilder AddRecurringJob<TJob>(this IHostApplicationBuilder builder)
        where TJob : RecurringJob, IJobDefinition
    {
        builder.Services.AddRecurringJob<TJob>();
        return builder;
    }

    /// <inheritdoc cref="AddRecurringJob{TJob}(IHostApplicationBuilder)"/>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services)
        where TJob : RecurringJob, IJobDefinition
    {
        var defaults = TJob.DefaultSchedule;
        services.AddOptions<JobSchedule>(TJob.JobName)
            .Configure(schedule => Copy(defaults, schedule))
            .BindConfiguration($"{JobSchedule.Section}:{TJob.JobName}");
        services.TryAddSingleton<RecurringJobServices>();
        services.AddSingleton<TJob>();
        services.AddHostedService(sp => sp.GetRequiredService<TJob>());
        return services;
    }

    private static void Copy(JobSchedule from, JobSchedule to)
    {
        to.Enabled = from.Enabled;
        to.Every = from.Every;
        to.DailyAtIst = from.DailyAtIst;
        to.FirstRunAfter = from.FirstRunAfter;
        to.RetryAfter = from.RetryAfter;
        to.MaxRetryAfter = from.MaxRetryAfter;
        to.SingleInstance = from.SingleInstance;
    }
}
