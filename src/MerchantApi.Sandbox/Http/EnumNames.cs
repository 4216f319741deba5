namespace MerchantApi.Sandbox.Http;

/// <summary>The API's enumerations travel as their member names, exactly as spelled (no numbers, no other case).</summary>
internal static class EnumNames
{
    public static bool TryParse<TEnum>(string? value, out TEnum result) where TEnum : struct, Enum =>
        Enum.TryParse(value, ignoreCase: false, out result) && Enum.GetName(result) == value;

    /// <summary>"A, B, C": for the message of a value that is none of them.</summary>
    public static string List<TEnum>() where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());
}
