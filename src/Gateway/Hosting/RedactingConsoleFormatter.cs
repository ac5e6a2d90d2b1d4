using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// The console's lines as the simple formatter writes them (level, category, scopes with the trace id, message,
/// exception), with every query string and everything token-shaped replaced: whatever a category logs at whatever
/// level an operator enables (the request line of Microsoft.AspNetCore.Hosting.Diagnostics included, an invitation link's path too), no token a
/// client sent reaches the log. A token in a query string is refused, but it was still sent.
/// </summary>
public sealed partial class RedactingConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "presessions";

    private const string Padding = "      ";

    /// <summary>A URL's query (from '?' to the next blank or quote), a bearer credential, and PreSessions' tokens.</summary>
    [GeneratedRegex("""(?<=[^\s?"'])\?[^\s"']+|(?i:bearer)\s+[^\s"']+|\bps[oci]_[A-Za-z0-9_\-]+""")]
    private static partial Regex Secrets();

    public static string Redact(string text) => Secrets().Replace(text, match => match.Value[0] switch
    {
        '?' => "?[redacted]",
        'p' => match.Value[..4] + "[redacted]",
        _ => "Bearer [redacted]",
    });

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
            return;
        var line = new StringBuilder()
            .Append(Level(logEntry.LogLevel)).Append(": ").Append(logEntry.Category)
            .Append('[').Append(logEntry.EventId.Id).Append(']').AppendLine();
        if (options.CurrentValue.IncludeScopes && scopeProvider is not null)
        {
            var scopes = new StringBuilder();
            scopeProvider.ForEachScope((scope, text) => text.Append(" => ").Append(scope), scopes);
            if (scopes.Length > 0)
                line.Append(Padding).Append(scopes.ToString(4, scopes.Length - 4).Insert(0, "=> ")).AppendLine();
        }
        if (!string.IsNullOrEmpty(message))
            line.Append(Padding).Append(message.Replace(Environment.NewLine, Environment.NewLine + Padding)).AppendLine();
        if (logEntry.Exception is { } exception)
            line.Append(Padding).Append(exception.ToString().Replace(Environment.NewLine, Environment.NewLine + Padding)).AppendLine();
        textWriter.Write(Redact(line.ToString()));
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
