namespace CopilotMetrics.Storage.Sqlite.Tests;

/// <summary>A folder of its own under the temp directory, deleted (with the files in it) on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "copilot-metrics-sqlite-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
