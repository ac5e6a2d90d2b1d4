namespace PreSessions;

/// <summary>
/// The contract's lower-case words for what a command came to: the HTTP answers use them, and so do the spans and
/// metrics that count them, so an operator reads the same word everywhere.
/// </summary>
public static class OutcomeNames
{
    public static string Name(this ApplicationStatus status) => status switch
    {
        ApplicationStatus.Panel => "panel",
        ApplicationStatus.Waitlist => "waitlist",
        ApplicationStatus.Pending => "pending",
        _ => "declined",
    };

    public static string Name(this RsvpStatus status) => status switch
    {
        RsvpStatus.Confirmed => "confirmed",
        RsvpStatus.Waitlist => "waitlist",
        _ => "declined",
    };

    public static string Name(this RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => "not_found",
        RefusalKind.Forbidden => "forbidden",
        RefusalKind.Invalid => "invalid",
        _ => "conflict",
    };

    public static string Name(this TimerCommand command) => command.ToString().ToLowerInvariant();

    public static string Name(this TimerState state) => state.ToString().ToLowerInvariant();

    public static string Name(this RundownItemKind kind) => kind.ToString().ToLowerInvariant();

    public static string Name(this ReleaseStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(this ReleasedStatus status) => status.ToString().ToLowerInvariant();

    public const string Withdrawn = "withdrawn", Selected = "selected";

    /// <summary>A statement's version stored, on time or after its due date; a version approved.</summary>
    public const string Submitted = "submitted", Late = "late", Approved = "approved";

    /// <summary>A pre-session scheduled for the first time, or its plan changed.</summary>
    public const string Created = "created", Changed = "changed";

    /// <summary>A mission recorded at the door as attending, or (0 delegates) as absent.</summary>
    public const string Attended = "attended", Absent = "absent";

    /// <summary>A timer command that fitted the timer's state.</summary>
    public const string Accepted = "accepted";
}
