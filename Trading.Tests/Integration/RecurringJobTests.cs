using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trading.Tests.Support;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Tests.Integration;

/// <summary>The one recurring-job base in the real app: a throwing job never stops it, and a single-instance job runs on one instance.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class RecurringJobTests
{
    [Fact]
    public async Task A_job_that_throws_is_logged_and_retried_and_the_app_keeps_serving()
    {
        await using var app = await ProviderApp.StartAsync("Sqlite", a => a
            .With("MarketData:Feed", "None")
            .With("Jobs:Flaky:RetryAfter", "00:00:00.050")
            .WithServices(s => s.AddRecurringJob<FlakyJob>()));
        var job = app.App.Services.GetRequiredService<FlakyJob>();

        await Eventually.TrueAsync(() => Task.FromResult(job.Succeeded >= 2), "the flaky job to recover after its failures");

        Assert.Equal(3, job.Failed); // an exception, a database error and a timeout, each logged and retried
        Assert.Contains(app.App.Logs.Lines, l => l.StartsWith("Warning Trading.Jobs.Flaky: Job Flaky failed (3 in a row)"));
        Assert.False(app.App.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        using var client = app.App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Two_instances_on_one_postgres_run_a_single_instance_job_on_one_of_them_and_the_other_takes_over()
    {
        await using var postgres = new PostgresDatabase();
        await postgres.InitializeAsync();
        var runs = new JobRuns();
        TradingAppFactory Instance(string name) => TradingAppFactory.ForPostgres(postgres.ConnectionString)
            .With("MarketData:Feed", "None")
            .WithServices(s => s.AddSingleton(runs).AddSingleton(new InstanceName(name)).AddRecurringJob<LeaderOnlyJob>());
        var instances = new Dictionary<string, TradingAppFactory> { ["first"] = Instance("first"), ["second"] = Instance("second") };
        try
        {
            foreach (var instance in instances.Values) _ = instance.Services; // both start and race for the job's lock

            await Eventually.TrueAsync(() => Task.FromResult(runs.Count >= 10), "ten runs of the single-instance job");
            var ran = runs.Instances();
            Assert.Single(ran); // one instance ran it, whichever took the lock first
            var leader = ran.Single();
            var follower = instances.Keys.Single(k => k != leader);
            Assert.Equal(0, instances[follower].Services.GetRequiredService<LeaderOnlyJob>().Succeeded + runs.Of(follower));

            // The instance holding the lock stops: its connection (and so the lock) goes, and the other one runs the job.
            await instances[leader].DisposeAsync();
            await Eventually.TrueAsync(() => Task.FromResult(runs.Of(follower) >= 3), $"the {follower} instance to take over", TimeSpan.FromSeconds(20));
        }
        finally
        {
            foreach (var instance in instances.Values) await instance.DisposeAsync();
        }
    }

    public sealed record InstanceName(string Name);

    public sealed class JobRuns
    {
        private readonly ConcurrentQueue<string> _runs = new();
        public void Add(string instance) => _runs.Enqueue(instance);
        public int Count => _runs.Count;
        public int Of(string instance) => _runs.Count(r => r == instance);
        public IReadOnlySet<string> Instances() => _runs.ToHashSet();
    }

    /// <summary>Fails three times (three kinds of failure), then succeeds every time.</summary>
    public sealed class FlakyJob(RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
    {
        private int _runs;
        public static string JobName => "Flaky";
        public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromMilliseconds(50) };

        protected override Task RunAsync(CancellationToken cancellationToken) => ++_runs switch
        {
            1 => throw new InvalidOperationException("first run breaks"),
            2 => throw new Npgsql.NpgsqlException("the database went away"),
            3 => throw new TimeoutException("the broker did not answer"),
            _ => Task.CompletedTask,
        };
    }

    public sealed class LeaderOnlyJob(JobRuns runs, InstanceName instance, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
    {
        public static string JobName => "LeaderOnly";
        public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromMilliseconds(100), SingleInstance = true };

        protected override Task RunAsync(CancellationToken cancellationToken)
        {
            runs.Add(instance.Name);
            return Task.CompletedTask;
        }
    }
}
