using CsCheck;

namespace ProRT.Tests.Fuzzing;

/// <summary>Generators of optional values: absent about a third of the time.</summary>
internal static class Optional
{
    public static Gen<T?> Value<T>(Gen<T> gen) where T : struct =>
        Gen.Frequency((1, Gen.Const((T?)null)), (2, gen.Select(v => (T?)v)));

    public static Gen<T?> Reference<T>(Gen<T> gen) where T : class =>
        Gen.Frequency((1, Gen.Const((T?)null)), (2, gen.Select(v => (T?)v)));
}
