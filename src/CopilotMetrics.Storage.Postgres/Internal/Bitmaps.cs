using System.Collections;

namespace CopilotMetrics.Storage.Postgres.Internal;

/// <summary>
/// A set of user ordinals stored as <c>bit varying(8192)</c> blocks: block b holds ordinals 8192*b .. 8192*b+8191, and
/// empty blocks are left out. Every stored block has exactly 8192 bits, so <c>bit_or</c> and <c>&amp;</c> apply across rows.
/// </summary>
internal sealed class UserBitmap
{
    public const int BlockBits = 8192;
    private const int BlockBytes = BlockBits / 8;

    private readonly Dictionary<int, byte[]> _blocks = [];

    public int Count { get; private set; }

    public void Set(int ordinal)
    {
        var block = ordinal / BlockBits;
        if (!_blocks.TryGetValue(block, out var bytes))
        {
            _blocks[block] = bytes = new byte[BlockBytes];
        }

        var bit = ordinal % BlockBits;
        var mask = (byte)(1 << (bit & 7));
        if ((bytes[bit >> 3] & mask) == 0)
        {
            bytes[bit >> 3] |= mask;
            Count++;
        }
    }

    /// <summary>The non-empty blocks, ascending, as the <see cref="BitArray"/> values Npgsql writes to <c>bit varying</c>.</summary>
    public IEnumerable<(int Block, BitArray Bits)> Blocks()
    {
        foreach (var block in _blocks.Keys.Order())
        {
            yield return (block, new BitArray(_blocks[block]));
        }
    }
}
