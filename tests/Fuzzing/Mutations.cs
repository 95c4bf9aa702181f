using System.Text;
using CsCheck;

namespace ProRT.Tests.Fuzzing;

/// <summary>
/// Generators of damaged inputs seeded from real ones: a few edits (bit flips, bytes and characters changed, inserted
/// or deleted, lines dropped, repeated or swapped, cuts) to a valid frame, entry or file excerpt. Edits are data, so
/// CsCheck shrinks a failure to the fewest and smallest edits.
/// </summary>
internal static class Mutations
{
    /// <summary>One edit: what (<see cref="Kind"/>), where (<see cref="At"/>, reduced modulo the input) and with what.</summary>
    public readonly record struct Edit(int Kind, int At, int Value);

    private static readonly Gen<Edit> Edits = Gen.Select(Gen.Int[0, 8], Gen.Int[0, int.MaxValue], Gen.Int[0, 255],
        (kind, at, value) => new Edit(kind, at, value));

    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x0F, 0x10, 0x11, 0x14, 0x45, 0x7F, 0x80, 0xFE, 0xFF];

    /// <summary>Up to <paramref name="maxEdits"/> byte-level edits of one of <paramref name="seeds"/>.</summary>
    public static Gen<byte[]> Bytes(IReadOnlyList<byte[]> seeds, int maxEdits = 6) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Edits.Array[1, maxEdits], (i, edits) => Apply(seeds[i], edits));

    /// <summary>Applies byte-level edits; positions wrap around the current length.</summary>
    public static byte[] Apply(byte[] seed, Edit[] edits)
    {
        var b = new List<byte>(seed);
        foreach (var e in edits)
        {
            int n = b.Count;
            int at = n == 0 ? 0 : e.At % n;
            switch (e.Kind)
            {
                case 0 when n > 0: b[at] ^= (byte)(1 << (e.Value % 8)); break;
                case 1 when n > 0: b[at] = (byte)e.Value; break;
                case 2 when n > 0: b[at] = Interesting[e.Value % Interesting.Length]; break;
                case 3: b.Insert(e.At % (n + 1), (byte)e.Value); break;
                case 4 when n > 0: b.RemoveRange(at, Math.Min(1 + e.Value % 8, n - at)); break;
                case 5: b.RemoveRange(e.At % (n + 1), n - e.At % (n + 1)); break; // cut short
                case 6 when n > 1: // a 16-bit field (a length, a count) set to an extreme
                    int v = (e.Value % 3) switch { 0 => 0, 1 => 0xFFFF, _ => e.Value * 4 };
                    b[at % (n - 1)] = (byte)(v >> 8);
                    b[at % (n - 1) + 1] = (byte)v;
                    break;
                case 7 when n > 0: b.InsertRange(at, b.GetRange(at, Math.Min(1 + e.Value % 16, n - at))); break;
                default: b.Add((byte)e.Value); break;
            }
        }
        return b.ToArray();
    }

    /// <summary>
    /// A window of up to <paramref name="maxLines"/> lines of <paramref name="lines"/> starting at one of
    /// <paramref name="starts"/>, with up to <paramref name="maxEdits"/> edits that favour the characters of
    /// <paramref name="alphabet"/> (the format's delimiters and escapes).
    /// </summary>
    public static Gen<string> Lines(string[] lines, int[] starts, string alphabet, int maxLines = 30, int maxEdits = 6) =>
        Gen.Select(Gen.Int[0, starts.Length - 1], Gen.Int[1, maxLines], Edits.Array[0, maxEdits],
            (s, count, edits) => Apply(lines.Skip(starts[s]).Take(count).ToList(), edits, alphabet));

    /// <summary>Applies line-level edits and joins the lines with '\n'.</summary>
    public static string Apply(List<string> lines, Edit[] edits, string alphabet)
    {
        foreach (var e in edits)
        {
            if (lines.Count == 0) lines.Add("");
            int li = e.At % lines.Count;
            string line = lines[li];
            int pos = e.At / lines.Count % (line.Length + 1);
            char pick = alphabet[e.Value % alphabet.Length];
            lines[li] = e.Kind switch
            {
                0 when line.Length > 0 && pos < line.Length => line.Remove(pos, 1),
                1 => line.Insert(pos, pick.ToString()),
                2 when pos < line.Length => line[..pos] + pick + line[(pos + 1)..],
                5 => line[..pos],
                6 => line.Insert(pos, ((char)e.Value).ToString()),
                7 => line.Insert(pos, new string(pick, 1 + e.Value % 40)),
                _ => line,
            };
            switch (e.Kind)
            {
                case 3: lines.Insert(li, lines[li]); break;
                case 4: lines.RemoveAt(li); break;
                case 8 when li + 1 < lines.Count: (lines[li], lines[li + 1]) = (lines[li + 1], lines[li]); break;
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>The lines of an installed nmap data file (Latin-1, one char per byte), or null when it is not installed.</summary>
    public static string[]? NmapFile(string name)
    {
        string path = Path.Combine("/usr/share/nmap", name);
        return File.Exists(path) ? File.ReadAllLines(path, Encoding.Latin1) : null;
    }
}
