namespace P2PClinic.Crdt.Tests;

/// <summary>
/// Updates a hostile peer can write by hand (no yjs client makes them), each of which once made
/// the engine hang or do quadratic work: a node must spend bounded work on any input. The work
/// is held by what is deterministic (allocation) or by a bound for "it stalled" far above the
/// time the fixed engine needs, never by a speed figure.
/// </summary>
public class HostileUpdateTests
{
    private static readonly TimeSpan StallBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Merge_OfTwoStructsOfOneClient_WithAGapBeyond32Bits_IsRejected_NotAnEndlessLoop()
    {
        // The gap 1..2^40 became a skip whose 32-bit length wrapped to -1, so the merge never advanced.
        var first = Update.Text(client: 1, clock: 0, "a");
        var far = Update.Gc(client: 1, clock: 1UL << 40, length: 1);

        await Assert.ThrowsAsync<CrdtFormatException>(() => WithinAsync(() => YUpdate.Merge([first, far])));
        await Assert.ThrowsAsync<CrdtFormatException>(() => WithinAsync(() => YUpdate.Merge([far, first])));
    }

    [Fact]
    public async Task ApplyUpdate_OfStructsThatWouldWaitBehindAGapBeyond32Bits_IsRejectedAndLeavesTheDocUnchanged()
    {
        // The far struct waits as pending; a second pending struct is merged with it behind the gap.
        var doc = new Doc();
        doc.ApplyUpdate(Update.Gc(client: 1, clock: 1UL << 40, length: 1));
        var before = doc.EncodeStateAsUpdate();

        await Assert.ThrowsAsync<CrdtFormatException>(() => WithinAsync(() => doc.ApplyUpdate(Update.Text(client: 1, clock: 5, "b"))));

        Assert.Equal(before, doc.EncodeStateAsUpdate());
    }

    [Fact]
    public async Task Merge_OfTwoRunsWhoseLengthsSumBeyond32Bits_KeepsThemApart()
    {
        var left = Update.Gc(client: 1, clock: 0, length: int.MaxValue);
        var right = Update.Gc(client: 1, clock: int.MaxValue, length: int.MaxValue);

        var merged = await WithinAsync(() => YUpdate.Merge([left, right]));

        Assert.Equal(new Dictionary<uint, long> { [1] = 2L * int.MaxValue }, YUpdate.DecodeStateVector(YUpdate.EncodeStateVectorFromUpdate(merged)));
    }

    [Fact]
    public async Task ApplyUpdate_OfManyOverlappingDeleteRanges_WalksTheStructsOnce()
    {
        // 60,000 copies of one range over 20,000 structs walked all of them per range (minutes).
        var doc = new Doc();
        doc.ApplyUpdate(Update.Text(client: 1, clock: 0, new string('x', 40_000)));
        doc.ApplyUpdate(Update.Deletes(client: 1, Enumerable.Range(0, 20_000).Select(i => ((ulong)(2 * i), 1UL))));

        await WithinAsync(() => doc.ApplyUpdate(Update.Deletes(client: 1, Enumerable.Repeat((0UL, 1UL << 40), 60_000))));

        Assert.Equal(string.Empty, doc.GetText("t").ToString());
    }

    [Fact]
    public async Task ApplyUpdate_OfADeleteRangePerCharacterOfOneLongInsert_AllocatesLinearly()
    {
        // 80,000 one-character ranges over one 160,000-character insert: each split copied the rest
        // of the string (about 13 GB allocated, 24 s) and shifted the rest of the struct list.
        const int Ranges = 80_000;
        var doc = new Doc(new DocOptions { Gc = false });
        doc.ApplyUpdate(Update.Text(client: 1, clock: 0, new string('x', 2 * Ranges)));
        var deletes = Update.Deletes(client: 1, Enumerable.Range(0, Ranges).Select(i => ((ulong)(2 * i), 1UL)));

        // Counted on the worker that applies: this thread only waits.
        var allocated = await WithinAsync(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            doc.ApplyUpdate(deletes);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });

