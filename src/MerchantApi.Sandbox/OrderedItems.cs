namespace MerchantApi.Sandbox;

/// <summary>
/// A list kept in the order a find pages through (customers by creation, operations newest first). Not thread-safe:
/// its store holds a lock around every call.
/// </summary>
internal sealed class OrderedItems<T>(IComparer<T> order)
{
    private readonly List<T> _items = [];

    public void Insert(T item)
    {
        // Items mostly arrive in order (the clock moves forward), so appending is the common case.
        if (_items.Count == 0 || order.Compare(_items[^1], item) < 0)
        {
            _items.Add(item);
        }
        else
        {
            _items.Insert(~_items.BinarySearch(item, order), item);
        }
    }

    /// <summary>Many items at once (seeding, a test's list): one sort instead of an insertion each into the middle.</summary>
    public void InsertRange(IEnumerable<T> items)
    {
        _items.AddRange(items);
        _items.Sort(order);
    }

    /// <summary>Puts <paramref name="updated"/> where <paramref name="current"/> is; both must sort to the same place.</summary>
    public void Replace(T current, T updated) => _items[_items.BinarySearch(current, order)] = updated;

    /// <summary>The items that match, after skipping <paramref name="skip"/> of them, at most <paramref name="take"/>.</summary>
    public List<T> Page(Func<T, bool> matches, int skip, int take)
    {
        var results = new List<T>(Math.Min(take, 32));
        var skipped = 0;
        foreach (var item in _items)
        {
            if (!matches(item))
            {
                continue;
            }

            if (skipped < skip)
            {
                skipped++;
                continue;
            }

            results.Add(item);
            if (results.Count >= take)
            {
                break;
            }
        }

        return results;
    }

    public void Clear() => _items.Clear();
}
