using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kyc.Persistence.Migrations;

/// <summary>
/// One versioned SQL script, named like <c>V0001__create_cases.sql</c>. <see cref="Origin"/> says where it was read
/// from (a file path or an embedded resource) for error messages and logs.
/// </summary>
public sealed partial record MigrationScript(int Version, string Description, string Origin, string Sql, string Checksum)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a script from its file name (which gives version and description) and raw content.</summary>
    public static MigrationScript Parse(string fileName, ReadOnlySpan<byte> content, string origin)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
            throw new FormatException($"Migration script '{origin}' is not named like V0001__description.sql.");
        if (!int.TryParse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version <= 0)
            throw new FormatException($"Migration script '{origin}' has a version that is not a positive 32-bit integer.");

        var normalised = MigrationChecksum.NormaliseLineEndings(content);
        var text = normalised.AsSpan();
        if (text.StartsWith(StrictUtf8.Preamble)) text = text[StrictUtf8.Preamble.Length..];
        string sql;
        try
        {
            sql = StrictUtf8.GetString(text);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"Migration script '{origin}' is not valid UTF-8.", e);
        }

        var description = match.Groups["description"].Value.Replace('_', ' ');
        return new MigrationScript(version, description, origin, sql, MigrationChecksum.Of(normalised));
    }

    [GeneratedRegex(@"^V(?<version>[0-9]+)__(?<description>[^/\\]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
