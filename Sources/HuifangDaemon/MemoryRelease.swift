#if canImport(Glibc)
import Glibc
#endif

/// Keeps the daemon's resident memory near what it uses (issue 17: a holiday burst over a
/// million customers within 150 MB). glibc gives each thread that allocates its own arena,
/// up to eight per core, and keeps what is freed in them: after a planning run over many
/// customers, or a long burst, the memory stays resident though nothing holds it.
///
/// `mallopt` and `malloc_trim` are glibc's (malloc.h, which the Glibc module does not
/// export): looked up once by name; elsewhere they are absent and nothing happens.
enum MemoryRelease {
    /// Customers read by one planning run past which its freed memory is handed back.
    static let largeRun = 10_000

    /// Two arenas, one per core here, instead of up to sixteen: set before threads start.
    static func limitArenas() {
        let arenaMax: Int32 = -8   // M_ARENA_MAX in malloc.h
        _ = functions.mallopt?(arenaMax, 2)
    }

    /// Hands memory freed by a large piece of work back to the system.
    static func trim() { _ = functions.mallocTrim?(0) }

    private struct Functions: @unchecked Sendable {
        var mallopt: (@convention(c) (Int32, Int32) -> Int32)?
        var mallocTrim: (@convention(c) (Int) -> Int32)?
    }

    private static let functions: Functions = {
        #if canImport(Glibc)
        let handle = dlopen(nil, RTLD_NOW)
        return Functions(mallopt: dlsym(handle, "mallopt").map { unsafeBitCast($0, to: (@convention(c) (Int32, Int32) -> Int32).self) },
                         mallocTrim: dlsym(handle, "malloc_trim").map { unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self) })
        #else
        return Functions()
        #endif
    }()
}
