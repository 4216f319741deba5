namespace MerchantApi.Sandbox.Faults;

internal enum HostileMode
{
    Html,
    Truncated,
    Huge,
    Empty,
    WrongShape,
    Redirect,
    Hang,
}

/// <summary>
/// "The next N requests to PATH get a hostile answer" (<c>POST /__sandbox/hostile</c>). One rule per path (a new rule
/// replaces the old); paths match case-insensitively, ignoring a trailing slash.
/// </summary>
internal sealed class HostileRules
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (HostileMode Mode, int Remaining)> _rules = new(StringComparer.OrdinalIgnoreCase);
    private volatile int _ruleCount;

    public static readonly IReadOnlyDictionary<string, HostileMode> Modes = new Dictionary<string, HostileMode>(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = HostileMode.Html,
        ["truncated"] = HostileMode.Truncated,
        ["huge"] = HostileMode.Huge,
        ["empty"] = HostileMode.Empty,
        ["wrong-shape"] = HostileMode.WrongShape,
        ["redirect"] = HostileMode.Redirect,
        ["hang"] = HostileMode.Hang,
    };

    public static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    public void Set(string path, HostileMode mode, int count)
    {
        lock (_gate)
        {
            if (count > 0)
            {
                _rules[Normalize(path)] = (mode, count);
            }
            else
            {
                _rules.Remove(Normalize(path));
            }

            _ruleCount = _rules.Count;
        }
    }

    public bool TryTake(string path, out HostileMode mode)
    {
        mode = default;
        if (_ruleCount == 0)
        {
            return false;
        }

        lock (_gate)
        {
            var key = Normalize(path);
            if (!_rules.TryGetValue(key, out var rule))
            {
                return false;
            }

            mode = rule.Mode;
            if (rule.Remaining <= 1)
            {
                _rules.Remove(key);
            }
            else
            {
                _rules[key] = (rule.Mode, rule.Remaining - 1);
            }

            _ruleCount = _rules.Count;
            return true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _ruleCount = 0;
        }
    }
}
