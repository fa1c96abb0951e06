namespace CopilotMetrics;

/// <summary>GitHub App credentials.</summary>
public sealed class GitHubAppCredentials
{
    /// <summary>The App's id (or client id).</summary>
    public string? AppId { get; set; }

    /// <summary>The App's private key in PEM form (<c>-----BEGIN RSA PRIVATE KEY-----</c> …).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A file holding the private key in PEM form, used when <see cref="PrivateKey"/> is not set.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The installation to use; found from the organization or enterprise when not set.</summary>
    public long? InstallationId { get; set; }
}
