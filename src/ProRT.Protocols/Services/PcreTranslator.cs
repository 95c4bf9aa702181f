using System.Globalization;
using System.Text;

namespace ProRT.Protocols.Services;

/// <summary>
/// Rewrites a PCRE pattern, as nmap-service-probes writes them, into an equivalent .NET pattern.
/// </summary>
/// <remarks>
/// nmap compiles its patterns with PCRE in byte mode (no UTF, no Unicode properties), so the
/// shorthand classes are ASCII-only there; .NET's are Unicode-aware. The translation therefore
/// spells every shorthand as an explicit class (<c>\w</c> becomes <c>[a-zA-Z0-9_]</c>...) and
/// every literal that is not a letter or digit as a hexadecimal escape. It also handles the PCRE
/// syntax .NET lacks: <c>\Q...\E</c>, possessive quantifiers (as atomic groups), <c>(?P&lt;name&gt;</c>
/// and other named groups (turned into numbered ones so group numbers stay PCRE's), POSIX classes,
/// <c>\h \H \v \V \R \N</c>, <c>\x{...}</c>, one- or zero-digit <c>\x</c>, octal escapes and
/// <c>\g</c> references. Constructs .NET cannot express (recursion, <c>\K</c>, backtracking verbs,
/// branch reset, the ungreedy option) raise <see cref="NotSupportedException"/>.
/// </remarks>
internal static class PcreTranslator
{
    private const string WordBoundary = "(?:(?<=[a-zA-Z0-9_])(?![a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?=[a-zA-Z0-9_]))";
    private const string NotWordBoundary = "(?:(?<=[a-zA-Z0-9_])(?=[a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?![a-zA-Z0-9_]))";

    private readonly record struct Range(int Lo, int Hi);

    // Character sets of PCRE's byte mode with the "C" locale.
    private static readonly Range[] Digit = [new('0', '9')];
    private static readonly Range[] Word = [new('0', '9'), new('A', 'Z'), new('_', '_'), new('a', 'z')];
    private static readonly Range[] Space = [new(0x09, 0x0D), new(' ', ' ')];
    private static readonly Range[] HorizontalSpace = [new(0x09, 0x09), new(' ', ' '), new(0xA0, 0xA0)];
    private static readonly Range[] VerticalSpace = [new(0x0A, 0x0D), new(0x85, 0x85)];

    private static readonly Dictionary<string, Range[]> Posix = new(StringComparer.Ordinal)
    {
        ["alpha"] = [new('A', 'Z'), new('a', 'z')],
        ["digit"] = Digit,
        ["alnum"] = [new('0', '9'), new('A', 'Z'), new('a', 'z')],
        ["upper"] = [new('A', 'Z')],
        ["lower"] = [new('a', 'z')],
        ["space"] = Space,
        ["blank"] = [new(0x09, 0x09), new(' ', ' ')],
        ["punct"] = [new(0x21, 0x2F), new(0x3A, 0x40), new(0x5B, 0x60), new(0x7B, 0x7E)],
        ["xdigit"] = [new('0', '9'), new('A', 'F'), new('a', 'f')],
        ["print"] = [new(0x20, 0x7E)],
        ["graph"] = [new(0x21, 0x7E)],
        ["cntrl"] = [new(0x00, 0x1F), new(0x7F, 0x7F)],
        ["word"] = Word,
        ["ascii"] = [new(0x00, 0x7F)],
    };

    /// <summary>Translates <paramref name="pcre"/>; throws <see cref="NotSupportedException"/> or <see cref="ArgumentException"/> when it cannot.</summary>
    public static string ToDotNet(string pcre) => new Translation(pcre).Run();

    private sealed class Translation(string src)
    {
        private readonly StringBuilder _out = new(src.Length * 2);
        private readonly Stack<int> _groupStarts = new();
        private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
        private int _pos;
        private int _lastAtom = -1;
        private int _groups;

