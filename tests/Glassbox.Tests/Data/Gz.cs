using System.IO.Compression;

namespace Glassbox.Tests.Data;

/// <summary>gzip in and out, to make plain, truncated and re-packed copies of the shared files.</summary>
internal static class Gz
{
    public static byte[] Unpack(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public static void Pack(string path, ReadOnlySpan<byte> data)
    {
        using var output = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        output.Write(data);
    }
}
