using System.Security.Cryptography;
using System.Text;
using Kyc.Persistence.Migrations;
using Kyc.Persistence.Tests.Support;
using Xunit;

namespace Kyc.Persistence.Tests.Migrations;

public sealed class MigrationSourceTests
{
    [Fact]
    public void Scripts_from_a_directory_are_ordered_by_numeric_version_and_described_by_their_name()
    {
        using var directory = new ScriptDirectory();
        directory.Write("V10__add_index.sql", "SELECT 10;");
        directory.Write("V2__add_parties.sql", "SELECT 2;");
        var first = directory.Write("V0001__create_cases.sql", "SELECT 1;");
        directory.Write("README.md", "not a script");

        var source = directory.Source("onboarding");

        Assert.Equal("onboarding", source.Name);
        Assert.Equal([1, 2, 10], source.Scripts.Select(s => s.Version));
        Assert.Equal(["create cases", "add parties", "add index"], source.Scripts.Select(s => s.Description));
        Assert.Equal(first, source.Scripts[0].Origin);
        Assert.Equal("SELECT 1;", source.Scripts[0].Sql);
    }

    [Fact]
    public void The_checksum_is_the_sha256_of_the_file_with_crlf_normalised_to_lf()
    {
        using var directory = new ScriptDirectory();
        directory.Write("V1__windows.sql", "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n")));

        var script = Assert.Single(directory.Source("svc").Scripts);

        Assert.Equal(expected, script.Checksum);
        Assert.DoesNotContain('\r', script.Sql);
    }

    [Fact]
    public void A_sql_file_not_named_like_a_versioned_script_is_refused()
    {
        using var directory = new ScriptDirectory();
        var misnamed = directory.Write("create_cases.sql", "SELECT 1;");

        var error = Assert.Throws<FormatException>(() => directory.Source("svc"));

        Assert.Contains(misnamed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_scripts_with_the_same_version_are_refused()
    {
        using var directory = new ScriptDirectory();
        directory.Write("V1__first.sql", "SELECT 1;");
        directory.Write("V0001__also_first.sql", "SELECT 1;");

        var error = Assert.Throws<ArgumentException>(() => directory.Source("svc"));

        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_refused()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        Assert.Throws<DirectoryNotFoundException>(() => MigrationSource.FromDirectory("svc", missing));
    }

    [Fact]
    public void The_library_ships_its_tables_as_embedded_scripts_of_its_own_source()
    {
        var source = KycPersistenceMigrations.Source;

        Assert.Equal("kyc.persistence", source.Name);
        Assert.Equal(["create outbox", "create inbox", "create idempotency keys", "index outbox published at", "notify after commit"], source.Scripts.Select(s => s.Description));
        Assert.Equal([1, 2, 3, 4, 5], source.Scripts.Select(s => s.Version));
    }

    [Fact]
    public void Embedded_resources_under_a_prefix_that_does_not_exist_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() =>
            MigrationSource.FromEmbeddedResources("svc", typeof(KycPersistenceMigrations).Assembly, "no.such.prefix/"));
    }
}
