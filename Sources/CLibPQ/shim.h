// libpq, PostgreSQL's C client library (Debian: libpq-dev), for the PostgreSQL store driver.
#ifndef HUIFANG_CLIBPQ_SHIM_H
#define HUIFANG_CLIBPQ_SHIM_H

#include <libpq-fe.h>

#endif
