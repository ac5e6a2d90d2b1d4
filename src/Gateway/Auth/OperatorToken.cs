using System.Security.Cryptography;

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

        var file = Path.Combine(DataDirectory.Private(DataDirectory.Path(configuration)), "operator-token");
        if (File.Exists(file))
        {
            Console.WriteLine($"Operator token: kept in {file}");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, DataDirectory.OwnerOnlyFile);
            return new OperatorToken(File.ReadAllText(file).Trim());
        }

        var token = "pso_operator_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using (var writer = new StreamWriter(DataDirectory.OpenPrivateFile(file, FileMode.Create)))
            writer.Write(token);
        // Printed once, on the console only (never to the logs): this is the one time an operator sees it.
        Console.WriteLine($"Operator token (generated, kept in {file}): {token}");
        return new OperatorToken(token);
    }
}
