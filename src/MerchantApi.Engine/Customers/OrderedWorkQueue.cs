namespace MerchantApi.Customers;

/// <summary>
/// Runs up to <c>throttleLimit</c> items at once and hands results back strictly in the order the items were
/// added. The number of items held (running or finished but waiting behind a slower one) is bounded, so a huge
/// input streams through in constant memory: the producer waits when the window is full.
/// </summary>
public sealed class OrderedWorkQueue<T> : IDisposable
{
    private readonly Queue<Task<T>> _pending = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationToken _cancellation;

    public OrderedWorkQueue(int throttleLimit, CancellationToken cancellation)
    {
        ThrottleLimit = Math.Max(1, throttleLimit);
        // Room for finished results queued behind a slow head, so one slow request does not idle the others.
        Capacity = ThrottleLimit * 4;
        _slots = new SemaphoreSlim(ThrottleLimit, ThrottleLimit);
        _cancellation = cancellation;
    }

    public int ThrottleLimit { get; }
    public int Capacity { get; }
    public int Count => _pending.Count;
    public bool IsFull => _pending.Count >= Capacity;

    /// <summary>The oldest item's task: what the producer waits for when the window is full or at the end.</summary>
    public Task Head => _pending.Count > 0 ? _pending.Peek() : Task.CompletedTask;

    /// <summary>Starts <paramref name="work"/> as soon as a slot is free.</summary>
    public void Add(Func<CancellationToken, Task<T>> work) =>
        _pending.Enqueue(Task.Run(async () =>
        {
            await _slots.WaitAsync(_cancellation).ConfigureAwait(false);
            try
            {
                return await work(_cancellation).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }));

    /// <summary>An item whose result is known without any work (e.g. invalid input), kept in order.</summary>
    public void AddCompleted(T result) => _pending.Enqueue(Task.FromResult(result));

    /// <summary>Takes the oldest item if it has finished; a faulted item rethrows here.</summary>
    public bool TryTakeFinished(out T result)
    {
        if (_pending.Count > 0 && _pending.Peek().IsCompleted)
        {
            result = _pending.Dequeue().GetAwaiter().GetResult();
            return true;
        }
        result = default!;
        return false;
    }

    public void Dispose() => _slots.Dispose();
}
