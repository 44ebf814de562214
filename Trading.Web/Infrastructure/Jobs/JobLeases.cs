using Medallion.Threading.Postgres;
using Npgsql;

namespace Trading.Web.Infrastructure.Jobs;

/// <summary>Who runs a single-instance job: the instance that holds its lease (chosen by database at registration).</summary>
public interface IJobLeases
{
    IJobLease For(string jobName);
}

/// <summary>One job's lease, kept while this instance holds it and given up when disposed.</summary>
public interface IJobLease : IAsyncDisposable
{
    /// <summary>True while this instance holds the lease: acquires it when free, keeps it once held.</summary>
    ValueTask<bool> HoldAsync(CancellationToken cancellationToken);
}

/// <summary>
/// PostgreSQL advisory locks (DistributedLock.Postgres): the first instance to take a job's lock keeps it on a
/// dedicated connection for as long as it runs; the others skip the job until that connection (and so the lock) is gone.
/// </summary>
public sealed class PostgresJobLeases(NpgsqlDataSource dataSource) : IJobLeases
{
    public IJobLease For(string jobName) => new Lease(new PostgresDistributedLock(
        new PostgresAdvisoryLockKey("trading-job:" + jobName, allowHashing: true), dataSource,
        options => options.UseMultiplexing(false).KeepaliveCadence(TimeSpan.FromMinutes(1))));

    private sealed class Lease(PostgresDistributedLock advisoryLock) : IJobLease
    {
        private PostgresDistributedLockHandle? _handle;

        public async ValueTask<bool> HoldAsync(CancellationToken cancellationToken)
        {
            if (_handle is not null && !_handle.HandleLostToken.IsCancellationRequested) return true;
            if (_handle is not null)
            {
                await _handle.DisposeAsync(); // the connection holding it was lost
                _handle = null;
            }
            _handle = await advisoryLock.TryAcquireAsync(TimeSpan.Zero, cancellationToken);
            return _handle is not null;
        }

        public async ValueTask DisposeAsync()
        {
            if (_handle is not null) await _handle.DisposeAsync();
            _handle = null;
        }
    }
}

/// <summary>The embedded database is one process's own file: this instance always holds every lease.</summary>
public sealed class LocalJobLeases : IJobLeases
{
    public IJobLease For(string jobName) => new Lease();

    private sealed class Lease : IJobLease
    {
        public ValueTask<bool> HoldAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
