using System.Security.Cryptography;

namespace Kyc.Persistence.Migrations;

/// <summary>SHA-256 (lowercase hex) of a script's bytes after CRLF is normalised to LF, so a checkout on Windows matches.</summary>
internal static class MigrationChecksum
{
    public static byte[] NormaliseLineEndings(ReadOnlySpan<byte> content)
    {
        var normalised = new byte[content.Length];
        var length = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n') continue;
            normalised[length++] = content[i];
        }
        return normalised[..length];
    }

    public static string Of(ReadOnlySpan<byte> normalisedContent) =>
        Convert.ToHexStringLower(SHA256.HashData(normalisedContent));
}
