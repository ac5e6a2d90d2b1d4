namespace PreSessions.IntegrationTests.Postgres;

// Test-only grains. The two counters deliberately share the state name and take the same string keys: exactly what
// the stock ADO.NET provider cannot tell apart on its own.

public interface IPostgresCounterGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> Get();
}

public interface IPostgresTallyGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> Get();
}

[GenerateSerializer]
public sealed class CountState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class PostgresCounterGrain(
    [PersistentState(PostgresCounterGrain.StateName, StorageNames.Grains)] IPersistentState<CountState> state)
    : Grain, IPostgresCounterGrain
{
    public const string StateName = "count";

    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);
}

public sealed class PostgresTallyGrain(
    [PersistentState(PostgresCounterGrain.StateName, StorageNames.Grains)] IPersistentState<CountState> state)
    : Grain, IPostgresTallyGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);
}

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Register(string reminderName, TimeSpan dueTime, TimeSpan period);
    Task Unregister(string reminderName);
    Task<int> TicksOf(string reminderName);
}

/// <summary>Counts the ticks of its reminders in memory: a tick keeps the activation alive long enough to ask.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private readonly Dictionary<string, int> _ticks = [];

    public Task Register(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task Unregister(string reminderName)
    {
        var reminder = await this.GetReminder(reminderName)
            ?? throw new InvalidOperationException($"No reminder '{reminderName}' to unregister.");
        await this.UnregisterReminder(reminder);
    }

    public Task<int> TicksOf(string reminderName) => Task.FromResult(_ticks.GetValueOrDefault(reminderName));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks[reminderName] = _ticks.GetValueOrDefault(reminderName) + 1;
        return Task.CompletedTask;
    }
}
