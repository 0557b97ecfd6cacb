// The scenario classes drive real containers on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