        Assert.Equal(Ranges, doc.GetText("t").Length);
        Assert.True(allocated < 2_000L * Ranges, $"applying {Ranges} ranges allocated {allocated:N0} bytes");
    }

    private static Task WithinAsync(Action call) => WithinAsync(() =>
    {
        call();
        return 0;
    });

    /// <summary>Runs <paramref name="call"/> on a worker and fails if it has not finished within the stall bound.</summary>
    private static async Task<T> WithinAsync<T>(Func<T> call)
    {
        var task = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            return await task.WaitAsync(StallBound);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the engine did not finish within {StallBound.TotalSeconds} s: it stalls on this input");
            throw;
        }
    }

    /// <summary>Hand-written update v1 bytes (docs/protocol.md: lib0 varUints, struct info bytes).</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ApplyUpdate_OfAStructWhoseMissingPartContinuesAnItemOfAnotherList_KeepsTheDocConsistent(bool gc)
    {
        // Client 1 wrote "ab" into root text t (1:0-1), a nested text under m.n (1:2) and "xyz" into
        // it (1:3-5). The hand-made update has client 2 overwrite m.n (deleting the nested text) and
        // a client-1 struct 1:4-6 "QRS" whose origin 1:1 names t while its one new clock, 1:6,
        // continues 1:5 inside the nested text. It once left a live item in the deleted nested text
        // (its GC threw InvalidOperationException mid-transaction) and counted it in t's length.
        var author = TestDocs.New(1, gc);
        author.GetText("t").Insert(0, "ab");
        author.GetMap("m").Set("n", new YText());
        ((YText)author.GetMap("m").Get("n")!).Insert(0, "xyz");
        var doc = TestDocs.New(9, gc);
        doc.ApplyUpdate(author.EncodeStateAsUpdate());
        byte[] forged =
        [
            0x02,
            0x01, 0x02, 0x00, 0x88, 0x01, 0x02, 0x01, 0x77, 0x01, (byte)'v',
            0x01, 0x01, 0x04, 0x84, 0x01, 0x01, 0x03, (byte)'Q', (byte)'R', (byte)'S',
            0x00,
        ];

        doc.ApplyUpdate(forged);

        Assert.Equal("ab", doc.GetText("t").ToString());
        Assert.Equal(2, doc.GetText("t").Length);
        Assert.Equal("v", doc.GetMap("m").Get("n"));
        var reloaded = TestDocs.New(10, gc);
        reloaded.ApplyUpdate(doc.EncodeStateAsUpdate());
        Assert.Equal(doc.EncodeStateAsUpdate(), reloaded.EncodeStateAsUpdate());
        Assert.Equal(2, reloaded.GetText("t").Length);
    }

    private static class Update
    {
        /// <summary>One string item at the start of root text "t" (info 0x04, parent given by root name).</summary>
        public static byte[] Text(uint client, ulong clock, string text) =>
            Structs(client, clock, b =>
            {
                b.Add(0x04);
                VarUint(b, 1);
                String(b, "t");
                String(b, text);
            });

        /// <summary>One GC struct (info 0x00) of <paramref name="length"/> clocks.</summary>
        public static byte[] Gc(uint client, ulong clock, ulong length) =>
            Structs(client, clock, b =>
            {
                b.Add(0x00);
                VarUint(b, length);
            });

        /// <summary>No structs, a delete set of <paramref name="ranges"/> for one client.</summary>
        public static byte[] Deletes(uint client, IEnumerable<(ulong Clock, ulong Length)> ranges)
        {
            var list = ranges.ToList();
            var b = new List<byte>();
            VarUint(b, 0);
            VarUint(b, 1);
            VarUint(b, client);
            VarUint(b, (ulong)list.Count);
            foreach (var (clock, length) in list)
            {
                VarUint(b, clock);
                VarUint(b, length);
            }

            return [.. b];
        }

        private static byte[] Structs(uint client, ulong clock, Action<List<byte>> writeStruct)
        {
            var b = new List<byte>();
            VarUint(b, 1);
            VarUint(b, 1);
            VarUint(b, client);
            VarUint(b, clock);
            writeStruct(b);
            VarUint(b, 0);
            return [.. b];
        }

        private static void VarUint(List<byte> b, ulong value)
        {
            while (value > 0x7F)
            {
                b.Add((byte)(0x80 | (value & 0x7F)));
                value >>= 7;
            }

            b.Add((byte)value);
        }

        private static void String(List<byte> b, string s)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(s);
            VarUint(b, (ulong)utf8.Length);
            b.AddRange(utf8);
        }
    }
}