        public string Run()
        {
            if (src.StartsWith("(*", StringComparison.Ordinal))
                throw new NotSupportedException("PCRE start-of-pattern verbs (*...) are not supported");
            while (_pos < src.Length)
            {
                char c = src[_pos++];
                switch (c)
                {
                    case '\\': Escape(); break;
                    case '[': Atom(() => CharClass()); break;
                    case '(': OpenGroup(); break;
                    case ')':
                        if (_groupStarts.Count == 0) throw new ArgumentException("unbalanced ')'");
                        _lastAtom = _groupStarts.Pop();
                        _out.Append(')');
                        break;
                    case '*' or '+' or '?':
                        Quantifier(c.ToString());
                        break;
                    case '{':
                        if (TryCountedQuantifier(out var q)) Quantifier(q);
                        else Atom(() => Literal('{'));
                        break;
                    case '|' or '^' or '$':
                        _out.Append(c);
                        _lastAtom = -1;
                        break;
                    case '.':
                        Atom(() => _out.Append('.'));
                        break;
                    default:
                        Atom(() => Literal(c));
                        break;
                }
            }
            if (_groupStarts.Count != 0) throw new ArgumentException("missing ')'");
            return _out.ToString();
        }

        private void Atom(Action emit)
        {
            _lastAtom = _out.Length;
            emit();
        }

        private void NotAtom(string text)
        {
            _out.Append(text);
            _lastAtom = -1;
        }

