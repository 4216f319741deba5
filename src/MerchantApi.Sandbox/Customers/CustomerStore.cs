using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Customers;

internal enum WriteOutcome
{
    Ok,
    NotFound,
    Conflict,
    Forbidden,
}

/// <summary>The result of a write: the new customer (Ok), the one holding the email (Conflict), the current one (Forbidden).</summary>
internal readonly record struct WriteResult(WriteOutcome Outcome, Customer? Customer);

/// <summary>A partial update: <see cref="Present"/>[i] says whether field i was sent (a sent null clears an optional field).</summary>
internal sealed class CustomerPatch
{
    public string?[] Values { get; } = new string?[CustomerFields.Count];

    public bool[] Present { get; } = new bool[CustomerFields.Count];

    public CustomerStatus? Status { get; set; }
}

/// <summary>
/// The find filters. All given filters must match. email (case-insensitive), walletId (case-insensitive), phoneNumber,
/// externalId and referralId are exact; fullName is "First Last" compared case-insensitively with runs of blanks
/// collapsed; comment is a case-insensitive substring; createdFrom/createdTo are inclusive bounds.
/// </summary>
internal sealed class CustomerQuery
{
    /// <summary>Sandbox convention: take defaults to 20 (and is capped at <see cref="FindRequest.MaxTake"/>).</summary>
    public const int DefaultTake = 20;

    public string? Email { get; set; }

    public string? WalletId { get; set; }

    public string? PhoneNumber { get; set; }

    public string? FullName { get; set; }

    public string? Comment { get; set; }

    public string? ExternalId { get; set; }

    public string? ReferralId { get; set; }

    public DateTimeOffset? CreatedFrom { get; set; }

    public DateTimeOffset? CreatedTo { get; set; }

    public int Take { get; set; } = DefaultTake;

    public int Skip { get; set; }

    public bool Matches(Customer c)
    {
        var v = c.Values;
        return (Email is null || string.Equals(c.Email, Email, StringComparison.OrdinalIgnoreCase)) &&
               (WalletId is null || string.Equals(c.WalletId.ToString(), WalletId, StringComparison.OrdinalIgnoreCase)) &&
               (PhoneNumber is null || v[CustomerFields.PhoneNumber] == PhoneNumber) &&
               (FullName is null || string.Equals(NormalizeName(c.FullName), FullName, StringComparison.OrdinalIgnoreCase)) &&
               (Comment is null || (v[CustomerFields.Comment]?.Contains(Comment, StringComparison.OrdinalIgnoreCase) ?? false)) &&
               (ExternalId is null || v[CustomerFields.ExternalId] == ExternalId) &&
               (ReferralId is null || v[CustomerFields.ReferralId] == ReferralId) &&
               (CreatedFrom is null || c.CreatedAt >= CreatedFrom) &&
               (CreatedTo is null || c.CreatedAt <= CreatedTo);
    }

