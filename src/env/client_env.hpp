#pragma once
// The variables each kind's own clients read — libpq's PG*, the mysql client's MYSQL_*, REDIS_URL,
// MEMCACHED_SERVERS, the AWS SDKs' AWS_* — set only where they name one service without doubt.

#include "env/connection_env.hpp"

#include <vector>

namespace dtx::env {

// Appends to out.vars the client variables of every kind that has exactly one service with a
// published main port, DATABASE_URL when there is exactly one SQL database, AWS_ENDPOINT_URL when
// exactly one s3 or dynamodb service; AWS keys and region when the s3/dynamodb services agree on
// them. For each group left out because several services could be meant, appends to out.notes
// what was not set, why, and which DTX_<SVC>_* variables to use instead.
void add_client_env(const std::vector<ServiceEndpoint>& endpoints, ConnectionEnv& out);

}  // namespace dtx::env
