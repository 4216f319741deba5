using MerchantApi.Bulk;

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
        {
            queue.Add(async _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(20);
                Interlocked.Decrement(ref running);
                return 0;
            });
        }
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

    [Fact]
    public async Task A_full_window_makes_the_producer_wait_for_the_item_half_way_through_it_not_the_oldest()
    {
        using var queue = new OrderedWorkQueue<int>(4, CancellationToken.None);
        var gates = FillWithGatedItems(queue);
        Assert.True(queue.IsFull);
        var awaited = (Task<int>)queue.NextWake;
        gates[0].SetResult(0);
        await queue.Head;
        Assert.False(awaited.IsCompleted); // the oldest finishing does not wake the producer
        for (var i = 1; i < queue.Capacity; i++) gates[i].SetResult(i);
        Assert.Equal(queue.Capacity / 2 - 1, await awaited);
    }

    [Fact]
    public async Task Once_the_half_way_item_has_finished_the_producer_waits_for_the_oldest_instead()
    {
        using var queue = new OrderedWorkQueue<int>(8, CancellationToken.None);
        var gates = FillWithGatedItems(queue);
        var halfWay = (Task<int>)queue.NextWake;
        for (var i = 1; i < queue.Capacity / 2; i++) gates[i].SetResult(i); // everything up to half-way but the oldest
        await halfWay;
        var next = (Task<int>)queue.NextWake;
        Assert.False(next.IsCompleted); // not a finished task, which would make the producer spin
        gates[0].SetResult(0);
        Assert.Equal(0, await next);
    }

    [Fact]
    public async Task Cancelling_ends_waiting_items_without_starting_them()
    {
        using var stop = new CancellationTokenSource();
        using var queue = new OrderedWorkQueue<int>(2, stop.Token);
        var started = 0;
        for (var i = 0; i < 6; i++)
            queue.Add(async token => { Interlocked.Increment(ref started); await Task.Delay(Timeout.Infinite, token); return 0; });
        while (Volatile.Read(ref started) < 2) await Task.Delay(1);
        stop.Cancel();
        while (queue.Count > 0)
        {
            await Task.WhenAny(queue.Head);
            Assert.ThrowsAny<OperationCanceledException>(() => queue.TryTakeFinished(out _));
        }
        Assert.Equal(2, started);
    }

    [Fact]
    public async Task Work_that_throws_before_its_first_await_fails_only_its_own_item()
    {
        using var queue = new OrderedWorkQueue<int>(1, CancellationToken.None);
        queue.Add(_ => throw new InvalidOperationException("bad row"));
        queue.Add(_ => Task.FromResult(2));
        await Task.WhenAny(queue.Head);
        Assert.Equal("bad row", Assert.Throws<InvalidOperationException>(() => queue.TryTakeFinished(out _)).Message);
        await Task.WhenAny(queue.Head);
        Assert.True(queue.TryTakeFinished(out var second));
        Assert.Equal(2, second);
    }

    /// <summary>Fills the window with items that finish when their gate is given a result.</summary>
    private static TaskCompletionSource<int>[] FillWithGatedItems(OrderedWorkQueue<int> queue)
    {
        var gates = Enumerable.Range(0, queue.Capacity).Select(_ => new TaskCompletionSource<int>()).ToArray();
        foreach (var gate in gates)
            queue.Add(_ => gate.Task);
        return gates;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
