namespace P2PClinic.Bench.Node.Internal;

/// <summary>Repeated measurements of one quantity; reported as the median with the range.</summary>
internal sealed class Samples(IEnumerable<double> values)
{
    private readonly double[] _sorted = values.Order().ToArray();

    public int Count => _sorted.Length;

    public double Median => _sorted.Length == 0
        ? double.NaN
        : _sorted.Length % 2 == 1
            ? _sorted[_sorted.Length / 2]
            : (_sorted[(_sorted.Length / 2) - 1] + _sorted[_sorted.Length / 2]) / 2;

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];
}
