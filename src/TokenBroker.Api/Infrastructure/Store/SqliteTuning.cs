using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Per-connection SQLite settings. With WAL (set once per file at start), <c>synchronous=NORMAL</c>
/// makes a commit an append to the WAL without an fsync: a commit survives a crash of the broker,
/// and only an OS crash or power loss right after it can lose it. <c>FULL</c> fsyncs every commit
/// (<c>TokenBroker:Database:SqliteSynchronous</c>). The busy timeout lets writers wait their turn.
/// No connection checkpoints the WAL inside its own commits: <see cref="WalCheckpointer"/> does.
/// </summary>
public sealed class SqliteTuning(string synchronous) : DbConnectionInterceptor
{
    private readonly string _pragmas = Pragmas(synchronous);

    /// <summary>The statements that apply these settings to a connection.</summary>
    public static string Pragmas(string synchronous) => $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=0;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
