using System.Security.Cryptography;
using PreSessions.Silo.Hosting;

namespace PreSessions.Gateway.Auth;

/// <summary>
/// The organisers' token: <c>Auth:OperatorToken</c> from configuration, else one generated on first start and kept
/// in the data directory (readable by its owner only), so a restart keeps it.
/// </summary>
public sealed class OperatorToken(string value)
{
    public const string ConfigurationKey = "Auth:OperatorToken";

    public string Value { get; } = value;

    public bool Matches(string token) => Tokens.FixedTimeEquals(token, Value);

    public static OperatorToken FromConfiguration(IConfiguration configuration)
    {
        if (configuration[ConfigurationKey] is { Length: > 0 } configured)
            return new OperatorToken(configured);

        var file = Path.Combine(SiloHosting.DataDirectory(configuration), "operator-token");
        if (File.Exists(file))
        {
            Console.WriteLine($"Operator token: kept in {file}");
            return new OperatorToken(File.ReadAllText(file).Trim());
        }

        var token = "pso_operator_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, token);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Printed once, on the console only (never to the logs): this is the one time an operator sees it.
        Console.WriteLine($"Operator token (generated, kept in {file}): {token}");
        return new OperatorToken(token);
    }
}
