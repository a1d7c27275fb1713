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

    [Fact]
    public void Max_auto_prepare_in_the_url_turns_preparation_off_where_a_pooler_cannot_keep_it()
    {
        var cs = Microblog.Data.DataServiceCollectionExtensions.WithPreparedStatements(
            DatabaseUrl.ToConnectionString("postgres://u:p@h/db?sslmode=require&max_auto_prepare=0"));

        Assert.Equal(0, new NpgsqlConnectionStringBuilder(cs).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("postgres://u:p@h/db?max_auto_prepare=lots")]
    [InlineData("mysql://u:p@h/db")]
    [InlineData("postgres://u:p@h:5432/")]
    [InlineData("postgres://u:p@h/db?sslmode=sometimes")]
    public void Malformed_url_is_a_format_error(string url) =>
        Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(url));
}
