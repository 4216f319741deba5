using System.Globalization;

namespace MerchantApi.Sandbox.Http;

/// <summary>An integer parameter as sent: absent, a value, or not an integer.</summary>
internal readonly record struct IntegerInput(bool Given, long Value, bool Invalid)
{
    /// <summary>A JSON number or numeric string of the body (absent or null: not given).</summary>
    public static IntegerInput FromBody(RequestJson body, string name)
    {
        var given = body.TryGetInteger(name, out var value, out var invalid);
        return new IntegerInput(given, value, invalid);
    }

    /// <summary>A query-string parameter; given twice or as anything but an integer, it is invalid.</summary>
    public static IntegerInput FromQuery(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return default;
        }

        return values.Count == 1 && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? new IntegerInput(true, value, false)
            : new IntegerInput(false, 0, true);
    }
}

/// <summary>
/// Reads the filters and paging of a find (customers', operations'). Every problem is collected in <see cref="Errors"/>
/// as a VALIDATION_ERROR whose message starts with the field's name; a blank filter counts as absent.
/// </summary>
internal sealed class FindRequest(RequestJson body)
{
    /// <summary>Sandbox convention on every find (the provider documents the cap for customers).</summary>
    public const int MaxTake = 100;

    public List<ApiError> Errors { get; } = [];

    public string? Text(string name)
    {
        var field = body.GetString(name);
        if (field.Kind == FieldKind.Invalid)
        {
            Errors.Add(ApiError.Validation($"{name} must be a string"));
        }

        return field.HasText ? field.Value : null;
    }

    public DateTimeOffset? Date(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (ApiJson.TryParseTimestamp(text, out var value))
        {
            return value;
        }

        Errors.Add(ApiError.Validation($"{name} must be an ISO 8601 date-time"));
        return null;
    }

    /// <summary>One of <typeparamref name="TEnum"/>'s names, exactly spelled.</summary>
    public TEnum? Choice<TEnum>(string name) where TEnum : struct, Enum
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (EnumNames.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        Errors.Add(ApiError.Validation($"{name} must be one of {EnumNames.List<TEnum>()}"));
        return null;
    }

    /// <summary>A positive integer, capped at <see cref="MaxTake"/>; <paramref name="defaultTake"/> when not given.</summary>
    public int Take(IntegerInput take, int defaultTake)
    {
        if (take.Given && take.Value >= 1)
        {
            return (int)Math.Min(take.Value, MaxTake);
        }

        if (take.Given || take.Invalid)
        {
            Errors.Add(ApiError.Validation("take must be a positive integer"));
        }

        return defaultTake;
    }

    /// <summary>A non-negative integer; 0 when not given.</summary>
    public int Skip(IntegerInput skip)
    {
        if (skip.Given && skip.Value >= 0)
        {
            return (int)Math.Min(skip.Value, int.MaxValue);
        }

        if (skip.Given || skip.Invalid)
        {
            Errors.Add(ApiError.Validation("skip must be a non-negative integer"));
        }

        return 0;
    }
}
