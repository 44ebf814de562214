using Microsoft.EntityFrameworkCore;
using Trading.Data.Entities;

namespace Trading.Data;

public sealed class PostgresTradingDbContext(DbContextOptions<PostgresTradingDbContext> options) : TradingDbContext(options)
{
    // xmin everywhere except orders: INSERT … RETURNING cannot read a system column of a partitioned table.
    protected override bool UsesAppVersion(Type entityType) => entityType == typeof(Order);
}
