namespace MerchantApi.Sandbox.Operations;

/// <summary>
/// The find filters. All given filters must match: type, status, externalId, sourceAsset and targetAsset exactly,
/// walletId case-insensitively (uuid text); dateFrom/dateTo are inclusive bounds on createdAt.
/// </summary>
internal sealed class OperationQuery
{
    /// <summary>Sandbox convention: take defaults to 10 (the provider documents none), capped like every find's.</summary>
    public const int DefaultTake = 10;

    public OperationType? Type { get; init; }

    public OperationStatus? Status { get; init; }

    public string? WalletId { get; init; }

    public string? ExternalId { get; init; }

    public string? SourceAsset { get; init; }

    public string? TargetAsset { get; init; }

    public DateTimeOffset? DateFrom { get; init; }

    public DateTimeOffset? DateTo { get; init; }

    public int Take { get; init; } = DefaultTake;

    public int Skip { get; init; }

    public bool Matches(SandboxOperation o)
    {
        var v = o.Values;
        return (Type is null || o.Type == Type) &&
               (Status is null || o.Status == Status) &&
               (WalletId is null || string.Equals(o.WalletId.ToString(), WalletId, StringComparison.OrdinalIgnoreCase)) &&
               (ExternalId is null || v[OperationFields.ExternalId] == ExternalId) &&
               (SourceAsset is null || v[OperationFields.SourceAsset] == SourceAsset) &&
               (TargetAsset is null || v[OperationFields.TargetAsset] == TargetAsset) &&
               (DateFrom is null || o.CreatedAt >= DateFrom) &&
               (DateTo is null || o.CreatedAt <= DateTo);
    }
}

/// <summary>
/// The operations of every wallet, in memory, under one lock. Order: newest createdAt first, then id, so that paging
/// through a find is deterministic (sandbox convention: the provider documents no order).
/// </summary>
internal sealed class OperationStore
{
    private static readonly Comparer<SandboxOperation> NewestFirst = Comparer<SandboxOperation>.Create(static (a, b) =>
    {
        var c = b.CreatedAt.CompareTo(a.CreatedAt);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxOperation> _byId = new(StringComparer.Ordinal);
    private readonly OrderedItems<SandboxOperation> _ordered = new(NewestFirst);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Adds all or none: null when added, else the first id that is taken (by a stored operation or an earlier one of the list).</summary>
    public string? Add(IReadOnlyList<SandboxOperation> operations)
    {
        lock (_gate)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            if (operations.FirstOrDefault(o => _byId.ContainsKey(o.Id) || !ids.Add(o.Id)) is { } taken)
            {
                return taken.Id;
            }

            foreach (var operation in operations)
            {
                _byId.Add(operation.Id, operation);
            }

            _ordered.InsertRange(operations);

            return null;
        }
    }

    public SandboxOperation? Get(string id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public List<SandboxOperation> Find(OperationQuery query)
    {
        lock (_gate)
        {
            return _ordered.Page(query.Matches, query.Skip, query.Take);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _byId.Clear();
            _ordered.Clear();
        }
    }
}
