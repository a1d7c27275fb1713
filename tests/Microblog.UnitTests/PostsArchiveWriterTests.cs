using System.Text;
using System.Text.Json;
using Microblog.Tasks.Jobs;

namespace Microblog.UnitTests;

public class PostsArchiveWriterTests
{
    private static async Task<string> WriteAsync(params (string Body, DateTime Timestamp)[] posts)
    {
        using var stream = new MemoryStream();
        await using (var writer = new PostsArchiveWriter(stream))
        {
            foreach (var (body, timestamp) in posts)
                await writer.WritePostAsync(body, timestamp, default);
            await writer.CompleteAsync(default);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Writes_posts_indented_by_four_spaces_like_microblog()
    {
        var json = await WriteAsync(("hello", new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc)));

        var expected = """
            {
                "posts": [
                    {
                        "body": "hello",
                        "timestamp": "2026-11-23T10:00:00Z"
                    }
                ]
            }
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Writes_an_empty_list_when_there_are_no_posts()
    {
        var json = await WriteAsync();

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(0, doc.RootElement.GetProperty("posts").GetArrayLength());
    }

    [Fact]
    public async Task Keeps_quotes_accents_and_markup_round_trippable()
    {
        const string body = "\"Ça va?\" <b>yes</b> & 🎉\nnew line";

        var json = await WriteAsync((body, DateTime.UnixEpoch));

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(body, doc.RootElement.GetProperty("posts")[0].GetProperty("body").GetString());
        Assert.Contains("Ça va?", json);
    }

    [Theory]
    [InlineData(0, "2026-11-23T10:00:00Z")]
    [InlineData(5_000, "2026-11-23T10:00:00.0005Z")]
    [InlineData(1_234_560, "2026-11-23T10:00:00.123456Z")]
    public void Formats_timestamps_as_utc_without_fractional_noise(long ticks, string expected)
    {
        var timestamp = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc).AddTicks(ticks);

        Assert.Equal(expected, PostsArchiveWriter.FormatTimestamp(timestamp));
    }

    [Fact]
    public async Task Streams_large_archives_through_a_bounded_buffer()
    {
        var sink = new CountingStream();

        await using (var writer = new PostsArchiveWriter(sink))
        {
            for (var i = 0; i < 20_000; i++)
                await writer.WritePostAsync(new string('x', 140), DateTime.UnixEpoch, default);
            Assert.True(sink.Written > 2_000_000, "the writer should have flushed most posts already");
            await writer.CompleteAsync(default);
        }
    }

    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written += count;
    }
}
