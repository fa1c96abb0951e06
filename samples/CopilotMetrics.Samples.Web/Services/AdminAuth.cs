using System.Security.Cryptography;
using System.Text;

namespace CopilotMetrics.Samples.Web.Services;

/// <summary>
/// Checks the admin secret (header <c>X-Admin-Secret</c> or <c>Authorization: Bearer</c>). Both sides are hashed with
/// SHA-256 first and the hashes compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither the
/// content nor the length of the secret leaks through timing. No configured secret: admin access is disabled.
/// </summary>
internal sealed class AdminAuth
{
    public const string HeaderName = "X-Admin-Secret";

    private readonly byte[]? _secretHash;

    public AdminAuth(WebSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _secretHash = settings.AdminSecret is { Length: > 0 } secret ? SHA256.HashData(Encoding.UTF8.GetBytes(secret)) : null;
    }

    public bool Enabled => _secretHash is not null;

    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_secretHash is null)
        {
            return false;
        }

        string? presented = null;
        if (request.Headers.TryGetValue(HeaderName, out var header) && header.Count == 1)
        {
            presented = header[0];
        }
        else if (request.Headers.Authorization is { Count: 1 } authorization
                 && authorization[0] is { } value
                 && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = value["Bearer ".Length..].Trim();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        return CryptographicOperations.FixedTimeEquals(hash, _secretHash);
    }

    /// <summary>Null when the request may pass; otherwise the 404 (disabled) or 401 answer.</summary>
    public IResult? Check(HttpContext context, string what)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enabled)
        {
            return Problems.NotFound($"{what} disabled", $"{what}: disabled because no admin secret is configured (set ADMIN_API_SECRET).");
        }

        if (!IsAuthorized(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(
                title: "Admin secret required",
                detail: $"Send the admin secret in the {HeaderName} header or as Authorization: Bearer <secret>.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return null;
    }
}
