using System.Diagnostics;

namespace MerchantApi.Sandbox.Faults;

/// <summary>
/// Delays that end when they are due, for the latency switch. <c>Task.Delay</c> measures time with the runtime's
/// coarse tick count, which on Linux advances in steps of the kernel tick (often 4 ms): a 25 ms delay took 28 ms
/// on average on our 2-core machines, so "--latency 25" served fewer requests than 16 / 25 ms. Here one background
/// thread waits for the earliest deadline, measured with the high-resolution <see cref="Stopwatch"/>.
/// </summary>
internal static class PreciseDelay
{
    private static readonly object Gate = new();
    private static readonly PriorityQueue<TaskCompletionSource, long> Due = new();
    private static readonly AutoResetEvent EarlierDeadline = new(false);
    private static Thread? _timerThread;

    public static Task WaitAsync(TimeSpan delay, CancellationToken cancellation)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        // Continuations run on the thread pool, never on the timer thread, so one slow request cannot delay others.
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        lock (Gate)
        {
            var wakeTimer = !Due.TryPeek(out _, out var earliest) || deadline < earliest;
            Due.Enqueue(completion, deadline);
            _timerThread ??= StartTimerThread();
            if (wakeTimer)
            {
                EarlierDeadline.Set();
            }
        }

        return cancellation.CanBeCanceled ? WaitCancellableAsync(completion, cancellation) : completion.Task;
    }

    // A cancelled delay stays queued until due; completing it then is a no-op.
    private static async Task WaitCancellableAsync(TaskCompletionSource completion, CancellationToken cancellation)
    {
        using var registration = cancellation.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), completion);
        await completion.Task.ConfigureAwait(false);
    }

    private static Thread StartTimerThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Sandbox latency timer" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        var ready = new List<TaskCompletionSource>();
        while (true)
        {
            int waitMs;
            lock (Gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (Due.TryPeek(out var completion, out var deadline) && deadline <= now)
                {
                    ready.Add(completion);
                    Due.Dequeue();
                }

                // Rounded up, so a delay never ends early; the wait itself is measured by the OS, not the coarse tick.
                waitMs = Due.TryPeek(out _, out var next)
                    ? (int)Math.Min(int.MaxValue, Math.Ceiling((next - now) * 1000.0 / Stopwatch.Frequency))
                    : Timeout.Infinite;
            }

            foreach (var completion in ready)
            {
                completion.TrySetResult();
            }

            ready.Clear();
            EarlierDeadline.WaitOne(waitMs);
        }
    }
}
