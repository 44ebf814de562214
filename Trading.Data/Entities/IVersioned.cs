namespace Trading.Data.Entities;

/// <summary>
/// Rows two writers can meet on. PostgreSQL maps <see cref="Version"/> to the system column xmin;
/// SQLite has no database-generated token, so the context bumps it on every update.
/// </summary>
public interface IVersioned
{
    uint Version { get; set; }
}
