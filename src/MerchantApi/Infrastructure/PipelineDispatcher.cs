using System.Collections.Concurrent;

namespace MerchantApi.Infrastructure;

/// <summary>
/// Runs work queued from any thread on the pipeline thread, while that thread waits for async work to finish.
/// </summary>
internal sealed class PipelineDispatcher
{
    private readonly BlockingCollection<Action> _queue = new();

    public void Post(Action action) => _queue.Add(action);

    /// <summary>Runs queued actions on the calling (pipeline) thread until <paramref name="task"/> completes.</summary>
    public void RunUntil(Task task)
    {
        if (!task.IsCompleted)
        {
            task.ContinueWith(static (_, state) => ((PipelineDispatcher)state!).Post(static () => { }), this,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        while (!task.IsCompleted)
            _queue.Take()();
        Drain();
    }

    /// <summary>Runs whatever is queued now, without waiting.</summary>
    public void Drain()
    {
        while (_queue.TryTake(out var action))
            action();
    }
}
