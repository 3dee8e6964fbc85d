using System.Text;
using Kyc.Persistence.Migrations;

namespace Kyc.Persistence.Tests.Support;

/// <summary>A temporary directory of migration scripts, deleted afterwards.</summary>
internal sealed class ScriptDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kyc-migrations-").FullName;

    public string Write(string fileName, string sql) => WriteBytes(fileName, new UTF8Encoding(false).GetBytes(sql));

    public string WriteBytes(string fileName, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    public MigrationSource Source(string name) => MigrationSource.FromDirectory(name, Path);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
