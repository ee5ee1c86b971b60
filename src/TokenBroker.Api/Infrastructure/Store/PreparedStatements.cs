using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// A long-lived connection to the store with statements prepared once, for the few hot paths that
/// run thousands of times a second (<see cref="StoreWriter"/>, <see cref="StoreReader"/>). EF Core
/// stays the store's model, migrations and every other query; on these paths its per-query work
/// (opening a pooled connection, building and preparing a command, tracking entities) costs more
/// than SQLite's own. The SQL is standard over the tables and columns the EF model maps, and every
/// statement is prepared when the connection opens, so a mismatch with the schema fails at once.
/// Not thread-safe: one user at a time.
/// </summary>
public abstract class PreparedStatements : IDisposable
{
    // The same conversion TokenBrokerDb configures for every DateTimeOffset on SQLite.
    private static readonly DateTimeOffsetToBinaryConverter Time = new();

    protected PreparedStatements(StoreConnection store, string pragmas)
    {
        ArgumentNullException.ThrowIfNull(store);
        Connection = new SqliteConnection(store.ConnectionString);
        try
        {
            Connection.Open();
            using var command = Connection.CreateCommand();
            command.CommandText = $"{pragmas} {SqliteTuning.Pragmas(store.Synchronous)}";
            command.ExecuteNonQuery();
        }
        catch
        {
            Connection.Dispose();
            throw;
        }
    }

    protected SqliteConnection Connection { get; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Connection.Dispose();
        }
    }

    internal static long ToColumn(DateTimeOffset value) => (long)Time.ConvertToProvider(value)!;

    internal static DateTimeOffset FromColumn(long value) => (DateTimeOffset)Time.ConvertFromProvider(value)!;

    internal static DateTimeOffset? FromNullableColumn(SqliteDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? null : FromColumn(reader.GetInt64(ordinal));
    }

    protected static int Execute(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQuery();
    }

    protected static void Bind(SqliteCommand command, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    /// <summary>Prepares <paramref name="sql"/> with its parameters in the order <see cref="Bind"/> gets their values.</summary>
    protected SqliteCommand Prepare(string sql, params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            // A value is needed to prepare; the real ones are bound before each execution.
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        return command;
    }
}
