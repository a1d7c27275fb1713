using System.Security.Cryptography;
using System.Text;

namespace Microblog.Tasks.Queue;

/// <summary>A Lua script and its SHA1, so it is sent once and run by EVALSHA afterwards.</summary>
internal sealed class RedisScript(string text)
{
    public string Text { get; } = text;
    public byte[] Sha1 { get; } = SHA1.HashData(Encoding.UTF8.GetBytes(text));
}
