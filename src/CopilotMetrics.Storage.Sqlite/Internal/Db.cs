using Microsoft.Data.Sqlite;

namespace CopilotMetrics.Storage.Sqlite.Internal;

/// <summary>
/// A connection and its open transaction: every command runs in it, with values only as parameters. The commands of
/// <see cref="Reader"/> live until this is disposed (disposing a command closes its reader).
/// </summary>
internal sealed class Db(SqliteConnection connection, SqliteTransaction? transaction) : IDisposable
{
    private readonly List<SqliteCommand> _commands = [];

    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction? Transaction { get; } = transaction;

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>A command to run many times with new values (prepared once): its parameters are created with no value.</summary>
    public SqliteCommand Prepared(string sql, params string[] names)
    {
        var command = Command(sql);
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    public SqliteDataReader Reader(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        _commands.Add(command);
        return command.ExecuteReader();
    }
}
