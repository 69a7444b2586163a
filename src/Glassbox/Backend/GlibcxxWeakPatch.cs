// Makes TorchSharp's libLibTorchSharp.so load on a libstdc++ older than GCC 13's.
//
// The library is built with GCC 13, which emits an undefined reference to
// `_ZSt21ios_base_library_initv@GLIBCXX_3.4.32` for every <iostream> user. The symbol is a
// marker that is never called, but the loader refuses the library when the host libstdc++
// (Debian 12, Ubuntu 22.04: GCC 12) does not define version GLIBCXX_3.4.32. Marking the
// symbol weak (STB_WEAK in .dynsym) and the version requirement weak (VER_FLG_WEAK in
// .gnu.version_r) turns both into "use it if it is there", which is what the marker means.
//
// This one file is compiled twice: into the library (tested, used by `glassbox doctor`) and,
// by MSBuild's RoslynCodeTaskFactory, into the build step that patches the output copy
// (build/Glassbox.Native.targets). The library defines GLASSBOX_LIBRARY; the build does not.
// The build compiles it against netstandard2.0, so it keeps to that API.
#nullable enable
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Glassbox.Backend
{
    /// <summary>What <see cref="GlibcxxWeakPatch"/> found or did to one shared object.</summary>
    public enum PatchState
    {
        /// <summary>The file does not require GLIBCXX_3.4.32 at all.</summary>
        NotRequired,
        /// <summary>It requires GLIBCXX_3.4.32 strongly: it will not load on an older libstdc++.</summary>
        Unpatched,
        /// <summary>The requirement and the marker symbol are weak: it loads anywhere.</summary>
        Patched,
    }

    /// <summary>Reads and applies the weak-version patch on an ELF64 little-endian shared object.</summary>
    public static class GlibcxxWeakPatch
    {
        public const string Version = "GLIBCXX_3.4.32";
        public const string MarkerSymbol = "_ZSt21ios_base_library_initv";

        const uint ShtDynsym = 11;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;
        const ushort VerFlgWeak = 0x2;
        const byte StbGlobal = 1, StbWeak = 2;

        /// <summary>The state of the file at <paramref name="path"/>, without changing it.</summary>
        public static PatchState Inspect(string path) => Analyse(File.ReadAllBytes(path), path).State;

        /// <summary>
        /// Patches <paramref name="path"/> in place (through a temporary file and a rename, so a
        /// hard link to a shared copy is never written through) and returns the state before.
        /// Idempotent: a patched or unaffected file is left untouched.
        /// </summary>
        public static PatchState Apply(string path)
        {
            byte[] image = File.ReadAllBytes(path);
            Layout layout = Analyse(image, path);
            if (layout.State != PatchState.Unpatched) return layout.State;

            long sym = layout.MarkerSymbolOffset;
            image[sym + 4] = (byte)((StbWeak << 4) | (image[sym + 4] & 0xf));
            long flags = layout.VersionAuxOffset + 4;
            WriteU16(image, flags, (ushort)(ReadU16(image, flags) | VerFlgWeak));

            string temp = path + ".glassbox-patch.tmp";
            File.WriteAllBytes(temp, image);
            File.Replace(temp, path, null); // a rename: atomic, and never writes through a hard link
            return PatchState.Unpatched;
        }

        /// <summary>
        /// Whether the libstdc++ the dynamic loader would pick defines <see cref="Version"/>;
        /// null when no libstdc++.so.6 is found (not Linux, or an unusual layout).
        /// </summary>
        public static bool? HostProvidesVersion()
        {
            string? lib = FindHostLibStdCxx();
            if (lib == null) return null;
            return IndexOf(File.ReadAllBytes(lib), Encoding.ASCII.GetBytes(Version + "\0")) >= 0;
        }

        /// <summary>The host's libstdc++.so.6, looked up in the loader's standard directories.</summary>
        public static string? FindHostLibStdCxx()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return null;
            string[] dirs =
            {
                "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            };
            foreach (string dir in dirs)
            {
                string candidate = Path.Combine(dir, "libstdc++.so.6");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        sealed class Layout
        {
            public PatchState State;
            public long MarkerSymbolOffset = -1;
            public long VersionAuxOffset = -1;
        }

        static Layout Analyse(byte[] image, string path)
        {
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new InvalidDataException($"{path}: not an ELF file (bad magic number)");
            if (image[4] != 2 || image[5] != 1)
                throw new InvalidDataException($"{path}: expected a 64-bit little-endian ELF file");

            long shoff = (long)ReadU64(image, 0x28);
            int shentsize = ReadU16(image, 0x3A), shnum = ReadU16(image, 0x3C);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > image.Length)
                throw new InvalidDataException($"{path}: section header table lies outside the file");

            long dynsym = -1, verneed = -1, versym = -1;
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                uint type = ReadU32(image, sh + 4);
                if (type == ShtDynsym) dynsym = sh;
                else if (type == ShtGnuVerneed) verneed = sh;
                else if (type == ShtGnuVersym) versym = sh;
            }

            var layout = new Layout { State = PatchState.NotRequired };
            if (dynsym < 0 || verneed < 0) return layout;

            // The version requirement: walk .gnu.version_r (Elf64_Verneed, then Elf64_Vernaux).
            long needStrtab = SectionOffset(image, shoff, shentsize, (int)ReadU32(image, verneed + 40));
            long needOff = (long)ReadU64(image, verneed + 24);
            uint needCount = ReadU32(image, verneed + 44);
            ushort versionIndex = 0;
            for (uint n = 0, entry = (uint)needOff; n < needCount; n++)
            {
                ushort auxCount = ReadU16(image, entry + 2);
                long aux = entry + ReadU32(image, entry + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    if (CString(image, needStrtab + ReadU32(image, aux + 8)) == Version)
                    {
                        layout.VersionAuxOffset = aux;
                        versionIndex = (ushort)(ReadU16(image, aux + 6) & 0x7fff);
                    }
                    aux += ReadU32(image, aux + 12);
                }
                entry += ReadU32(image, entry + 12);
            }
            if (layout.VersionAuxOffset < 0) return layout;

            // The symbols bound to that version: only the marker may be, or weakening is unsafe.
            long symOff = (long)ReadU64(image, dynsym + 24), symSize = (long)ReadU64(image, dynsym + 32);
            long symStrtab = SectionOffset(image, shoff, shentsize, (int)ReadU32(image, dynsym + 40));
            long versymOff = versym < 0 ? -1 : (long)ReadU64(image, versym + 24);
            for (long s = 0; s * 24 < symSize; s++)
            {
                long sym = symOff + s * 24;
                bool boundToVersion = versymOff >= 0 && (ReadU16(image, versymOff + 2 * s) & 0x7fff) == versionIndex;
                string name = CString(image, symStrtab + ReadU32(image, sym));
                if (name == MarkerSymbol) layout.MarkerSymbolOffset = sym;
                else if (boundToVersion)
                    throw new InvalidDataException(
                        $"{path}: symbol {name} also needs {Version}; making the version weak would not be safe");
            }
            if (layout.MarkerSymbolOffset < 0)
                throw new InvalidDataException($"{path}: requires {Version} but has no {MarkerSymbol} symbol");

            bool versionWeak = (ReadU16(image, layout.VersionAuxOffset + 4) & VerFlgWeak) != 0;
            int binding = image[layout.MarkerSymbolOffset + 4] >> 4;
            layout.State = versionWeak && binding == StbWeak ? PatchState.Patched : PatchState.Unpatched;
            if (binding != StbWeak && binding != StbGlobal)
                throw new InvalidDataException($"{path}: {MarkerSymbol} has unexpected binding {binding}");
            return layout;
        }

        // The file offset of the section with the given index (a string table, here).
        static long SectionOffset(byte[] image, long shoff, int shentsize, int index)
            => (long)ReadU64(image, shoff + (long)index * shentsize + 24);

        static string CString(byte[] image, long offset)
        {
            long end = offset;
            while (end < image.Length && image[end] != 0) end++;
            return Encoding.ASCII.GetString(image, (int)offset, (int)(end - offset));
        }

        static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int k = 0;
                while (k < needle.Length && haystack[i + k] == needle[k]) k++;
                if (k == needle.Length) return i;
            }
            return -1;
        }

        static ushort ReadU16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        static uint ReadU32(byte[] b, long o) => (uint)(ReadU16(b, o) | ReadU16(b, o + 2) << 16);
        static ulong ReadU64(byte[] b, long o) => ReadU32(b, o) | (ulong)ReadU32(b, o + 4) << 32;
        static void WriteU16(byte[] b, long o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }
    }

