using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CopilotMetrics.Analytics;

public sealed partial class CopilotAnalytics
{
    /// <summary>The prefix of every pseudonym: no GitHub login contains <c>~</c>, so a pseudonym is never mistaken for one.</summary>
    public const string PseudonymPrefix = "anon~";

    /// <summary>Whether per-user answers show pseudonyms (<see cref="AnalyticsOptions.PseudonymSecret"/> is set).</summary>
    public bool Pseudonymizes => Options.PseudonymSecret is not null;

    /// <summary>
    /// What a per-user answer shows for a user: the login, or with <see cref="AnalyticsOptions.PseudonymSecret"/> set,
    /// <see cref="PseudonymPrefix"/> and the first 12 hex digits of HMAC-SHA256(secret, the user id in decimal):
    /// stable for one user and secret, different under another secret.
    /// </summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="login">The login.</param>
    /// <returns>The login or its pseudonym.</returns>
    public string DisplayLogin(long userId, string login) => Options.PseudonymSecret is { } secret ? Pseudonym(secret, userId) : login;

    /// <summary>The pseudonym of <paramref name="userId"/> under <paramref name="secret"/> (see <see cref="DisplayLogin"/>).</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="userId">The user's id.</param>
    /// <returns>The pseudonym.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is null or empty.</exception>
    public static string Pseudonym(string secret, long userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(userId.ToString(CultureInfo.InvariantCulture)), hash);
        return PseudonymPrefix + Convert.ToHexStringLower(hash[..6]);
    }
}
