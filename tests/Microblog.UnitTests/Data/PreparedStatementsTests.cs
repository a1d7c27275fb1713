using Microblog.Data;
using Npgsql;

namespace Microblog.UnitTests.Data;

public class PreparedStatementsTests
{
    [Fact]
    public void A_connection_string_that_says_nothing_gets_prepared_statements()
    {
        var prepared = new NpgsqlConnectionStringBuilder(
            DataServiceCollectionExtensions.WithPreparedStatements("Host=127.0.0.1;Username=postgres;Maximum Pool Size=30"));

        Assert.Equal(DataServiceCollectionExtensions.MaxAutoPrepare, prepared.MaxAutoPrepare);
        Assert.Equal(30, prepared.MaxPoolSize);
        Assert.Equal("127.0.0.1", prepared.Host);
    }

    [Theory]
    [InlineData("Host=h;Max Auto Prepare=0", 0)]
    [InlineData("Host=h;maxautoprepare=0", 0)]
    [InlineData("Host=h;MAX AUTO PREPARE=7", 7)]
    public void An_operators_own_setting_is_kept(string connectionString, int expected)
    {
        var kept = DataServiceCollectionExtensions.WithPreparedStatements(connectionString);

        Assert.Equal(connectionString, kept);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(kept).MaxAutoPrepare);
    }
}