    public static string NormalizeName(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>
/// The customers of the one merchant, in memory. One lock guards every index, so check-and-insert (the unique email)
/// is atomic under any number of concurrent clients; customers are immutable, so results are read outside the lock.
/// Order is createdAt, then insertion order (createdAt can go backwards when the clock skew is changed at run time).
/// </summary>
internal sealed class CustomerStore
{
    private static readonly Comparer<Customer> ByCreation = Comparer<Customer>.Create(static (a, b) =>
    {
        var c = a.CreatedAt.CompareTo(b.CreatedAt);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Customer> _byId = [];
    private readonly Dictionary<string, Guid> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<Guid> _walletIds = [];
    private readonly OrderedItems<Customer> _ordered = new(ByCreation);
    private long _sequence;

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

    public WriteResult Create(string?[] values, DateTimeOffset now) => Create(values, now, Guid.NewGuid(), Guid.NewGuid());

    /// <summary>A create with the ids given: seeding makes them from its seed, so equal seeds give equal customers.</summary>
    public WriteResult Create(string?[] values, DateTimeOffset now, Guid id, Guid walletId)
    {
        now = ApiJson.TruncateToMilliseconds(now);
        lock (_gate)
        {
            var email = values[CustomerFields.Email]!;
            if (_byEmail.TryGetValue(email, out var existingId))
            {
                return new WriteResult(WriteOutcome.Conflict, _byId[existingId]);
            }

            var customer = new Customer(id, walletId, CustomerStatus.Active, false, values, now, now, ++_sequence);
            _byId.Add(customer.Id, customer);
            _byEmail.Add(email, customer.Id);
            _walletIds.Add(walletId);
            _ordered.Insert(customer);
            return new WriteResult(WriteOutcome.Ok, customer);
        }
    }

    public Customer? Get(Guid id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>Whether a customer has this wallet (a wallet's id never changes, so no customer lookup is needed).</summary>
    public bool HasWallet(Guid walletId)
    {
        lock (_gate)
        {
            return _walletIds.Contains(walletId);
        }
    }

    /// <summary>A merchant's update. A status set by the provider (Blocked/Suspicious) cannot be changed → Forbidden.</summary>
    public WriteResult Update(Guid id, CustomerPatch patch, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var current))
            {
                return new WriteResult(WriteOutcome.NotFound, null);
            }

            if (patch.Status is { } wanted && wanted != current.Status && current.StatusSetByProvider)
            {
                return new WriteResult(WriteOutcome.Forbidden, current);
            }

            var values = (string?[])current.Values.Clone();
            for (var i = 0; i < values.Length; i++)
            {
                if (patch.Present[i])
                {
                    values[i] = patch.Values[i];
                }
            }

            var newEmail = values[CustomerFields.Email]!;
            if (_byEmail.TryGetValue(newEmail, out var holder) && holder != id)
            {
                return new WriteResult(WriteOutcome.Conflict, _byId[holder]);
            }

            var status = patch.Status ?? current.Status;
            var byProvider = status == current.Status && current.StatusSetByProvider;
            return Replace(current, current with
            {
                Values = values,
                Status = status,
                StatusSetByProvider = byProvider,
                UpdatedAt = NextUpdatedAt(current, now),
            });
        }
    }

    /// <summary>The provider sets a status: Blocked/Suspicious then cannot be lifted by the merchant; Active frees it.</summary>
    public WriteResult SetProviderStatus(Guid id, CustomerStatus status, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var current))
            {
                return new WriteResult(WriteOutcome.NotFound, null);
            }

            return Replace(current, current with
            {
                Status = status,
                StatusSetByProvider = status != CustomerStatus.Active,
                UpdatedAt = NextUpdatedAt(current, now),
            });
        }
    }

    public List<Customer> Find(CustomerQuery query)
    {
        lock (_gate)
        {
            if (query.Email is not null)
            {
                // The email index gives at most one candidate.
                return _byEmail.TryGetValue(query.Email, out var id) && query.Skip == 0 && query.Matches(_byId[id]) ? [_byId[id]] : [];
            }

            return _ordered.Page(query.Matches, query.Skip, query.Take);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _byId.Clear();
            _byEmail.Clear();
            _walletIds.Clear();
            _ordered.Clear();
        }
    }

    private WriteResult Replace(Customer current, Customer updated)
    {
        _byId[updated.Id] = updated;
        if (!string.Equals(current.Email, updated.Email, StringComparison.Ordinal))
        {
            _byEmail.Remove(current.Email);
            _byEmail[updated.Email] = updated.Id;
        }

        _ordered.Replace(current, updated);
        return new WriteResult(WriteOutcome.Ok, updated);
    }

    /// <summary>updatedAt always moves forward on a write, even within one millisecond or under a changed clock skew.</summary>
    private static DateTimeOffset NextUpdatedAt(Customer current, DateTimeOffset now)
    {
        now = ApiJson.TruncateToMilliseconds(now);
        var floor = current.UpdatedAt.AddMilliseconds(1);
        return now >= floor ? now : floor;
    }
}
