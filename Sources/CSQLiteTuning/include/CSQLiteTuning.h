// Process-wide SQLite settings, made before the library first initializes. sqlite3_config
// is variadic, so Swift cannot call it; these typed wrappers can be.
#ifndef HUIFANG_CSQLITETUNING_H
#define HUIFANG_CSQLITETUNING_H

#include <stdint.h>

// Stops SQLite counting the memory it allocates. Returns 0 (SQLITE_OK) when it took
// effect, non-zero once the library has initialized (then nothing changes).
int huifang_sqlite_disable_memory_statistics(void);

// The bytes SQLite counts as allocated: always 0 while the counting is off.
int64_t huifang_sqlite_memory_used(void);

#endif
