namespace MerchantApi.Bulk;

/// <summary>
/// Runs up to <c>throttleLimit</c> items at once and hands results back strictly in the order the items were
/// added. The number of items held (running, waiting for a slot, or finished behind a slower one) is bounded, so a
/// huge input streams through in constant memory: the producer waits when the window is full.
/// </summary>
/// <remarks>
/// Built to cost little per item: an item waiting for a slot starts on the thread that frees it (no hop through
/// the thread pool, no semaphore), and the producer, when the window is full, waits for the item half-way through
/// it rather than for the oldest, so it wakes once per half window instead of once per item while the other half
/// keeps every slot busy. Add, Count, Head, NextWake and TryTakeFinished belong to the producer's thread.
/// </remarks>
internal sealed class OrderedWorkQueue<T> : IDisposable
{
    private readonly List<Task<T>> _window = new();
    private int _head;
    private readonly object _gate = new();
    private readonly Queue<Item> _waiting = new();
    private int _running;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenRegistration _onCancel;

    public OrderedWorkQueue(int throttleLimit, CancellationToken cancellation)
    {
        ThrottleLimit = Math.Max(1, throttleLimit);
        // Room for finished results queued behind a slow head, so one slow request does not idle the others.
        Capacity = ThrottleLimit * 4;
        _cancellation = cancellation;
        _onCancel = cancellation.Register(static state => ((OrderedWorkQueue<T>)state!).CancelWaiting(), this);
    }

    public int ThrottleLimit { get; }
    public int Capacity { get; }
    public int Count => _window.Count - _head;
    public bool IsFull => Count >= Capacity;

    /// <summary>The oldest item's task.</summary>
    public Task Head => Count > 0 ? _window[_head] : Task.CompletedTask;

    /// <summary>
    /// What the producer waits for when the window is full or at the end: the item half-way through it, or the
    /// oldest once that one has finished (a slow oldest item then holds up the rest, and waiting for a finished
    /// item would only spin).
    /// </summary>
    public Task NextWake
    {
        get
        {
            if (Count == 0) return Task.CompletedTask;
            var halfWay = _window[_head + Math.Min(Count, Math.Max(1, Capacity / 2)) - 1];
            return halfWay.IsCompleted ? _window[_head] : halfWay;
        }
    }

    /// <summary>Starts <paramref name="work"/> now if a slot is free, else as soon as one is.</summary>
    public void Add(Func<CancellationToken, Task<T>> work)
    {
        var item = new Item(this, work);
        _window.Add(item.Task);
        lock (_gate)
        {
            if (_running >= ThrottleLimit)
            {
                _waiting.Enqueue(item);
                return;
            }
            _running++;
        }
        // Started from the thread pool, not here: the producer's thread has rows to read and results to write.
        ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
    }

    /// <summary>An item whose result is known without any work (e.g. invalid input), kept in order.</summary>
    public void AddCompleted(T result) => _window.Add(Task.FromResult(result));

    /// <summary>Takes the oldest item if it has finished; a faulted item rethrows here.</summary>
    public bool TryTakeFinished(out T result)
    {
        if (Count == 0 || !_window[_head].IsCompleted)
        {
            result = default!;
            return false;
        }
        var finished = _window[_head];
        _window[_head++] = null!;
        if (_head >= 1024 && _head * 2 >= _window.Count)
        {
            _window.RemoveRange(0, _head);
            _head = 0;
        }
        result = finished.GetAwaiter().GetResult();
        return true;
    }

    public void Dispose() => _onCancel.Dispose();

    /// <summary>Runs an item, then whatever waits for its slot; loops rather than recursing when work finishes at once.</summary>
    private void Run(Item? item)
    {
        while (item is not null)
        {
            Task<T> task;
            try
            {
                task = _cancellation.IsCancellationRequested ? Task.FromCanceled<T>(_cancellation) : item.Work(_cancellation);
            }
            catch (Exception ex)
            {
                task = Task.FromException<T>(ex);
            }
            if (!task.IsCompleted)
            {
                task.ContinueWith(static (finished, state) => ((Item)state!).Finish(finished), item,
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return;
            }
            item.SetFrom(task);
            item = NextWaiting();
        }
    }

    /// <summary>The next item for a slot just freed, or null (and the slot released) when none waits.</summary>
    private Item? NextWaiting()
    {
        lock (_gate)
        {
            if (_waiting.TryDequeue(out var next))
                return next;
            _running--;
            return null;
        }
    }

    private void CancelWaiting()
    {
        Item[] cancelled;
        lock (_gate)
        {
            cancelled = _waiting.ToArray();
            _waiting.Clear();
        }
        foreach (var item in cancelled)
            item.TrySetCanceled(_cancellation);
    }

    private sealed class Item : TaskCompletionSource<T>, IThreadPoolWorkItem
    {
        private readonly OrderedWorkQueue<T> _queue;

        // Whoever waits for an item (the producer) continues elsewhere, never inside the thread that starts the next item.
        public Item(OrderedWorkQueue<T> queue, Func<CancellationToken, Task<T>> work)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            _queue = queue;
            Work = work;
        }

        public Func<CancellationToken, Task<T>> Work { get; }

        public void Execute() => _queue.Run(this);

        public void Finish(Task<T> finished)
        {
            SetFrom(finished);
            _queue.Run(_queue.NextWaiting());
        }

        public void SetFrom(Task<T> finished)
        {
            if (finished.IsCompletedSuccessfully)
                TrySetResult(finished.Result);
            else if (finished.IsCanceled)
                TrySetCanceled(_queue._cancellation);
            else
                TrySetException(finished.Exception!.InnerExceptions);
        }
    }
}
