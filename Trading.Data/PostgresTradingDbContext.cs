using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Trading.Data;

public sealed class PostgresTradingDbContext(DbContextOptions<PostgresTradingDbContext> options) : TradingDbContext(options)
{
    // Npgsql maps a uint row version to the xmin system column: nothing to store, nothing to bump.
    protected override void ConfigureConcurrencyToken(PropertyBuilder version) => version.IsRowVersion();
}
