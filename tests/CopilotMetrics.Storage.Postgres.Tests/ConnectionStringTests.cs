using Npgsql;

namespace CopilotMetrics.Storage.Postgres.Tests;

/// <summary><see cref="PostgresConnectionString"/>: DATABASE_URL and Npgsql connection strings, no server needed.</summary>
public sealed class ConnectionStringTests
{
    private static NpgsqlConnectionStringBuilder Parse(string value, int? min = null, int? max = null) =>
        new(PostgresConnectionString.FromUrlOrConnectionString(value, min, max));

    [Fact]
    public void A_url_with_every_part_becomes_a_connection_string()
    {
        var cs = Parse("postgres://app:secret@db.example:6543/metrics?sslmode=require&application_name=cm");

        Assert.Equal("db.example", cs.Host);
        Assert.Equal(6543, cs.Port);
        Assert.Equal("metrics", cs.Database);
        Assert.Equal("app", cs.Username);
        Assert.Equal("secret", cs.Password);
        Assert.Equal(SslMode.Require, cs.SslMode);
        Assert.Equal("cm", cs.ApplicationName);
    }

    [Fact]
    public void Percent_encoded_user_password_and_database_are_decoded()
    {
        var cs = Parse("postgres://us%40er:p%40ss%3Aw%25rd%2F1@db/my%20db");

        Assert.Equal("us@er", cs.Username);
        Assert.Equal("p@ss:w%rd/1", cs.Password);
        Assert.Equal("my db", cs.Database);
    }

    [Fact]
    public void The_postgresql_scheme_is_accepted_in_any_case()
    {
        Assert.Equal("h", Parse("postgresql://u:p@h:5433/d").Host);
        Assert.Equal(5433, Parse("PostgreSQL://u:p@h:5433/d").Port);
    }

    [Fact]
    public void Without_a_port_5432_is_used()
    {
        var cs = Parse("postgres://u:p@db.example/metrics");

        Assert.Equal(5432, cs.Port);
        Assert.Equal("metrics", cs.Database);
    }

    [Fact]
    public void A_url_without_user_or_database_is_accepted()
    {
        var cs = Parse("postgres://db.example");

        Assert.Equal("db.example", cs.Host);
        Assert.Null(cs.Username);
        Assert.Null(cs.Password);
        Assert.Null(cs.Database);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Sslmode_maps_to_SSL_Mode(string sslmode, SslMode expected) =>
        Assert.Equal(expected, Parse($"postgres://u:p@h/d?sslmode={sslmode}").SslMode);

    [Fact]
    public void Npgsql_keywords_in_the_query_are_applied()
    {
        var cs = Parse("postgres://u:p@h/d?connect_timeout=7&Include%20Error%20Detail=true");

        Assert.Equal(7, cs.Timeout);
        Assert.True(cs.IncludeErrorDetail);
    }

    [Fact]
    public void A_plain_connection_string_is_kept()
    {
        Assert.Equal("Host=h;Database=d", PostgresConnectionString.FromUrlOrConnectionString("Host=h;Database=d"));
        var cs = Parse("  Host=h;Port=6000;Database=d;Username=u;Password=p;SSL Mode=Require  ");
        Assert.Equal(("h", 6000, "d", "u", "p", SslMode.Require), (cs.Host, cs.Port, cs.Database, cs.Username, cs.Password, cs.SslMode));
    }

    [Fact]
    public void Pool_sizes_are_applied_to_urls_and_connection_strings()
    {
        var fromUrl = Parse("postgres://u:p@h/d", 2, 10);
        Assert.Equal((2, 10), (fromUrl.MinPoolSize, fromUrl.MaxPoolSize));

        var fromConnectionString = Parse("Host=h;Minimum Pool Size=1;Maximum Pool Size=5", null, 20);
        Assert.Equal((1, 20), (fromConnectionString.MinPoolSize, fromConnectionString.MaxPoolSize));

        var untouched = Parse("Host=h;Minimum Pool Size=1;Maximum Pool Size=5");
        Assert.Equal((1, 5), (untouched.MinPoolSize, untouched.MaxPoolSize));
    }

    [Fact]
    public void A_minimum_pool_size_above_the_maximum_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresConnectionString.FromUrlOrConnectionString("postgres://u:hunter2@h/d", 20, 10));
        Assert.Contains("must not exceed", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);

        // Against the default maximum (100) and the connection string's own maximum too.
        Assert.Throws<ArgumentException>(() => PostgresConnectionString.FromUrlOrConnectionString("Host=h", 101));
        Assert.Throws<ArgumentException>(() => PostgresConnectionString.FromUrlOrConnectionString("Host=h;Maximum Pool Size=5", 6));
    }

    [Fact]
    public void Out_of_range_pool_sizes_and_empty_values_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresConnectionString.FromUrlOrConnectionString("Host=h", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresConnectionString.FromUrlOrConnectionString("Host=h", null, 0));
        Assert.Throws<ArgumentNullException>(() => PostgresConnectionString.FromUrlOrConnectionString(null!));
        Assert.Throws<ArgumentException>(() => PostgresConnectionString.FromUrlOrConnectionString("  "));
    }

    [Theory]
    [InlineData("postgres://app:Hunter2Secret@")] // no host
    [InlineData("postgres://app:Hunter2Secret@db:notaport/metrics")] // bad port
    [InlineData("postgres://app:Hunter2Secret@db:99999/metrics")] // port out of range
    [InlineData("postgresql://app:Hunter2Secret@db/metrics?sslmode=sometimes")] // bad sslmode
    [InlineData("postgres://app:Hunter2Secret@db/metrics?Hunter2Secret=1")] // unknown parameter
    [InlineData("postgres://app:Hunter2Secret@db/metrics?connect_timeout=Hunter2Secret")] // bad value
    [InlineData("Host=db;Password=Hunter2Secret;Bogus Key=1")] // unknown keyword
    [InlineData("Host=db;Password=Hunter2Secret;Port=Hunter2Secret")] // bad value
    [InlineData("Host=db;Password=Hunter2Secret;garbage")] // not key=value
    public void Malformed_values_throw_FormatException_without_the_password(string value)
    {
        var e = Assert.Throws<FormatException>(() => PostgresConnectionString.FromUrlOrConnectionString(value));

        Assert.DoesNotContain("Hunter2Secret", e.ToString(), StringComparison.Ordinal);
        Assert.Null(e.InnerException);
        Assert.Contains("postgres://USER:PASSWORD@HOST", e.Message, StringComparison.Ordinal);
    }
}
