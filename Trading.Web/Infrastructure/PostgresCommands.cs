using Npgsql;

namespace Trading.Web.Infrastructure;

/// <summary>Helpers for the few hot paths that write plain SQL on PostgreSQL (the EF Core implementations are their twins).</summary>
public static class PostgresCommands
{
    /// <summary>One statement of a batch with positional parameters ($1, $2, …).</summary>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddValues(command.Parameters, values);
        return command;
    }

    /// <summary>Positional parameters; a null goes as SQL NULL and PostgreSQL infers its type from the column.</summary>
    public static void AddValues(NpgsqlParameterCollection parameters, params object?[] values)
    {
        foreach (var value in values) parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
    }
}
