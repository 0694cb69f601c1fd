using System.Text;

/// <summary>Reads the seal key the same way the runtime does: base64 text, or at least 32 raw bytes.</summary>
internal static class SealKeyFile
{
    public static byte[] Read(string path)
    {
        var content = File.ReadAllBytes(path);
        try
        {
            return Decode(Encoding.ASCII.GetString(content));
        }
        catch (FormatException) when (content.Length >= 32)
        {
            return content;
        }
    }

    public static byte[] Decode(string base64)
    {
        var key = Convert.FromBase64String(base64.Trim());
        return key.Length >= 32 ? key : throw new FormatException("The seal key must be at least 32 bytes.");
    }
}
