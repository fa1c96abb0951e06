namespace CopilotMetrics.Testing.Internal;

/// <summary>
/// A small, fast pseudo-random generator (SplitMix64) whose output is fixed by its seed on every runtime, platform
/// and process, unlike <see cref="Random"/> (whose algorithm is an implementation detail) and
/// <see cref="string.GetHashCode()"/> (randomized per process). Only exactly-rounded IEEE operations
/// (+, -, *, /) are used on the doubles it produces, so derived values are reproducible bit for bit.
/// </summary>
internal struct DeterministicRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const double DoubleUnit = 1.0 / (1UL << 53);
    private ulong _state;

    public DeterministicRandom(ulong seed) => _state = seed;

    /// <summary>The SplitMix64 finalizer: a bijective, well-avalanching 64-bit mixer.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Combines a hash with one more value (order matters).</summary>
    public static ulong Combine(ulong hash, ulong value) => Mix(hash ^ Mix(value + Golden));

    /// <summary>A seed for the generator of (stream, entity, day) under a seed hash.</summary>
    public static ulong Hash(ulong seedHash, ulong stream, long entity, long day) =>
        Combine(Combine(Combine(seedHash, stream), unchecked((ulong)entity)), unchecked((ulong)day));

    public ulong NextUInt64()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * DoubleUnit;

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>); <paramref name="maxExclusive"/> must be positive.</summary>
    public int Next(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Between(double min, double max) => min + ((max - min) * NextDouble());

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A right-skewed factor with mean 1 and range [0, 3): most draws are small, a few are large.</summary>
    public double Skewed()
    {
        var u = NextDouble();
        return 3.0 * u * u;
    }

    /// <summary>Picks an index with probability proportional to its (non-negative integer) weight.</summary>
    public int PickWeighted(ReadOnlySpan<int> weights, int totalWeight)
    {
        var x = Next(totalWeight);
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
