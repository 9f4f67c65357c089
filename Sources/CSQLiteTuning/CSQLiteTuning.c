#include "CSQLiteTuning.h"
#include <sqlite3.h>

int huifang_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int64_t huifang_sqlite_memory_used(void) {
    return sqlite3_memory_used();
}