        private void Literal(int code)
        {
            if (code is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9') _out.Append((char)code);
            else if (code <= 0xFF) _out.Append(CultureInfo.InvariantCulture, $"\\x{code:X2}");
            else if (code <= 0xFFFF) _out.Append(CultureInfo.InvariantCulture, $"\\u{code:X4}");
            else throw new NotSupportedException($"character U+{code:X} is beyond what a byte-mode pattern can hold");
        }

        // A quantifier that ends with '+' is possessive: wrap the atom and its quantifier in (?>...).
        private void Quantifier(string quantifier)
        {
            if (_lastAtom < 0) throw new ArgumentException($"quantifier '{quantifier}' follows nothing");
            if (_pos < src.Length && src[_pos] == '+')
            {
                _pos++;
                _out.Insert(_lastAtom, "(?>");
                _out.Append(quantifier).Append(')');
                return;
            }
            _out.Append(quantifier);
            if (_pos < src.Length && src[_pos] == '?')
            {
                _pos++;
                _out.Append('?');
            }
            _lastAtom = -1;
        }

        private bool TryCountedQuantifier(out string quantifier)
        {
            quantifier = "";
            int i = _pos;
            int start = i;
            while (i < src.Length && char.IsAsciiDigit(src[i])) i++;
            if (i == start) return false;
            if (i < src.Length && src[i] == ',')
            {
                i++;
                while (i < src.Length && char.IsAsciiDigit(src[i])) i++;
            }
            if (i >= src.Length || src[i] != '}') return false;
            quantifier = "{" + src[start..i] + "}";
            _pos = i + 1;
            return true;
        }

        private void OpenGroup()
        {
            int start = _out.Length;
            if (Peek(0) == '*') throw new NotSupportedException("PCRE backtracking verbs (*...) are not supported");
            if (Peek(0) != '?')
            {
                _groups++;
                _out.Append('(');
                _groupStarts.Push(start);
                return;
            }

            // (?...
            char k = Peek(1);
            switch (k)
            {
                case '#':
                    {
                        int end = src.IndexOf(')', _pos);
                        if (end < 0) throw new ArgumentException("unterminated (?# comment");
                        _pos = end + 1;
                        return;
                    }
                case ':' or '=' or '!' or '>':
                    _out.Append("(?").Append(k);
                    _pos += 2;
                    _groupStarts.Push(start);
                    return;
                case '<' when Peek(2) is '=' or '!':
                    _out.Append("(?<").Append(Peek(2));
                    _pos += 3;
                    _groupStarts.Push(start);
                    return;
                case '<' or '\'':
                    _pos += 2;
                    NamedGroup(k == '<' ? '>' : '\'', start);
                    return;
                case 'P' when Peek(2) == '<':
                    _pos += 3;
                    NamedGroup('>', start);
                    return;
                case 'P' when Peek(2) == '=':
                    {
                        _pos += 3;
                        string name = ReadUntil(')');
                        Atom(() => BackReference(GroupNumber(name)));
                        return;
                    }
                case 'P' when Peek(2) == '>':
                    throw new NotSupportedException("PCRE subroutine calls (?P>name) are not supported");
                case '|':
                    throw new NotSupportedException("PCRE branch reset groups (?|...) are not supported");
                case '(':
                    _pos += 2;
                    Conditional(start);
                    return;
                case 'R' or '&' or '+' or '-' when k != '-' || char.IsAsciiDigit(Peek(2)):
                    throw new NotSupportedException("PCRE recursion and subroutine calls are not supported");
                default:
                    if (char.IsAsciiDigit(k)) throw new NotSupportedException("PCRE recursion and subroutine calls are not supported");
                    InlineOptions(start);
                    return;
            }
        }

        private void NamedGroup(char close, int start)
        {
            string name = ReadUntil(close);
            if (name.Length == 0) throw new ArgumentException("empty group name");
            _groups++;
            _names.TryAdd(name, _groups);
            // A plain group: .NET numbers named groups after all unnamed ones, PCRE numbers them in order.
            _out.Append('(');
            _groupStarts.Push(start);
        }

        private void Conditional(int start)
        {
            _groupStarts.Push(start);
            if (Peek(0) == '?')
            {
                // Assertion condition: write "(?" and step back onto the assertion's '(' so it is read as a group.
                _pos--;
                _out.Append("(?");
                _lastAtom = -1;
                return;
            }
            string cond = ReadUntil(')');
            int number;
            if (cond.Length > 2 && (cond[0] == '<' && cond[^1] == '>' || cond[0] == '\'' && cond[^1] == '\''))
                number = GroupNumber(cond[1..^1]);
            else if (cond.All(char.IsAsciiDigit) && cond.Length > 0)
                number = int.TryParse(cond, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
                    : throw new ArgumentException($"reference to non-existent group ({cond})");
            else if (cond.StartsWith('R') || cond == "DEFINE")
                throw new NotSupportedException($"PCRE condition ({cond}) is not supported");
            else
                number = GroupNumber(cond);
            _out.Append(CultureInfo.InvariantCulture, $"(?({number})");
            _lastAtom = -1;
        }

        private void InlineOptions(int start)
        {
            // (?imsx-imsx) or (?imsx-imsx: ... )
            int i = _pos + 1;
            var options = new StringBuilder();
            while (i < src.Length && src[i] != ')' && src[i] != ':')
            {
                char o = src[i++];
                switch (o)
                {
                    case 'i' or 'm' or 's' or '-': options.Append(o); break;
                    case 'J' or 'X': break; // duplicate names / extra checks: nothing to do here
                    case 'U': throw new NotSupportedException("the PCRE ungreedy option (?U) is not supported");
                    case 'x': throw new NotSupportedException("the PCRE extended option (?x) is not supported");
                    case 'n': throw new NotSupportedException("the PCRE no-auto-capture option (?n) is not supported");
                    default: throw new ArgumentException($"unknown group construct (?{o}");
                }
            }
            if (i >= src.Length) throw new ArgumentException("unterminated (? group");
            _pos = i + 1;
            if (src[i] == ')')
            {
                if (options.Length > 0 && options.ToString() != "-") NotAtom($"(?{options})");
                return;
            }
            _out.Append("(?").Append(options).Append(':');
            _groupStarts.Push(start);
        }

        private int GroupNumber(string name)
        {
            if (_names.TryGetValue(name, out int n)) return n;
            throw new ArgumentException($"reference to undefined group name '{name}'");
        }

        private void BackReference(int number) => _out.Append(CultureInfo.InvariantCulture, $"(?:\\{number})");

        private char Peek(int offset) => _pos + offset < src.Length ? src[_pos + offset] : '\0';

        private string ReadUntil(char close)
        {
            int end = src.IndexOf(close, _pos);
            if (end < 0) throw new ArgumentException($"missing '{close}'");
            string text = src[_pos..end];
            _pos = end + 1;
            return text;
        }

        private void Escape()
        {
            if (_pos >= src.Length) throw new ArgumentException("pattern ends with a backslash");
            char c = src[_pos++];
            switch (c)
            {
                case 'Q':
                    {
                        int end = src.IndexOf("\\E", _pos, StringComparison.Ordinal);
                        string quoted = end < 0 ? src[_pos..] : src[_pos..end];
                        _pos = end < 0 ? src.Length : end + 2;
                        foreach (char q in quoted) Atom(() => Literal(q));
                        return;
                    }
                case 'E': return; // \E without \Q is ignored by PCRE
                case 'd': Atom(() => Set(Digit, false)); return;
                case 'D': Atom(() => Set(Digit, true)); return;
                case 'w': Atom(() => Set(Word, false)); return;
                case 'W': Atom(() => Set(Word, true)); return;
                case 's': Atom(() => Set(Space, false)); return;
                case 'S': Atom(() => Set(Space, true)); return;
                case 'h': Atom(() => Set(HorizontalSpace, false)); return;
                case 'H': Atom(() => Set(HorizontalSpace, true)); return;
                case 'v': Atom(() => Set(VerticalSpace, false)); return;
                case 'V': Atom(() => Set(VerticalSpace, true)); return;
                case 'N': Atom(() => _out.Append("[^\\n]")); return;
                case 'R': Atom(() => _out.Append("(?>\\r\\n|[\\n\\x0B\\f\\r\\x85])")); return;
                case 'C': Atom(() => _out.Append("[\\s\\S]")); return;
                case 'b': NotAtom(WordBoundary); return;
                case 'B': NotAtom(NotWordBoundary); return;
                case 'A' or 'z' or 'G': NotAtom("\\" + c); return;
                case 'Z': NotAtom("\\Z"); return;
                case 'K': throw new NotSupportedException("\\K is not supported");
                case 'X': throw new NotSupportedException("\\X is not supported");
                case 'p' or 'P':
                    {
                        if (_pos >= src.Length) throw new ArgumentException($"\\{c} at end of pattern");
                        string prop = Peek(0) == '{' ? ReadBraced() : src[_pos++].ToString();
                        Atom(() => _out.Append('\\').Append(c).Append('{').Append(prop).Append('}'));
                        return;
                    }
                case 'k':
                    {
                        char open = Peek(0);
                        char close = open switch { '<' => '>', '\'' => '\'', '{' => '}', _ => '\0' };
                        if (close == '\0') throw new ArgumentException("\\k must be followed by a group name");
                        _pos++;
                        string name = ReadUntil(close);
                        Atom(() => BackReference(GroupNumber(name)));
                        return;
                    }
                case 'g':
                    {
                        string reference;
                        if (Peek(0) == '{') reference = ReadBraced();
                        else if (Peek(0) is '<' or '\'') throw new NotSupportedException("subroutine calls \\g<...> are not supported");
                        else
                        {
                            int s = _pos;
                            if (Peek(0) == '-') _pos++;
                            while (_pos < src.Length && char.IsAsciiDigit(src[_pos])) _pos++;
                            reference = src[s.._pos];
                        }
                        int number;
                        if (int.TryParse(reference, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
                            number = n < 0 ? _groups + 1 + n : n;
                        else number = GroupNumber(reference);
                        if (number <= 0) throw new ArgumentException($"bad group reference \\g{reference}");
                        Atom(() => BackReference(number));
                        return;
                    }
                default:
                    if (char.IsAsciiDigit(c))
                    {
                        DigitEscape(c);
                        return;
                    }
                    int code = CharEscape(c);
                    Atom(() => Literal(code));
                    return;
            }
        }

        // Outside a class: \1-\9 are back references; \0 and unreachable multi-digit numbers are octal.
        private void DigitEscape(char first)
        {
            int start = _pos - 1;
            int end = _pos;
            while (end < src.Length && char.IsAsciiDigit(src[end])) end++;
            if (first != '0')
            {
                // Too many digits for an int is too many for a group: octal, or no group at all.
                if (!int.TryParse(src.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                    number = int.MaxValue;
                if (number < 10 || number <= _groups)
                {
                    _pos = end;
                    Atom(() => BackReference(number));
                    return;
                }
                if (first is '8' or '9') throw new ArgumentException($"reference to non-existent group \\{number}");
            }
            _pos = start;
            int code = ReadOctal();
            Atom(() => Literal(code));
        }

        private int ReadOctal()
        {
            int code = 0;
            int digits = 0;
            while (digits < 3 && _pos < src.Length && src[_pos] is >= '0' and <= '7')
            {
                code = code * 8 + (src[_pos++] - '0');
                digits++;
            }
            return code & 0xFF;
        }

        private string ReadBraced()
        {
            _pos++; // '{'
            return ReadUntil('}');
        }

        // An escape that stands for one character (outside or inside a class). The backslash and c are consumed.
        private int CharEscape(char c)
        {
            switch (c)
            {
                case 'a': return 0x07;
                case 'e': return 0x1B;
                case 'f': return 0x0C;
                case 'n': return 0x0A;
                case 'r': return 0x0D;
                case 't': return 0x09;
                case 'x':
                    {
                        if (Peek(0) == '{')
                        {
                            string hex = ReadBraced();
                            // AllowHexSpecifier reads "FFFFFFFF" as -1: the range check keeps such codes out too.
                            if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int v))
                                throw new ArgumentException($"bad \\x{{{hex}}}");
                            return ByteModeCode(v, $"\\x{{{hex}}}");
                        }
                        int code = 0;
                        for (int n = 0; n < 2 && _pos < src.Length && char.IsAsciiHexDigit(src[_pos]); n++)
                            code = code * 16 + Convert.ToInt32(src[_pos++].ToString(), 16);
                        return code;
                    }
                case 'o' when Peek(0) == '{':
                    {
                        string oct = ReadBraced();
                        int v = 0;
                        foreach (char d in oct)
                        {
                            if (d is < '0' or > '7' || v > 0xFF) throw new ArgumentException($"bad \\o{{{oct}}}");
                            v = v * 8 + (d - '0');
                        }
                        if (oct.Length == 0) throw new ArgumentException("empty \\o{}");
                        return ByteModeCode(v, $"\\o{{{oct}}}");
                    }
                case 'c':
                    {
                        if (_pos >= src.Length) throw new ArgumentException("\\c at end of pattern");
                        return char.ToUpperInvariant(src[_pos++]) ^ 0x40;
                    }
                default:
                    // Any other escaped character stands for itself (PCRE1 also lets unknown letters through).
                    return c;
            }
        }

        // nmap's patterns are compiled without UTF: a code point beyond one byte is PCRE's "too large" error.
        private static int ByteModeCode(int code, string escape) =>
            code is >= 0 and <= 0xFF ? code : throw new ArgumentException($"character code point value in {escape} is too large");

        private void Set(Range[] ranges, bool negate)
        {
            _out.Append('[');
            AppendRanges(_out, negate ? Complement(ranges) : ranges);
            _out.Append(']');
        }

        private enum ClassTokenKind { Char, Hyphen, Set }

        private readonly record struct ClassToken(ClassTokenKind Kind, int Code, Range[]? Set);

        // Reads a bracket expression (the '[' is consumed) and writes an equivalent .NET class.
        private void CharClass()
        {
            bool negate = false;
            if (Peek(0) == '^')
            {
                negate = true;
                _pos++;
            }
            var tokens = new List<ClassToken>();
            bool first = true;
            while (true)
            {
                if (_pos >= src.Length) throw new ArgumentException("missing ']'");
                char c = src[_pos++];
                if (c == ']' && !first) break;
                first = false;

                if (c == '-')
                {
                    tokens.Add(new(ClassTokenKind.Hyphen, '-', null));
                    continue;
                }
                if (c == '[' && Peek(0) == ':' && TryPosix(out var posix))
                {
                    tokens.Add(new(ClassTokenKind.Set, -1, posix));
                    continue;
                }
                if (c != '\\')
                {
                    tokens.Add(new(ClassTokenKind.Char, c, null));
                    continue;
                }

                if (_pos >= src.Length) throw new ArgumentException("pattern ends with a backslash");
                char e = src[_pos++];
                Range[]? set = e switch
                {
                    'd' => Digit,
                    'D' => Complement(Digit),
                    'w' => Word,
                    'W' => Complement(Word),
                    's' => Space,
                    'S' => Complement(Space),
                    'h' => HorizontalSpace,
                    'H' => Complement(HorizontalSpace),
                    'v' => VerticalSpace,
                    'V' => Complement(VerticalSpace),
                    _ => null,
                };
                if (set is not null)
                {
                    tokens.Add(new(ClassTokenKind.Set, -1, set));
                    continue;
                }
                switch (e)
                {
                    case 'Q':
                        {
                            int end = src.IndexOf("\\E", _pos, StringComparison.Ordinal);
                            string quoted = end < 0 ? src[_pos..] : src[_pos..end];
                            _pos = end < 0 ? src.Length : end + 2;
                            foreach (char q in quoted) tokens.Add(new(ClassTokenKind.Char, q, null));
                            continue;
                        }
                    case 'E':
                        continue;
                    case 'b':
                        tokens.Add(new(ClassTokenKind.Char, 0x08, null));
                        continue;
                    case 'p' or 'P' or 'X' or 'R' or 'N' or 'K':
                        throw new NotSupportedException($"\\{e} inside a character class is not supported");
                    case >= '0' and <= '7':
                        _pos--;
                        tokens.Add(new(ClassTokenKind.Char, ReadOctal(), null));
                        continue;
                    default:
                        // An escaped '-' is a plain character and never makes a range.
                        tokens.Add(new(ClassTokenKind.Char, e is '8' or '9' ? e : CharEscape(e), null));
                        continue;
                }
            }

            var ranges = new List<Range>();
            for (int i = 0; i < tokens.Count; i++)
            {
                var t = tokens[i];
                if (t.Kind == ClassTokenKind.Set)
                {
                    ranges.AddRange(t.Set!);
                    continue;
                }
                if (i + 2 < tokens.Count && tokens[i + 1].Kind == ClassTokenKind.Hyphen && tokens[i + 2].Kind != ClassTokenKind.Set)
                {
                    int hi = tokens[i + 2].Code;
                    if (t.Code > hi) throw new ArgumentException("range out of order in character class");
                    ranges.Add(new Range(t.Code, hi));
                    i += 2;
                    continue;
                }
                ranges.Add(new Range(t.Code, t.Code));
            }

            _out.Append('[');
            if (negate) _out.Append('^');
            AppendRanges(_out, ranges);
            _out.Append(']');
        }

        private bool TryPosix(out Range[]? set)
        {
            // At "[:" inside a class; the '[' is consumed.
            set = null;
            int end = src.IndexOf(":]", _pos + 1, StringComparison.Ordinal);
            if (end < 0) return false;
            string name = src[(_pos + 1)..end];
            bool negate = name.StartsWith('^');
            if (negate) name = name[1..];
            if (!Posix.TryGetValue(name, out var ranges))
            {
                if (name.All(char.IsAsciiLetterLower) && name.Length > 0)
                    throw new ArgumentException($"unknown POSIX class name '{name}'");
                return false;
            }
            set = negate ? Complement(ranges) : ranges;
            _pos = end + 2;
            return true;
        }
    }

    private static Range[] Complement(Range[] ranges)
    {
        var sorted = ranges.OrderBy(r => r.Lo).ToArray();
        var result = new List<Range>();
        int next = 0;
        foreach (var r in sorted)
        {
            if (r.Lo > next) result.Add(new Range(next, r.Lo - 1));
            next = Math.Max(next, r.Hi + 1);
        }
        if (next <= 0xFFFF) result.Add(new Range(next, 0xFFFF));
        return result.ToArray();
    }

    private static void AppendRanges(StringBuilder sb, IEnumerable<Range> ranges)
    {
        foreach (var r in ranges)
        {
            AppendClassChar(sb, r.Lo);
            if (r.Hi != r.Lo)
            {
                sb.Append('-');
                AppendClassChar(sb, r.Hi);
            }
        }
    }

    private static void AppendClassChar(StringBuilder sb, int code)
    {
        if (code is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9') sb.Append((char)code);
        else if (code <= 0xFF) sb.Append(CultureInfo.InvariantCulture, $"\\x{code:X2}");
        else if (code <= 0xFFFF) sb.Append(CultureInfo.InvariantCulture, $"\\u{code:X4}");
        else throw new NotSupportedException($"character U+{code:X} is beyond what a byte-mode pattern can hold");
    }
}
