using System.Net;
using Microblog.Web.Configuration;

namespace Microblog.UnitTests.Configuration;

public class RedisUrlTests
{
    [Fact]
    public void Redis_url_with_password_and_database_is_translated()
    {
        var options = RedisUrl.Parse("redis://:p%40ss@cache.example.com:6380/2");

        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(("cache.example.com", 6380), (endpoint.Host, endpoint.Port));
        Assert.Equal("p@ss", options.Password);
        Assert.Null(options.User);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void Rediss_url_turns_on_tls_with_the_host_as_sni_name()
    {
        var options = RedisUrl.Parse("rediss://default:pw@secure.example.com:25061");

        Assert.True(options.Ssl);
        Assert.Equal("secure.example.com", options.SslHost);
        Assert.Equal("default", options.User);
        Assert.Equal("pw", options.Password);
    }

    [Fact]
    public void Plain_stackexchange_configuration_string_still_works()
    {
        var options = RedisUrl.Parse("127.0.0.1:6400,password=x");

        var endpoint = Assert.Single(options.EndPoints);
        Assert.Contains("6400", endpoint.ToString());
        Assert.Equal("x", options.Password);
    }

    [Theory]
    [InlineData("redis://h:1/notanumber")]
    [InlineData("redis://")]
    public void Malformed_url_is_a_format_error(string url) =>
        Assert.Throws<FormatException>(() => RedisUrl.Parse(url));
}
