using System.Globalization;
using Npgsql;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// Turns the database settings hosts are usually given — a <c>DATABASE_URL</c> such as
/// <c>postgres://user:password@host:5432/database?sslmode=require</c>, or an Npgsql connection string — into an Npgsql
/// connection string for <see cref="PostgresStoreOptions.ConnectionString"/>.
/// </summary>
/// <remarks>
/// The input carries a password, so no exception thrown here contains it, or any part of it: the messages say which
/// shape is expected, and no inner exception (whose message might quote the input) is attached.
/// </remarks>
public static class PostgresConnectionString
{
    private const int DefaultPort = 5432;

    /// <summary>The libpq URL parameters understood, and the Npgsql keywords they become.</summary>
    private static readonly Dictionary<string, string> UrlParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["channel_binding"] = "Channel Binding",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
        ["host"] = "Host",
        ["port"] = "Port",
        ["dbname"] = "Database",
        ["user"] = "Username",
        ["password"] = "Password",
    };

    /// <summary>
    /// Converts a <c>postgres://</c> or <c>postgresql://</c> URL, or an Npgsql connection string, into an Npgsql
    /// connection string, and applies the pool sizes.
    /// </summary>
    /// <param name="value">
    /// <c>postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require</c> (also <c>postgresql://</c>; user, password,
    /// database and query percent-decoded, so write <c>%40</c> for <c>@</c>, <c>%3A</c> for <c>:</c> and <c>%25</c> for
    /// <c>%</c> in a password; port 5432 when left out; the libpq parameters <c>sslmode</c>, <c>sslrootcert</c>,
    /// <c>sslcert</c>, <c>sslkey</c>, <c>sslpassword</c>, <c>channel_binding</c>, <c>application_name</c>,
    /// <c>connect_timeout</c>, <c>target_session_attrs</c>, <c>options</c>, <c>host</c>, <c>port</c>, <c>dbname</c>,
    /// <c>user</c> and <c>password</c>, or Npgsql keywords, in the query), or an Npgsql connection string such as
    /// <c>Host=db;Database=metrics;Username=app;Password=…</c>.
    /// </param>
    /// <param name="minPoolSize">The <c>Minimum Pool Size</c> to set (0 or more), or <see langword="null"/> to keep the value's.</param>
    /// <param name="maxPoolSize">The <c>Maximum Pool Size</c> to set (1 or more), or <see langword="null"/> to keep the value's.</param>
    /// <returns>The Npgsql connection string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="value"/> is empty, or the minimum pool size exceeds the maximum (after applying
    /// <paramref name="minPoolSize"/> and <paramref name="maxPoolSize"/> to the value's own settings).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minPoolSize"/> is negative or <paramref name="maxPoolSize"/> is below 1.</exception>
    /// <exception cref="FormatException">
    /// <paramref name="value"/> is neither a well-formed URL nor a valid Npgsql connection string. The message does not
    /// include the value.
    /// </exception>
    public static string FromUrlOrConnectionString(string value, int? minPoolSize = null, int? maxPoolSize = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (minPoolSize is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minPoolSize), minPoolSize, "The minimum pool size must not be negative.");
        }

        if (maxPoolSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPoolSize), maxPoolSize, "The maximum pool size must be at least 1.");
        }

        var text = value.Trim();
        var builder = IsUrl(text) ? FromUrl(text) : FromConnectionString(text);
        if (minPoolSize is { } min)
        {
            builder.MinPoolSize = min;
        }

        if (maxPoolSize is { } max)
        {
            builder.MaxPoolSize = max;
        }

        if (builder.MinPoolSize > builder.MaxPoolSize)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The minimum pool size ({builder.MinPoolSize}) must not exceed the maximum pool size ({builder.MaxPoolSize})."),
                minPoolSize is null && maxPoolSize is null ? nameof(value) : nameof(minPoolSize));
        }

        return builder.ConnectionString;
    }

    private static bool IsUrl(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlConnectionStringBuilder FromConnectionString(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            // Npgsql's message may quote the string, and with it the password: say what is expected instead.
            throw new FormatException("The value is not a valid Npgsql connection string: write Host=HOST;Port=PORT;Database=DATABASE;Username=USER;Password=PASSWORD, " +
                                      "or a URL postgres://USER:PASSWORD@HOST:PORT/DATABASE.");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        const string Expected = "write postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require (or postgresql://), " +
                                "with %40 for @, %3A for :, %2F for / and %25 for % in the user name and password.";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("The value is not a well-formed PostgreSQL URL: " + Expected);
        }

        var builder = new NpgsqlConnectionStringBuilder();
        try
        {
            builder.Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
            builder.Port = uri.Port < 0 ? DefaultPort : uri.Port;
            var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (database.Length > 0)
            {
                builder.Database = database;
            }

            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
                if (user.Length > 0)
                {
                    builder.Username = user;
                }

                if (colon >= 0)
                {
                    builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
                }
            }
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            throw new FormatException("The PostgreSQL URL has an invalid host, port, database or user: " + Expected);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).Trim();
            var parameter = Uri.UnescapeDataString(eq < 0 ? "" : pair[(eq + 1)..]);
            try
            {
                if (UrlParameters.TryGetValue(key, out var keyword))
                {
                    // libpq writes verify-ca / verify-full; Npgsql's enum is VerifyCA / VerifyFull.
                    builder[keyword] = keyword == "SSL Mode" ? parameter.Replace("-", "", StringComparison.Ordinal) : parameter;
                }
                else
                {
                    builder[key] = parameter;
                }
            }
            catch (Exception e) when (IsParseFailure(e))
            {
                throw new FormatException("A query parameter of the PostgreSQL URL is unknown or has an invalid value: write postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require " +
                                          "with libpq parameters (sslmode, application_name, connect_timeout, …) or Npgsql connection-string keywords in the query.");
            }
        }

        return builder;
    }

    private static bool IsParseFailure(Exception e) =>
        e is ArgumentException or FormatException or InvalidCastException or OverflowException or NotSupportedException or KeyNotFoundException;
}
