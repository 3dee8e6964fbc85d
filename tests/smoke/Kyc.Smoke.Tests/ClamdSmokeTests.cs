using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Kyc.Testing;
using Xunit;

namespace Kyc.Smoke.Tests;

public sealed class ClamdSmokeTests
{
    // Assembled at run time so that no file in the repository is itself the EICAR test file.
    private static readonly byte[] Eicar = Encoding.ASCII.GetBytes(
        @"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-" + "TEST-FILE!$H+H*");

    [Fact]
    public async Task The_eicar_test_string_inside_a_stream_is_found()
    {
        var content = Encoding.ASCII.GetBytes("%PDF-1.4 some preamble\n").Concat(Eicar).Concat(new byte[70_000]).ToArray();

        var reply = await ScanAsync(content);

        Assert.Equal("stream: Eicar-Test-Signature.UNOFFICIAL FOUND", reply);
    }

    [Fact]
    public async Task A_clean_stream_passes()
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Certificate of incorporation. ", 5_000)));

        Assert.Equal("stream: OK", await ScanAsync(content));
    }

    /// <summary>clamd INSTREAM: "zINSTREAM\0", then 4-byte big-endian length-prefixed chunks, then a zero length.</summary>
    private static async Task<string> ScanAsync(byte[] content)
    {
        var (host, port) = StackSettings.Clamd;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("zINSTREAM\0"));
        var length = new byte[4];
        foreach (var chunk in content.Chunk(16 * 1024))
        {
            BinaryPrimitives.WriteInt32BigEndian(length, chunk.Length);
            await stream.WriteAsync(length);
            await stream.WriteAsync(chunk);
        }
        await stream.WriteAsync(new byte[4]);
        using var reader = new MemoryStream();
        await stream.CopyToAsync(reader);
        return Encoding.ASCII.GetString(reader.ToArray()).TrimEnd('\0');
    }
}
