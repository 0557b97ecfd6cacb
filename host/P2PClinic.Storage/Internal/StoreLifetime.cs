namespace P2PClinic.Storage.Internal;

/// <summary>
/// Guards the native database handle: RocksDB calls on a closed handle crash the process, so every
/// operation runs inside a shared section and closing (or a scrub, which must see no open snapshot
/// or iterator) takes the exclusive one. Sections never span an await.
/// </summary>
internal sealed class StoreLifetime : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);
    private bool _closed;

    public SharedSection EnterShared()
    {
        _lock.EnterReadLock();
        if (_closed)
        {
            _lock.ExitReadLock();
            throw new ObjectDisposedException(nameof(DocumentStore), "The document store is closed.");
        }

        return new SharedSection(_lock);
    }

    public ExclusiveSection EnterExclusive()
    {
        _lock.EnterWriteLock();
        if (_closed)
        {
            _lock.ExitWriteLock();
            throw new ObjectDisposedException(nameof(DocumentStore), "The document store is closed.");
        }

        return new ExclusiveSection(_lock);
    }

    /// <summary>Waits for running operations, then marks the store closed. Returns false if it already was.</summary>
    public bool Close()
    {
        _lock.EnterWriteLock();
        try
        {
            var wasOpen = !_closed;
            _closed = true;
            return wasOpen;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    public readonly struct SharedSection(ReaderWriterLockSlim owner) : IDisposable
    {
        public void Dispose() => owner.ExitReadLock();
    }

    public readonly struct ExclusiveSection(ReaderWriterLockSlim owner) : IDisposable
    {
        public void Dispose() => owner.ExitWriteLock();
    }
}
