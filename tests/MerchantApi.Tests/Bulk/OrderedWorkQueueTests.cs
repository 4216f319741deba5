using MerchantApi.Customers;

namespace MerchantApi.Tests.Bulk;

public sealed class OrderedWorkQueueTests
{
    [Fact]
    public async Task Results_come_out_in_the_order_added_whatever_order_they_finish_in()
    {
        using var queue = new OrderedWorkQueue<int>(4, CancellationToken.None);
        var random = new Random(3);
        var results = new List<int>();
        for (var i = 0; i < 50; i++)
        {
            var item = i;
            var delay = random.Next(0, 15);
            queue.Add(async _ => { await Task.Delay(delay); return item; });
            while (queue.IsFull)
            {
                await queue.Head;
                while (queue.TryTakeFinished(out var r)) results.Add(r);
            }
        }
        while (queue.Count > 0)
        {
            await queue.Head;
            while (queue.TryTakeFinished(out var r)) results.Add(r);
        }
        Assert.Equal(Enumerable.Range(0, 50), results);
    }

    [Fact]
    public async Task Never_runs_more_than_the_throttle_limit_at_once()
    {
        using var queue = new OrderedWorkQueue<int>(3, CancellationToken.None);
        var running = 0;
        var peak = 0;
        for (var i = 0; i < queue.Capacity; i++)
            queue.Add(async _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(20);
                Interlocked.Decrement(ref running);
                return 0;
            });
        Assert.True(queue.IsFull);
        while (queue.Count > 0) { await queue.Head; queue.TryTakeFinished(out _); }
        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task Completed_items_keep_their_place_behind_running_ones()
    {
        using var queue = new OrderedWorkQueue<string>(2, CancellationToken.None);
        var gate = new TaskCompletionSource<string>();
        queue.Add(_ => gate.Task);
        queue.AddCompleted("second");
        Assert.False(queue.TryTakeFinished(out _));
        gate.SetResult("first");
        await queue.Head;
        Assert.True(queue.TryTakeFinished(out var first));
        Assert.True(queue.TryTakeFinished(out var second));
        Assert.Equal(("first", "second"), (first, second));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
