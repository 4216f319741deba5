using System.Runtime.InteropServices;
using System.Security;

namespace MerchantApi;

/// <summary>Turns a SecureString into text for the moment a request is built; the unmanaged copy is zeroed at once.</summary>
internal static class SecretText
{
    public static string Reveal(SecureString secret)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(pointer, secret.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
