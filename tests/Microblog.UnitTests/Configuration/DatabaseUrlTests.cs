using Microblog.Web.Configuration;
using Npgsql;

namespace Microblog.UnitTests.Configuration;

public class DatabaseUrlTests
{
    [Fact]
    public void Heroku_url_becomes_an_npgsql_connection_string()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgres://bob:s%40cret@db.example.com:5433/blog?sslmode=require"));

        Assert.Equal("db.example.com", cs.Host);
        Assert.Equal(5433, cs.Port);
        Assert.Equal("blog", cs.Database);
        Assert.Equal("bob", cs.Username);
        Assert.Equal("s@cret", cs.Password);
        Assert.Equal(SslMode.Require, cs.SslMode);
    }

    [Fact]
    public void Port_defaults_to_5432_and_postgresql_scheme_is_accepted()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgresql://u:p@localhost/db"));

        Assert.Equal(5432, cs.Port);
        Assert.Equal("db", cs.Database);
    }

    [Theory]
    [InlineData("mysql://u:p@h/db")]
    [InlineData("postgres://u:p@h:5432/")]
    [InlineData("postgres://u:p@h/db?sslmode=sometimes")]
    public void Malformed_url_is_a_format_error(string url) =>
        Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(url));
}