#if !GLASSBOX_LIBRARY
    /// <summary>The MSBuild step: patch the output copies of libLibTorchSharp.so when the host needs it.</summary>
    public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string[] Files { get; set; } = Array.Empty<string>();

        public override bool Execute()
        {
            const Microsoft.Build.Framework.MessageImportance High = Microsoft.Build.Framework.MessageImportance.High;
            bool? hostHasIt = GlibcxxWeakPatch.HostProvidesVersion();
            if (hostHasIt != false)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                    $"Glassbox: host libstdc++ provides {GlibcxxWeakPatch.Version} (or is not Linux); libLibTorchSharp.so left as shipped.");
                return true;
            }
            foreach (string file in Files)
            {
                if (!File.Exists(file)) continue;
                try
                {
                    PatchState before = GlibcxxWeakPatch.Apply(file);
                    string what = before switch
                    {
                        PatchState.Unpatched => $"patched: {GlibcxxWeakPatch.Version} and {GlibcxxWeakPatch.MarkerSymbol} made weak",
                        PatchState.Patched => "already patched",
                        _ => $"does not need {GlibcxxWeakPatch.Version}; left as is",
                    };
                    Log.LogMessage(High, $"Glassbox: host libstdc++ lacks {GlibcxxWeakPatch.Version}; {file}: {what}.");
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    Log.LogError($"Glassbox: could not patch {file}: {e.Message}");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
